"""Runs a declared conversation (bot/conversation.py) on the Agents SDK host, its state in an Agents SDK Storage.

Why not microsoft-agents-hosting-dialogs: that package is a port of botbuilder-dialogs (DialogSet, waterfalls,
TextPrompt, a DialogState serialised into storage). The intake conversation is declared as data (the questions in
order, a check and an update per answer, the finish, the cancel words), so running it takes one small state
machine: ask the next needed question, check the answer (the retry message when not accepted), apply it, and
finish. That state machine says exactly what the botbuilder ConversationDialog does (dialogs/intake_dialog.py),
with no dialog stack to keep compatible, and its stored state is the draft as plain JSON plus the question open.

Behaviour shared with the botbuilder host: the channel hint is added to a prompt outside 1:1 chats; a question with
choices is put as a card with a typeahead picker whose submit answers it (a typed answer is taken too); an answer is
checked (`Question.check`: accepted, then resolved, e.g. to the department master's current name) and one not
accepted gets the question's retry message while the question stays open; an answer that is a new request
(`Question.diverts`) is kept as another draft, said so, and finished with this one; the finish runs with the actor
of the answering turn and its reply is sent like any other; if the finish fails the question stays open (the state is
deleted only after the reply went out).
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from microsoft_agents.hosting.core import Storage

from bot.agents.storage import JsonDocument
from bot.cards.intake_card import question_card
from bot.conversation import Conversation, Question, draft_from_state, draft_to_state
from bot.deps import Deps
from bot.domain.intake import Draft, Missing, clean_text
from bot.texts import t
from bot.turn import Actor, MessageInput, Reply

KEPT = "kept"  # drafts kept from answers that were new requests (as in dialogs/intake_dialog.py)
EXCERPT_CHARS = 30


@dataclass(frozen=True)
class ConversationTurn:
    """What the runner needs of the current turn: where its state is kept, how to answer, who is answering."""

    key: str
    personal: bool
    locale: str
    say: Callable[[Reply], Awaitable[None]]
    actor: Callable[[], Awaitable[Actor]]


def state_key(name: str, activity: Any) -> str:
    """One open conversation per user per conversation (botbuilder's PrivateConversationState scope), under
    `agents/` so the botbuilder host's pickled dialog state is never read here."""
    channel = str(activity.channel_id or "")
    conversation = activity.conversation.id if activity.conversation else ""
    user = activity.from_property.id if activity.from_property else ""
    return f"agents/{channel}/conversations/{conversation}/users/{user}/{name}"


class ConversationRunner:
    def __init__(self, conversation: Conversation, storage: Storage, deps: Deps) -> None:
        self._conversation, self._storage, self._deps = conversation, storage, deps
        self._order = list(conversation.questions.items())

    async def is_open(self, turn: ConversationTurn) -> bool:
        return await self._read(turn.key) is not None

    async def begin(self, turn: ConversationTurn, draft: Draft, needs: tuple[Missing, ...]) -> None:
        await self._ask_from(turn, draft_to_state(draft, needs), 0)

    async def cancel(self, turn: ConversationTurn) -> None:
        await self._storage.delete([turn.key])
        await turn.say(Reply(text=t(self._conversation.cancelled, turn.locale)))

    async def answer(self, turn: ConversationTurn, text: str, message: MessageInput | None = None) -> None:
        """`text` answers the open question (mentions already stripped); `message` is the turn's message (for a
        new request sent instead of an answer, which is kept)."""
        state = await self._read(turn.key)
        if state is None:
            return
        index = next((i for i, (m, _) in enumerate(self._order) if m.value == state.get("asking")), None)
        if index is None:  # a question this release no longer declares: start over from the first needed one
            await self._ask_from(turn, state, 0)
            return
        missing, question = self._order[index]
        checked = await question.check(text, self._deps) if text.strip() else None
        if checked is None:
            if question.diverts is not None and question.diverts(text) and message is not None:
                await self._keep(turn, state, question, text, message)
                return
            await self._put(turn, missing, question, retry=True)
            return
        drafts = [draft_from_state({"draft": d}) for d in state.get(KEPT) or []]
        applied = {
            **state,
            "draft": _data(question.apply(draft_from_state(state), checked)),
            KEPT: [_data(question.apply(d, checked)) for d in drafts],
        }
        await self._ask_from(turn, applied, index + 1)

    async def answer_card(self, turn: ConversationTurn, value: dict[str, Any]) -> None:
        """A question card's submit: the answer is the picker's value (under the open question's input id)."""
        state = await self._read(turn.key)
        asking = str(state.get("asking") or "") if state is not None else ""
        submitted = value.get(asking) if asking else None
        await self.answer(turn, submitted if isinstance(submitted, str) else "")

    async def _keep(
        self, turn: ConversationTurn, state: dict[str, Any], question: Question, text: str, message: MessageInput
    ) -> None:
        """A new request sent instead of an answer: keep it as another draft, say so, and put the question again."""
        kept = list(state.get(KEPT) or [])
        missing = next(m for m, q in self._order if q is question)
        if len(kept) >= self._conversation.max_kept:
            await self._put(turn, missing, question, retry=True)
            return
        body = clean_text(text)
        kept.append(_data(Draft(body=body, place=message.place, source_id=message.activity_id)))
        await self._storage.write({turn.key: JsonDocument({**state, KEPT: kept})})
        excerpt = " ".join(body.split())
        excerpt = excerpt if len(excerpt) <= EXCERPT_CHARS else excerpt[: EXCERPT_CHARS - 1] + "…"
        await turn.say(Reply(text=t(question.diverted, turn.locale, count=len(kept) + 1, excerpt=excerpt)))
        await self._put(turn, missing, question)

    async def _put(self, turn: ConversationTurn, missing: Missing, question: Question, *, retry: bool = False) -> None:
        """The question (or, with `retry`, its retry): a card with a typeahead picker when it has choices."""
        hint = "" if turn.personal or not question.channel_hint else t(question.channel_hint, turn.locale)
        choices = await question.choices(self._deps) if question.choices is not None else ()
        if not choices:
            key = question.retry if retry else question.prompt
            await turn.say(Reply(text=t(key, turn.locale, **question.retry_params) + ("" if retry else hint)))
            return
        error = t(question.choices_retry or question.retry, turn.locale, **question.retry_params) if retry else ""
        text = t(question.prompt, turn.locale) + hint
        card = question_card(
            text, missing.value, choices, verb=self._conversation.answer_verb, locale=turn.locale, error=error
        )
        await turn.say(Reply(card=card))

    async def _ask_from(self, turn: ConversationTurn, state: dict[str, Any], start: int) -> None:
        for missing, question in self._order[start:]:
            if missing.value in state["needs"]:
                await self._storage.write({turn.key: JsonDocument({**state, "asking": missing.value})})
                await self._put(turn, missing, question)
                return
        actor = await turn.actor()
        for draft in [draft_from_state(state), *(draft_from_state({"draft": d}) for d in state.get(KEPT) or [])]:
            await turn.say(await self._conversation.finish(actor, draft, self._deps))
        await self._storage.delete([turn.key])

    async def _read(self, key: str) -> dict[str, Any] | None:
        found = await self._storage.read([key], target_cls=JsonDocument)
        return found[key].data if key in found else None


def _data(draft: Draft) -> dict[str, Any]:
    return dict(draft_to_state(draft, ())["draft"])
