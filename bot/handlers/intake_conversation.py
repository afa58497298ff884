"""The intake conversation, declared in one place: free text is taken in (bot/handlers/intake.py); a request too
vague to act on is asked for details, an unknown department is asked for; キャンセル stops it; any command is
answered on the way and the question stays open."""

from dataclasses import replace

from bot.conversation import Conversation, Question
from bot.deps import Deps
from bot.domain.intake import MAX_DEPARTMENT_CHARS, MIN_DETAIL_CHARS, Draft, Missing, clean_line, content_length
from bot.handlers import intake
from bot.routing import Router
from bot.texts import t
from bot.turn import Actor, MessageInput, Reply

CANCEL = ("キャンセル", "cancel", "中止")


def enough_details(answer: str) -> bool:
    return content_length(answer) >= MIN_DETAIL_CHARS


def department_given(answer: str) -> bool:
    return bool(clean_line(answer, MAX_DEPARTMENT_CHARS))


def with_department(draft: Draft, answer: str) -> Draft:
    return replace(draft, department=clean_line(answer, MAX_DEPARTMENT_CHARS))


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
            retry="intake.ask_department",
            accept=department_given,
            apply=with_department,
        ),
    },
    finish=intake.create,
    cancel=CANCEL,
    cancelled="intake.cancelled",
    commands_interrupt=True,
)


async def nothing_to_cancel(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    """キャンセル outside the conversation (inside it, the host ends the conversation instead)."""
    return Reply.message(t("intake.nothing_to_cancel", actor.locale))


def register(router: Router) -> None:
    router.default(INTAKE.entry)
    router.command(INTAKE.cancel, nothing_to_cancel)
