"""`Ui`, a driver for the Teams UI of the Microsoft 365 Agents Playground (tests/e2e and tests/e2e/screenshots.py):
it types, clicks and waits for what a city hall employee would see, and fails fast on a bot error (read from the
playground's log WebSocket). UI selectors and timings: shared/PLAYGROUND.md, sections 4 and 5.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Locator, Page, Route, WebSocket

T = TypeVar("T")

SUPPORT_TEAM_ID = "00000000-0000-0000-0000-000000000020"  # currentUser.aadObjectId in scripts/playground.yml

STEP_TIMEOUT_S = 15.0
POLL_MS = 100
COMPOSER = '[data-lexical-editor="true"][role="textbox"]'
OUTER_CARD = ".ac-adaptiveCard:not(.ac-adaptiveCard .ac-adaptiveCard)"
MESSAGE_HEADER = '[aria-label="Message header"]'  # personal and group chats: one per message, user's and bot's
PLAYGROUND_NAME = "Microsoft 365 Agents Playground"
BOT_SIDE = "User Application"

CONSULTATION_NUMBER = re.compile(r"R\d+-\d{4}")
CATEGORIES = ("業務改善", "アプリ")
_STATUS_LABEL = re.compile(r"^\s*(?:状況|状態|ステータス)\s*[:：]?\s*")
_EDGE_SYMBOLS = re.compile(r"^[\W_]+|[\W_]+$")

# In-page helpers: each chat message in display order; a card's texts and buttons.
_JS_MESSAGES = """(els, bot) => els.map(e => {
    const author = e.querySelector('[aria-label="Message author"]');
    return {bot: !!author && author.innerText.trim() === bot, text: e.innerText,
            card: !!e.querySelector('.ac-adaptiveCard')};
})"""
_JS_CARD_CONTENT = """el => ({
    texts: [...el.querySelectorAll('.ac-textBlock')].map(e => e.innerText.trim()).filter(Boolean),
    buttons: [...el.querySelectorAll('button')].map(b => (b.getAttribute('aria-label') || b.innerText).trim()),
})"""


@dataclass(frozen=True)
class ChatMessage:
    """One message of a personal or group chat, in display order."""

    index: int
    from_bot: bool
    text: str
    has_card: bool


@dataclass(repr=False)
class Ui:
    """Drives the playground's Teams UI for one test; every wait also fails fast on a bot error."""

    page: Page
    origin: str
    bot_name: str
    test_name: str
    timings: list[tuple[str, str, float]]
    started_ms: float
    bot_errors: list[str] = field(default_factory=list)
    connector_errors: list[str] = field(default_factory=list)
    exchanges: list[dict] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def __repr__(self) -> str:  # pytest --showlocals prints it
        return f"Ui({self.origin}, bot errors: {len(self.bot_errors)}, page errors: {len(self.page_errors)})"

    # -- wiring --

    def on_request(self, route: Route) -> None:
        parts = urlsplit(route.request.url)
        if f"{parts.scheme}://{parts.netloc}" == self.origin:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def on_websocket(self, ws: WebSocket) -> None:
        if urlsplit(ws.url).path == "/_ws/log/stream":
            ws.on("framereceived", self.on_log_frame)

    def on_log_frame(self, payload: str | bytes) -> None:
        try:
            entry = json.loads(payload).get("log") or {}
        except (ValueError, AttributeError):
            return
        if entry.get("timestamp", 0) < self.started_ms:  # replayed from before this test
            return
        response = entry.get("response") or {}
        code = response.get("statusCode")
        if entry.get("from") == PLAYGROUND_NAME and entry.get("to") == BOT_SIDE:
            self.exchanges.append(entry)
            if isinstance(code, int) and code >= 400:
                body = json.dumps(response.get("body"), ensure_ascii=False)[:800]
                self.bot_errors.append(f"{entry.get('activityName')} -> HTTP {code}: {body}")
        elif isinstance(code, int) and code >= 400:
            self.connector_errors.append(f"bot called {entry.get('activityName')} -> HTTP {code}")

    # -- waiting and timing --

    def check_bot_errors(self) -> None:
        if self.bot_errors:
            pytest.fail(
                "the bot answered the playground with an error:\n  " + "\n  ".join(self.bot_errors), pytrace=False
            )

    def wait_for(
        self, probe: Callable[[], T | None], what: str, timeout: float = STEP_TIMEOUT_S, seen: Callable[[], str] = str
    ) -> T:
        """Poll `probe` until it returns something truthy; fail on timeout (adding `seen()`) or on a bot error."""
        deadline = time.monotonic() + timeout
        while True:
            self.check_bot_errors()
            value = probe()
            if value:
                return value
            if time.monotonic() > deadline:
                pytest.fail(
                    f"timed out after {timeout:.0f} s waiting for {what}{seen()}{self.traffic()}", pytrace=False
                )
            self.page.wait_for_timeout(POLL_MS)  # lets Playwright deliver WebSocket frames meanwhile

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[None]:
        start = time.monotonic()
        yield
        self.timings.append((self.test_name, name, time.monotonic() - start))

    def load(self) -> None:
        with self.step("UI ready (goto -> composer + personal chat installed)"):
            self.page.goto(self.origin)
            self.page.locator(COMPOSER).last.wait_for(timeout=30_000)
            # The UI installs the bot in the personal chat at every load; wait for the bot to have answered it,
            # so that a welcome message can never be taken for a reply.
            self.wait_for(lambda: self.answered("conversationUpdate"), "the bot to answer conversationUpdate", 30)

    def traffic(self, last: int = 6) -> str:
        """The last exchanges playground -> bot (activity, HTTP status, ms since the test began) and any connector or
        page error: what a timeout message needs to tell a lost message from a slow or failing bot."""
        rows = [
            f"{e.get('activityName')} -> {(e.get('response') or {}).get('statusCode', 'no answer yet')}"
            f" at +{e.get('timestamp', self.started_ms) - self.started_ms:.0f} ms"
            for e in self.exchanges[-last:]
        ]
        return (
            f"\n  last exchanges playground -> bot: {rows or 'none'}"
            f"\n  connector errors: {self.connector_errors or 'none'}; page errors: {self.page_errors or 'none'}"
        )

    def answered(self, activity_name: str) -> bool:
        return any(e.get("activityName") == activity_name and e.get("response") for e in self.exchanges)

    # -- conversations --

    def open_conversation(self, name: str) -> None:
        self.page.get_by_role("treeitem", name=name, exact=True).click()
        self.page.locator(COMPOSER).first.wait_for()

    def send(self, text: str) -> None:
        """Type into the chat composer, press Enter, and wait until the chat shows one more message of the user's.

        The composer (a Lexical editor) can still be settling right after the UI opened a conversation: keys typed
        then are lost. So an empty composer is typed into again before Enter, and a message the UI never sent fails
        here, by name, rather than as a missing reply later. (Counted, not matched: the chat shows the user's own
        message formatted, so a text with markdown does not read back as typed.)"""
        composer = self.page.locator(COMPOSER).last
        composer.click()
        self.page.keyboard.type(text)
        if not composer.inner_text().strip():
            composer.click()
            self.page.keyboard.type(text)
        sent_before = self.sent_count()
        self.page.keyboard.press("Enter")
        self.wait_for(lambda: self.sent_count() > sent_before, f"the chat to show the sent message {text[:30]!r}")

    def sent_count(self) -> int:
        """How many messages of the user's the chat shows."""
        return sum(1 for m in self.chat_messages() if not m.from_bot)

    def chat_messages(self) -> list[ChatMessage]:
        rows = self.page.locator(MESSAGE_HEADER).locator("xpath=..").evaluate_all(_JS_MESSAGES, self.bot_name)
        return [ChatMessage(i, r["bot"], r["text"], r["card"]) for i, r in enumerate(rows)]

    def wait_bot_reply(self, after: str, match: Callable[[ChatMessage], bool], what: str) -> ChatMessage:
        """The first bot message, after the user's last message containing `after`, for which `match` holds."""
        replies: list[ChatMessage] = []

        def probe() -> ChatMessage | None:
            nonlocal replies
            messages = self.chat_messages()
            mine = [m.index for m in messages if not m.from_bot and after in m.text]
            replies = [m for m in messages[mine[-1] + 1 :] if m.from_bot] if mine else []
            return next((m for m in replies if match(m)), None)

        def seen() -> str:
            texts = [" ".join(m.text.split())[:300] for m in replies]
            return f"\n  the bot's messages after {after[:30]!r}...: {texts}"

        return self.wait_for(probe, what, seen=seen)

    def message(self, index: int) -> Locator:
        """The chat message at `index` of chat_messages() (messages are only appended, so it stays that message)."""
        return self.page.locator(MESSAGE_HEADER).locator("xpath=..").nth(index)

    @staticmethod
    def card_in(scope: Locator) -> Locator:
        """The outermost Adaptive Card(s) in `scope` (Action.ShowCard renders nested ones)."""
        return scope.locator(OUTER_CARD)

    def new_post_mentioning_bot(self, text: str) -> None:
        """Start a channel post: @mention the bot through the typeahead, then the text, then Post."""
        self.page.locator(COMPOSER).first.click()
        self.page.keyboard.type("@" + self.bot_name[:2])
        self.page.locator('#typeahead-menu [role="menuitem"]', has_text=self.bot_name).click()
        self.page.keyboard.type(" " + text)
        self.page.get_by_role("button", name="Post", exact=True).click()

    def post(self, text: str) -> Locator:
        """A channel post (with its thread of replies) by its text."""
        return self.page.get_by_role("group").filter(has_text=text)

    # -- status cards --

    @staticmethod
    def card_content(card: Locator) -> dict:
        """The card's text elements (TextBlocks, fact titles and values) and its button names."""
        return card.evaluate(_JS_CARD_CONTENT)

    def wait_status_card(
        self,
        scope: Locator,
        *,
        status: str,
        category: str | None = None,
        department: str | None = None,
        buttons: tuple[str, ...] = (),
        number: str | None = None,
    ) -> str:
        """Wait until the card in `scope` (a message, a post) shows a consultation number (`number` if given),
        `status` and the rest. Returns the consultation number."""
        card = self.card_in(scope)
        last: dict = {}

        def problems() -> list[str]:
            return status_card_problems(last, status, category, department, buttons, number) if last else ["no card"]

        def probe() -> dict | None:
            nonlocal last
            if card.count():
                last = self.card_content(card.first)
            return None if problems() else last

        def seen() -> str:
            if not last:
                shown = " ".join(scope.inner_text().split())[:400] if scope.count() == 1 else "(nothing)"
                return f"\n  no card; shown there: {shown}"
            return f"\n  problems: {problems()}\n  card texts: {last.get('texts')}\n  buttons: {last.get('buttons')}"

        content = self.wait_for(probe, f"a status card showing status {status!r}", seen=seen)
        return CONSULTATION_NUMBER.search("\n".join(content["texts"])).group(0)

    # -- helpers for the support-team workflow tests (test_support_workflow.py) and tests/e2e/screenshots.py --

    @staticmethod
    def card_facts(card: Locator) -> list[tuple[str, str]]:
        """The (title, value) pairs of every FactSet in the card, in display order."""
        return [tuple(pair) for pair in card.evaluate(_JS_CARD_FACTS)]

    def wait_card(
        self,
        scope: Locator,
        what: str,
        *,
        texts: tuple[str, ...] = (),
        facts: dict[str, str] | None = None,
        buttons: tuple[str, ...] = (),
        no_buttons: tuple[str, ...] = (),
        absent: tuple[str, ...] = (),
    ) -> dict:
        """Wait until the outermost card in `scope` shows every text in `texts` (each contained in one text element),
        the `facts` (title -> value, exactly), the `buttons`, none of `no_buttons`, and no text element containing
        one of `absent`. Returns its content, with its facts under "facts"."""
        card = self.card_in(scope)
        last: dict = {}

        def problems() -> list[str]:
            if not last:
                return ["no card"]
            shown, pairs = last["texts"], last["facts"]
            out = [f"no text {x!r}" for x in texts if not any(x in s for s in shown)]
            out += [f"fact {k!r} is not {v!r}" for k, v in (facts or {}).items() if (k, v) not in pairs]
            out += [f"no button {b!r}" for b in buttons if b not in last["buttons"]]
            out += [f"has button {b!r}" for b in no_buttons if b in last["buttons"]]
            out += [f"still shows {x!r}" for x in absent if any(x in s for s in shown)]
            return out

        def probe() -> dict | None:
            nonlocal last
            if card.count():
                last = {**self.card_content(card.first), "facts": self.card_facts(card.first)}
            return None if problems() else last

        def seen() -> str:
            if not last:
                return "\n  no card there"
            return (
                f"\n  problems: {problems()}\n  card texts: {last['texts']}\n  facts: {last['facts']}"
                f"\n  buttons: {last['buttons']}"
            )

        return self.wait_for(probe, what, seen=seen)

    def choose(self, scope: Locator, label: str, option: str) -> None:
        """Pick `option` in the compact Input.ChoiceSet (a Fluent combobox) labelled `label` inside `scope`."""
        box = scope.get_by_role("combobox", name=label)
        box.click()
        self.page.get_by_role("option", name=option, exact=True).click()
        self.wait_for(lambda: box.input_value() == option, f"the drop-down {label!r} to show {option!r}")

    def new_consultation(self, text: str, department: str | None = None) -> tuple[Locator, str]:
        """Send a consultation in the current chat; with `department`, expect the 所属 question first and answer it.
        Returns the status card's message and the consultation number."""
        self.send(text)
        if department is not None:
            self.wait_bot_reply(text, lambda m: not m.has_card and "所属" in m.text, "the department question (所属)")
            self.send(department)
            text = department
        reply = self.wait_bot_reply(text, lambda m: m.has_card, "the bot's status card")
        message = self.message(reply.index)
        return message, self.wait_status_card(message, status="受付")


