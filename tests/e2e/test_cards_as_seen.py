"""Cards as a city hall employee sees them in Teams (the playground's Teams renderer, Japanese UI).

- what a requester typed is shown as typed: `**太字**`, `[リンク](http://…)`, `<at>…</at>` and `_…_` stay text on
  the status card and in 詳細 — no bold, no link, no vanished tag;
- 担当する leaves the card of the one who clicked it (the card then shows them as 担当者);
- every row of 一覧 has 開く, which turns the list into that consultation's status card;
- the summary card's charts of counts show no fractional ticks (0.75, 1.5, 2.25).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Locator

    from tests.support.playground_ui import Ui

PERSONAL_CHAT = "Personal Chat"
USER_NAME = "山田 花子"  # currentUser in scripts/playground.yml, in SUPPORT_TEAM_IDS
DEPARTMENT = "総務課"
TYPED = "**太字** [リンク](http://evil.example) <at>山田</at> _斜体_ \\(^o^)/"
PLAIN_PART = "紙の申請が月200件あります"
MARKDOWN_REQUEST = f"申請書の押印を廃止して、決裁ルートを見直したいです。{PLAIN_PART}。{TYPED}"
BPR_TEXT = "申請書の押印を廃止して、決裁ルートを見直したいです。紙の申請が月200件あり、窓口で毎日確認しています。"
APP_TEXT = "Power Appsで備品の貸出管理アプリを作りたいです。今は紙の台帳で、貸出状況が分かりません。"

# In-page probe: the markup markdown would have produced inside the card's text elements.
_MARKUP = ", ".join(f".ac-textBlock {tag}" for tag in ("a", "strong", "em", "b", "i", "ul", "ol", "code", "img"))
_JS_MARKUP = f"el => [...el.querySelectorAll('{_MARKUP}')].map(e => e.outerHTML)"


def markup_in(card: Locator) -> list[str]:
    return card.evaluate(_JS_MARKUP)


def test_what_a_requester_typed_is_shown_as_typed(ui: Ui) -> None:
    ui.open_conversation(PERSONAL_CHAT)
    with ui.step("a request with markdown + 所属 -> status card"):
        ui.send(MARKDOWN_REQUEST)  # the chat shows the user's own message formatted: find it by its plain words
        ui.wait_bot_reply(PLAIN_PART, lambda m: not m.has_card and "所属" in m.text, "the department question")
        ui.send(DEPARTMENT)
        reply = ui.wait_bot_reply(DEPARTMENT, lambda m: m.has_card, "the bot's status card")
        message = ui.message(reply.index)
        number = ui.wait_status_card(message, status="受付")
    card = ui.card_in(message)
    with ui.step("the status card shows the typed characters, and no bold, link or italics"):
        ui.wait_card(message, "the request shown as typed", texts=(MARKDOWN_REQUEST,))
        assert markup_in(card.first) == []

    with ui.step("詳細 <number> -> the details card shows it as typed too"):
        ui.send(f"詳細 {number}")
        reply = ui.wait_bot_reply(f"詳細 {number}", lambda m: m.has_card, "the details card")
        details = ui.message(reply.index)
        ui.wait_card(details, "the details card with the request as typed", texts=(f"相談 {number} の詳細", TYPED))
        assert markup_in(ui.card_in(details).first) == []


def test_take_it_leaves_the_card_of_the_one_who_took_it(ui: Ui) -> None:
    ui.open_conversation(PERSONAL_CHAT)
    with ui.step("consultation + 所属 -> status card with 担当する"):
        message, _ = ui.new_consultation(BPR_TEXT, DEPARTMENT)
        ui.wait_card(message, "the new card offering 担当する", buttons=("担当する",))
    with ui.step("担当する -> the card shows the user as 担当者 and no 担当する"):
        ui.card_in(message).get_by_role("button", name="担当する", exact=True).click()
        ui.wait_card(
            message,
            "the card of the new assignee",
            facts={"担当者": USER_NAME, "状況": "担当決定"},
            buttons=("対応中", "完了"),
            no_buttons=("担当する",),
        )


def test_rows_of_the_list_open_their_card(ui: Ui) -> None:
    ui.open_conversation(PERSONAL_CHAT)
    with ui.step("two consultations"):
        _, bpr_number = ui.new_consultation(BPR_TEXT, DEPARTMENT)
        _, app_number = ui.new_consultation(APP_TEXT)
    with ui.step("一覧 -> every row has 開く"):
        ui.send("一覧")
        reply = ui.wait_bot_reply("一覧", lambda m: m.has_card, "the queue card after 一覧")
        queue = ui.message(reply.index)
        content = ui.wait_card(queue, "the queue with both rows", texts=(bpr_number, app_number))
        assert content["buttons"].count("開く") == 2, content["buttons"]
    with ui.step("開く on the BPR row -> that consultation's status card"):
        rows = [n for text in content["texts"] for n in re.findall(r"R\d+-\d{4}", text)]  # in display order
        opens = ui.card_in(queue).first.get_by_role("button", name="開く", exact=True)
        opens.nth(rows.index(bpr_number)).click()
        ui.wait_status_card(queue, status="受付", number=bpr_number, buttons=("担当する", "完了"))
        ui.wait_card(queue, "the status card in place of the list", facts={"所属": DEPARTMENT}, absent=(app_number,))


def test_summary_charts_of_counts_show_whole_numbers(ui: Ui) -> None:
    ui.open_conversation(PERSONAL_CHAT)
    with ui.step("three consultations (counts of 3 would be ticked 0.75, 1.5, 2.25)"):
        ui.new_consultation(BPR_TEXT, DEPARTMENT)
        ui.new_consultation(BPR_TEXT.replace("200", "300"))
        ui.new_consultation(BPR_TEXT.replace("200", "400"))
    with ui.step("集計 -> the summary card with its charts"):
        ui.send("集計")
        reply = ui.wait_bot_reply("集計", lambda m: m.has_card, "the summary card")
        summary = ui.message(reply.index)
        ui.wait_card(summary, "the summary card", texts=("DX相談 集計",))
        card = ui.card_in(summary).first
        ui.wait_for(lambda: card.locator("svg").count() > 0, "the charts to be drawn")
        drawn = card.evaluate("el => [...el.querySelectorAll('svg')].map(s => s.textContent).join(' ')")
        assert not re.search(r"\d\.\d", drawn), f"fractional numbers in the charts: {drawn!r}"
