"""Card verbs that work a consultation: assign, status, close, reopen, reclassify, withdraw, refresh."""

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from bot.cards.verbs import Verb
from bot.deps import Deps
from bot.domain import consultation as lifecycle
from bot.domain.category import Category
from bot.domain.consultation import Change, Consultation, Outcome, Person, Status
from bot.domain.errors import ConsultationError, InvalidInput, NotAllowed
from bot.handlers.inputs import number, text
from bot.handlers.views import shared_card, tell_requester, viewer_card
from bot.services import corrections, status
from bot.texts import t
from bot.turn import Actor, CardAction, Notice, Reply

if TYPE_CHECKING:
    from bot.routing import Router, VerbHandler

Allowed = Callable[[Actor, Consultation], bool]
Said = Callable[[Consultation], str]
Told = Callable[[Consultation], tuple[Notice, ...]]


def support_only(actor: Actor, c: Consultation) -> bool:
    return actor.is_support


def requester_only(actor: Actor, c: Consultation) -> bool:
    return actor.id == c.requester.id


async def work(
    actor: Actor,
    action: CardAction,
    deps: Deps,
    change: status.Action,
    *,
    said: Said,
    told: Told,
    allowed: Allowed = support_only,
) -> Reply:
    """Check who may do it, apply it to the current state, answer with the new card for the clicker and everyone,
    and tell the requester. Expected errors answer with the current card and the reason."""
    if action.consultation_id is None:
        return Reply.bad_request(t("error.invalid_input", actor.locale))

    def permitted(current: Consultation) -> Change:  # checked on the state the change applies to, in its transaction
        if not allowed(actor, current):
            raise NotAllowed("error.requester_only" if allowed is requester_only else "error.not_allowed")
        return change(current)

    try:
        updated = await status.apply(deps.uow, action.consultation_id, permitted, source_id=action.activity_id)
    except ConsultationError as error:
        return await refused(actor, action.consultation_id, error, deps)
    notice = said(updated)
    return Reply(
        card=await viewer_card(updated, actor, deps, notice),
        shared_card=await shared_card(updated, actor.locale, deps, notice),
        notices=told(updated),
    )


async def refused(actor: Actor, consultation_id: int, error: ConsultationError, deps: Deps) -> Reply:
    """The reason, on the consultation's current card (only for the person who clicked)."""
    reason = t(error.key, actor.locale, **error.params)
    current: Consultation | None = getattr(error, "current", None)
    if current is None:
        try:
            current = await status.get(deps.uow, consultation_id)
        except ConsultationError:
            return Reply.message(t("error.not_found", actor.locale, number=f"#{consultation_id}"))
    return Reply(text=reason, card=await viewer_card(current, actor, deps, reason))


def _status_verb(target: Status) -> "VerbHandler":
    async def handler(actor: Actor, action: CardAction, deps: Deps) -> Reply:
        change = partial(lifecycle.change_status, target=target, actor=actor.person, now=deps.clock.now())
        return await work(
            actor,
            action,
            deps,
            change,
            said=lambda c: t("notice.status", actor.locale, status=c.status),
            told=lambda c: tell_requester(c, actor, "notify.status", status=t(f"status.{c.status}")),
        )

    handler.__name__ = f"set_{target.value}"
    return handler