def shown_status(text: str) -> str:
    """'状況：対応中', '【対応中】' and '対応中' all show the status '対応中'."""
    return _EDGE_SYMBOLS.sub("", _STATUS_LABEL.sub("", text.strip()))


def status_card_problems(
    content: dict,
    status: str,
    category: str | None,
    department: str | None,
    buttons: tuple[str, ...],
    number: str | None,
) -> list[str]:
    texts: list[str] = content.get("texts", [])
    joined = "\n".join(texts)
    problems = []
    numbers = CONSULTATION_NUMBER.findall(joined)
    if not numbers:
        problems.append(f"no consultation number matching {CONSULTATION_NUMBER.pattern}")
    elif number and number not in numbers:
        problems.append(f"consultation number {number} is gone (shows {numbers})")
    if not any(shown_status(t) == status for t in texts):
        problems.append(f"no text element showing the status {status!r}")
    if category:
        if category not in joined:
            problems.append(f"category {category!r} not shown")
        problems += [f"also shows the other category {c!r}" for c in CATEGORIES if c != category and c in joined]
    if department and department not in joined:
        problems.append(f"department {department!r} not shown")
    problems += [f"no button {b!r}" for b in buttons if b not in content.get("buttons", [])]
    return problems


# In-page helper for Ui.card_facts: FactSets render as a grid of title and value cells, in reading order.
_JS_CARD_FACTS = """el => {
    const cells = [...el.querySelectorAll('.ac-fact-title, .ac-fact-value')];
    const pairs = [];
    for (let i = 0; i + 1 < cells.length; i += 2) pairs.push([cells[i].innerText.trim(), cells[i + 1].innerText.trim()]);
    return pairs;
}"""
