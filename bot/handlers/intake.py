"""The default route: free text becomes a consultation, or the intake dialog asks for what is missing."""

from dataclasses import replace
from typing import TYPE_CHECKING

from bot.cards.status_card import status_card
from bot.deps import Deps
from bot.domain.consultation import Consultation
from bot.domain.intake import MAX_BODY_CHARS, Draft, Missing, clean_text, missing, too_long
from bot.services import intake
from bot.texts import t
from bot.turn import Actor, MessageInput, Reply

if TYPE_CHECKING:
    from bot.routing import Router


async def take_in(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    if too_long(message.text):
        return Reply.message(t("intake.too_long", actor.locale, length=len(message.text), limit=MAX_BODY_CHARS))
    body = clean_text(message.text)
    if not body:
        return Reply.message(t("intake.empty", actor.locale))
    department = await intake.department_of(deps.uow, actor.id)
    draft = Draft(body=body, department=department, place=message.place, source_id=message.activity_id)
    needs = missing(draft)
    if not message.personal and Missing.DETAILS not in needs:
        needs = []  # in a channel, a clear request is taken at once: asking would need an @mention to answer
    if needs:
        return Reply(ask=tuple(needs), draft=draft)
    return await create(actor, draft, deps)


async def create(actor: Actor, draft: Draft, deps: Deps) -> Reply:
    """Create the consultation and answer with its status card (also used by the intake dialog)."""
    c, _ = await intake.create_consultation(
        deps.uow, draft, actor.person, classify=deps.classify, now=deps.clock.now(), tz=deps.tz
    )
    return created_reply(c, actor)


def created_reply(c: Consultation, actor: Actor) -> Reply:
    text = t("notice.created", actor.locale, number=c.number)
    return Reply(text=text, card=status_card(c, actor.locale), consultation_id=c.id)


def with_department(draft: Draft, department: str) -> Draft:
    return replace(draft, department=clean_text(department))


def register(router: "Router") -> None:
    router.default(take_in)
