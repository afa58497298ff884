"""Card verbs of the status card: assign to me, 対応中, 保留, 完了, 再開, 区分変更, refresh."""

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from bot.cards.status_card import status_card
from bot.cards.verbs import Verb
from bot.deps import Deps
from bot.domain import consultation as lifecycle
from bot.domain.consultation import Consultation, Status
from bot.domain.errors import ConsultationError, NotAllowed
from bot.services import status
from bot.texts import t
from bot.turn import Actor, CardAction, Reply

if TYPE_CHECKING:
    from bot.routing import Router, VerbHandler


Notice = Callable[[Consultation], str]


async def _work(actor: Actor, action: CardAction, deps: Deps, change: status.Action, notice: Notice) -> Reply:
    """Run a support-team action and answer with the refreshed card; expected errors show the current card."""
    if action.consultation_id is None:
        return Reply.bad_request(t("error.invalid_input", actor.locale))
    try:
        if not actor.is_support:
            raise NotAllowed()
        updated = await status.apply(deps.uow, action.consultation_id, change)
    except ConsultationError as e:
        return await _refused(actor, action.consultation_id, e, deps)
    return Reply(card=status_card(updated, actor.locale, notice=notice(updated)))


async def _refused(actor: Actor, consultation_id: int, error: ConsultationError, deps: Deps) -> Reply:
    current: Consultation | None = getattr(error, "current", None)
    if current is None:
        try:
            current = await status.get(deps.uow, consultation_id)
        except ConsultationError:
            return Reply.message(t("error.not_found", actor.locale, number=f"#{consultation_id}"))
    notice = t(error.key, actor.locale, **error.params)
    return Reply(text=notice, card=status_card(current, actor.locale, notice=notice))


def _status_verb(target: Status) -> "VerbHandler":
    async def handler(actor: Actor, action: CardAction, deps: Deps) -> Reply:
        change = partial(lifecycle.change_status, target=target, actor=actor.person, now=deps.clock.now())
        return await _work(actor, action, deps, change, lambda c: t("notice.status", actor.locale, status=c.status))

    handler.__name__ = f"set_{target.value}"
    return handler


async def assign_self(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    change = partial(lifecycle.assign, assignee=actor.person, actor=actor.person, now=deps.clock.now())
    return await _work(
        actor, action, deps, change, lambda c: t("notice.assigned", actor.locale, name=actor.person.name)
    )


async def reclassify(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    def change(c: Consultation) -> lifecycle.Change:
        return lifecycle.reclassify(c, actor=actor.person, now=deps.clock.now())

    return await _work(
        actor, action, deps, change, lambda c: t("notice.reclassified", actor.locale, category=c.category)
    )


async def refresh(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    if action.consultation_id is None:
        return Reply.bad_request(t("error.invalid_input", actor.locale))
    try:
        current = await status.get(deps.uow, action.consultation_id)
    except ConsultationError as e:
        return Reply.message(t(e.key, actor.locale, number=f"#{action.consultation_id}"))
    return Reply(card=status_card(current, actor.locale))


def register(router: "Router") -> None:
    router.verb(Verb.ASSIGN_SELF, assign_self)
    router.verb(Verb.START, _status_verb(Status.IN_PROGRESS))
    router.verb(Verb.HOLD, _status_verb(Status.ON_HOLD))
    router.verb(Verb.COMPLETE, _status_verb(Status.DONE))
    router.verb(Verb.REOPEN, _status_verb(Status.IN_PROGRESS))
    router.verb(Verb.RECLASSIFY, reclassify)
    router.verb(Verb.REFRESH, refresh)
