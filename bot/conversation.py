"""The shape of a multi-turn conversation, declared as data (as python-telegram-bot's ConversationHandler): the
route that starts it, the questions it may ask in order, how an answer is checked and applied, how it finishes,
the words that cancel it, and what interrupts it. Framework-free: each host runs a declaration with its own
dialog machinery (dialogs/ for botbuilder)."""

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from bot.deps import Deps
from bot.domain.consultation import Place
from bot.domain.intake import Draft, Missing
from bot.routing import CommandHandler, normalize_word
from bot.turn import Actor, Reply


@dataclass(frozen=True)
class Question:
    """One question: its message, the message when the answer is not accepted, the check, and how an accepted
    answer changes the draft. `channel_hint` is added outside 1:1 chats (an answer there needs an @mention).

    Optional, for answers the store knows about:
    - `resolve`: after `accept`, the answer as it is to be applied (e.g. the department master's current name for an
      old or differently written one), or None when it is not accepted after all;
    - `choices`: offered as a typeahead picker (a small card; a typed answer is still taken) when there are any;
      `choices_retry` is then the card's line when an answer was not accepted;
    - `diverts`: an answer that is not one but a new request. It is kept as another draft (answered and finished
      with this one: nothing is lost), the person is told so (`diverted`, with `count` and `excerpt`), and the
      question is put again.
    """

    prompt: str
    retry: str
    accept: Callable[[str], bool]
    apply: Callable[[Draft, str], Draft]
    channel_hint: str = ""
    retry_params: Mapping[str, object] = field(default_factory=dict)
    resolve: Callable[[str, Deps], Awaitable[str | None]] | None = None
    choices: Callable[[Deps], Awaitable[Sequence[str]]] | None = None
    choices_retry: str = ""
    diverts: Callable[[str], bool] | None = None
    diverted: str = ""

    async def check(self, answer: str, deps: Deps) -> str | None:
        """The answer to apply, or None when it is not accepted."""
        if not self.accept(answer):
            return None
        return answer if self.resolve is None else await self.resolve(answer, deps)


@dataclass(frozen=True)
class Conversation:
    """A conversation starts when `entry` answers with `Reply(ask=..., draft=...)`; the questions named in `ask`
    are put in the order of `questions`; then `finish` gets the completed draft. A message whose first word is in
    `cancel` ends it with the `cancelled` message. With `commands_interrupt`, any other command (ヘルプ, 状況 …)
    is answered as usual and the open question stays open. A question card's submit carries `answer_verb`: it
    answers the open question (and, with no question open, is routed as that verb)."""

    name: str
    entry: CommandHandler
    questions: Mapping[Missing, Question]
    finish: Callable[[Actor, Draft, Deps], Awaitable[Reply]]
    cancel: tuple[str, ...]
    cancelled: str
    commands_interrupt: bool = True
    answer_verb: str = ""
    max_kept: int = 10  # drafts kept from diverted answers, at most

    def answers(self, value: object) -> bool:
        """A card submission (an Action.Submit's value) that answers this conversation's open question."""
        return bool(self.answer_verb) and isinstance(value, dict) and value.get("verb") == self.answer_verb

    def cancels(self, command: str) -> bool:
        return command in {normalize_word(w) for w in self.cancel}

    def asks(self, needs: tuple[str, ...] | list[str]) -> list[tuple[Missing, Question]]:
        """The questions to put for `needs`, in the declared order."""
        return [(m, q) for m, q in self.questions.items() if m.value in needs]


def draft_to_state(draft: Draft, needs: tuple[Missing, ...]) -> dict[str, Any]:
    """Plain JSON for a host's dialog state (no class names stored, so renames cannot break saved dialogs)."""
    data = asdict(draft)
    data["desired_due"] = draft.desired_due.isoformat() if draft.desired_due else ""
    return {"draft": data, "needs": [n.value for n in needs]}


def draft_from_state(state: dict[str, Any]) -> Draft:
    data = dict(state["draft"])
    data["place"] = Place(**data["place"])
    data["desired_due"] = date.fromisoformat(data["desired_due"]) if data["desired_due"] else None
    return Draft(**data)