async def assign_self(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    change = partial(lifecycle.assign, assignee=actor.person, actor=actor.person, now=deps.clock.now())
    return await work(
        actor,
        action,
        deps,
        change,
        said=lambda c: t("notice.assigned", actor.locale, name=actor.person.name),
        told=lambda c: tell_requester(c, actor, "notify.assigned", name=actor.person.name),
    )


async def assign_to(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    chosen = text(action.inputs, "assignee")
    member = next((m for m in await deps.roster.members() if m.id == chosen), None)
    if member is None:
        if action.consultation_id is None:
            return Reply.bad_request(t("error.invalid_input", actor.locale))
        return await refused(actor, action.consultation_id, InvalidInput("error.not_member"), deps)
    assignee = Person(member.id, member.name or member.id, member.teams_id)
    change = partial(lifecycle.assign, assignee=assignee, actor=actor.person, now=deps.clock.now())
    return await work(
        actor,
        action,
        deps,
        change,
        said=lambda c: t("notice.assigned", actor.locale, name=assignee.name),
        told=lambda c: tell_requester(c, actor, "notify.assigned", name=assignee.name),
    )


async def unassign(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    change = partial(lifecycle.unassign, actor=actor.person, now=deps.clock.now())
    return await work(
        actor,
        action,
        deps,
        change,
        said=lambda c: t("notice.unassigned", actor.locale),
        told=lambda c: tell_requester(c, actor, "notify.unassigned"),
    )


async def close(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    try:
        outcome = Outcome(
            resolution=text(action.inputs, "resolution", limit=2000),
            hours_saved_per_month=number(action.inputs, "hours_saved", t("input.hours_saved", actor.locale)),
            artefact_name=text(action.inputs, "artefact_name", limit=200),
            artefact_environment=text(action.inputs, "artefact_environment", limit=200),
            artefact_owner=text(action.inputs, "artefact_owner", limit=200),
        )
    except InvalidInput as error:
        if action.consultation_id is None:
            return Reply.bad_request(t("error.invalid_input", actor.locale))
        return await refused(actor, action.consultation_id, error, deps)
    change = partial(lifecycle.close, outcome=outcome, actor=actor.person, now=deps.clock.now())
    return await work(
        actor,
        action,
        deps,
        change,
        said=lambda c: t("notice.closed", actor.locale),
        told=lambda c: tell_requester(c, actor, "notify.closed", resolution=outcome.resolution[:200]),
    )


async def reclassify(actor: Actor, action: CardAction, deps: Deps, to: Category | None = None) -> Reply:
    """区分変更 (flip), or the explicit choice on a 要確認 card; each human decision is kept as a training example."""
    change = partial(lifecycle.reclassify, actor=actor.person, now=deps.clock.now(), to=to)
    reply = await work(
        actor,
        action,
        deps,
        change,
        said=lambda c: t("notice.reclassified", actor.locale, category=c.category),
        told=lambda c: tell_requester(c, actor, "notify.reclassified", category=t(f"category.{c.category}")),
    )
    if reply.shared_card is not None and action.consultation_id is not None:
        await corrections.record(deps.uow, action.consultation_id, by=actor.id, now=deps.clock.now())
    return reply


async def set_bpr(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    return await reclassify(actor, action, deps, Category.BPR)


async def set_app(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    return await reclassify(actor, action, deps, Category.APP)


async def withdraw(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    change = partial(lifecycle.withdraw, actor=actor.person, now=deps.clock.now())
    return await work(
        actor,
        action,
        deps,
        change,
        said=lambda c: t("notice.withdrawn", actor.locale),
        told=lambda c: (),
        allowed=requester_only,
    )


async def refresh(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    """Universal Actions refresh (and 戻る): the current card in this person's view, for them only."""
    if action.consultation_id is None:
        return Reply.bad_request(t("error.invalid_input", actor.locale))
    try:
        current = await status.get(deps.uow, action.consultation_id)
    except ConsultationError as error:
        return Reply.message(t(error.key, actor.locale, **error.params))
    return Reply(card=await viewer_card(current, actor, deps))


def register(router: "Router") -> None:
    router.verb(Verb.ASSIGN_SELF, assign_self)
    router.verb(Verb.ASSIGN, assign_to)
    router.verb(Verb.UNASSIGN, unassign)
    router.verb(Verb.START, _status_verb(Status.IN_PROGRESS))
    router.verb(Verb.HOLD, _status_verb(Status.ON_HOLD))
    router.verb(Verb.REOPEN, _status_verb(Status.IN_PROGRESS))
    router.verb(Verb.CLOSE, close)
    router.verb(Verb.RECLASSIFY, reclassify)
    router.verb(Verb.SET_BPR, set_bpr)
    router.verb(Verb.SET_APP, set_app)
    router.verb(Verb.WITHDRAW, withdraw)
    router.verb(Verb.REFRESH, refresh)
