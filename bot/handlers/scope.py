"""「相談として登録する」 on a 対象外 answer: the text it carries goes through the normal intake (the department
question and the rest), as a new message would, and becomes one consultation however often it is pressed."""

from typing import Any

from bot.cards.scope_card import done_card
from bot.cards.verbs import Verb
from bot.deps import Deps
from bot.domain.intake import MAX_BODY_CHARS, Draft, Missing, clean_text, missing
from bot.domain.scope import turned_away_source
from bot.handlers import intake
from bot.routing import Router
from bot.services import status
from bot.texts import t
from bot.turn import Actor, CardAction, Reply


def _turned_away_id(raw: Any) -> int | None:
    return raw if isinstance(raw, int) and not isinstance(raw, bool) and 0 < raw < 2**31 else None


async def register_anyway(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    inputs = action.inputs
    turned_away_id = _turned_away_id(inputs.get("turned_away_id"))
    text = inputs.get("text")
    body = clean_text(text)[:MAX_BODY_CHARS] if isinstance(text, str) else ""
    if turned_away_id is None or not body:
        return Reply.message(t("scope.unreadable", actor.locale))
    if inputs.get("sender") not in (actor.id, actor.person.teams_id):
        return Reply.message(t("scope.not_yours", actor.locale))
    source = turned_away_source(turned_away_id)
    existing = await status.find_by_source(deps.uow, source)
    if existing is not None:  # pressed again, or delivered again: the one consultation
        said = t("scope.already_registered", actor.locale, number=existing.number)
        return Reply(text=said, shared_card=done_card("scope.already_registered", actor.locale, number=existing.number))
    department = await intake.known_department(actor, deps)
    draft = Draft(body=body, department=department, place=action.place, source_id=source)
    needs = missing(draft)
    if inputs.get("personal") is not True and Missing.DETAILS not in needs:
        needs = []  # in a channel, a clear request is taken at once (as intake.take_in does)
    if needs:
        return Reply(ask=tuple(needs), draft=draft, shared_card=done_card("scope.registering", actor.locale))
    return await intake.create(actor, draft, deps, department_known=True)


def register(router: Router) -> None:
    router.verb(Verb.REGISTER_ANYWAY, register_anyway, needs_id=False, starts_conversation=True)
