"""The intake conversation, declared in one place: free text is taken in (bot/handlers/intake.py); a request too
vague to act on is asked for details, an unknown department is asked for; キャンセル stops it; any command is
answered on the way and the question stays open.

The department question takes only a department: one of the department master's names (current or old, offered
in a typeahead picker) when the master has entries, else a short name shaped like a department's. A new
consultation sent instead is kept (and created with this one once the department is known); anything else is asked
again."""

from collections.abc import Sequence
from dataclasses import replace

from bot.cards.verbs import Verb
from bot.conversation import Conversation, Question
from bot.deps import Deps
from bot.domain.departments import looks_like_consultation
from bot.domain.intake import (
    MAX_DEPARTMENT_CHARS,
    MIN_DETAIL_CHARS,
    Draft,
    Missing,
    clean_line,
    content_length,
)
from bot.handlers import intake
from bot.routing import Router
from bot.services import departments
from bot.texts import t
from bot.turn import Actor, CardAction, MessageInput, Reply

CANCEL = ("キャンセル", "cancel", "中止")


def enough_details(answer: str) -> bool:
    return content_length(answer) >= MIN_DETAIL_CHARS


def department_given(answer: str) -> bool:
    return bool(clean_line(answer, MAX_DEPARTMENT_CHARS))


def with_department(draft: Draft, answer: str) -> Draft:
    return replace(draft, department=clean_line(answer, MAX_DEPARTMENT_CHARS))


async def department_named(answer: str, deps: Deps) -> str | None:
    """The department the answer names (the master's current name), or None when it names none."""
    return (await departments.check(deps.uow, answer)).name or None


async def department_choices(deps: Deps) -> Sequence[str]:
    return await departments.choices(deps.uow)


INTAKE = Conversation(
    name="intake",
    entry=intake.take_in,
    questions={
        Missing.DETAILS: Question(
            prompt="intake.ask_details",
            retry="intake.still_too_short",
            accept=enough_details,
            apply=Draft.with_details,
            channel_hint="intake.mention_hint",
            retry_params={"min": MIN_DETAIL_CHARS},
        ),
        Missing.DEPARTMENT: Question(
            prompt="intake.ask_department",
            retry="question.department_retry",
            accept=department_given,
            apply=with_department,
            resolve=department_named,
            choices=department_choices,
            choices_retry="question.department_retry_choices",
            diverts=looks_like_consultation,
            diverted="question.department_diverted",
        ),
    },
    finish=intake.create,
    cancel=CANCEL,
    cancelled="intake.cancelled",
    commands_interrupt=True,
    answer_verb=Verb.ANSWER,
)


async def nothing_to_cancel(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    """キャンセル outside the conversation (inside it, the host ends the conversation instead)."""
    return Reply.message(t("intake.nothing_to_cancel", actor.locale))


async def no_open_question(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    """A question card submitted when its question is no longer open (answered, cancelled)."""
    return Reply.message(t("question.closed", actor.locale))


def register(router: Router) -> None:
    router.default(INTAKE.entry)
    router.command(INTAKE.cancel, nothing_to_cancel)
    router.verb(INTAKE.answer_verb, no_open_question, needs_id=False)
