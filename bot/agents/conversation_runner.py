"""Runs a declared conversation (bot/conversation.py) on the Agents SDK host, its state in an Agents SDK Storage.

Why not microsoft-agents-hosting-dialogs: that package is a port of botbuilder-dialogs (DialogSet, waterfalls,
TextPrompt, a DialogState serialised into storage). The intake conversation is declared as data (the questions in
order, a check and an update per answer, the finish, the cancel words), so running it takes one small state
machine: ask the next needed question, check the answer (the retry message when not accepted), apply it, and
finish. That state machine says exactly what the botbuilder ConversationDialog does (dialogs/intake_dialog.py),
with no dialog stack to keep compatible, and its stored state is the draft as plain JSON plus the question open.

Behaviour shared with the botbuilder host: the channel hint is added to a prompt outside 1:1 chats; an answer not
accepted gets the question's retry message and the question stays open; the finish runs with the actor of the
answering turn and its reply is sent like any other; if the finish fails the question stays open (the state is
deleted only after the reply went out).
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from microsoft_agents.hosting.core import Storage

from bot.agents.storage import JsonDocument
from bot.conversation import Conversation, draft_from_state, draft_to_state
from bot.deps import Deps
from bot.domain.intake import Draft, Missing
from bot.texts import t
from bot.turn import Actor, Reply


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

    async def answer(self, turn: ConversationTurn, text: str) -> None:
        """`text` answers the open question (mentions already stripped)."""
        state = await self._read(turn.key)
        if state is None:
            return
        index = next((i for i, (m, _) in enumerate(self._order) if m.value == state.get("asking")), None)
        if index is None:  # a question this release no longer declares: start over from the first needed one
            await self._ask_from(turn, state, 0)
            return
        question = self._order[index][1]
        if not question.accept(text):
            await turn.say(Reply(text=t(question.retry, turn.locale, **question.retry_params)))
            return
        draft = question.apply(draft_from_state(state), text)
        await self._ask_from(turn, {**state, "draft": draft_to_state(draft, ())["draft"]}, index + 1)

    async def _ask_from(self, turn: ConversationTurn, state: dict[str, Any], start: int) -> None:
        for missing, question in self._order[start:]:
            if missing.value in state["needs"]:
                await self._storage.write({turn.key: JsonDocument({**state, "asking": missing.value})})
                hint = "" if turn.personal or not question.channel_hint else t(question.channel_hint, turn.locale)
                await turn.say(Reply(text=t(question.prompt, turn.locale) + hint))
                return
        reply = await self._conversation.finish(await turn.actor(), draft_from_state(state), self._deps)
        await turn.say(reply)
        await self._storage.delete([turn.key])

    async def _read(self, key: str) -> dict[str, Any] | None:
        found = await self._storage.read([key], target_cls=JsonDocument)
        return found[key].data if key in found else None
