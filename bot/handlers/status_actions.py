"""Card verbs that move a consultation: one table of moves (assign, status, reclassify, withdraw), the two moves
that read inputs (assign to someone, close), and refresh. Their contracts (an id, who may) are in `register`."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from bot.cards.people import name_or_unknown
from bot.cards.verbs import Verb
from bot.classifier.tags import tags_for_category
from bot.deps import Deps
from bot.domain import consultation as lifecycle
from bot.domain import reuse
from bot.domain.access import Access
from bot.domain.category import Category
from bot.domain.consultation import Change, Consultation, Outcome, Person, Status
from bot.domain.errors import ConsultationError, InvalidInput
from bot.domain.people import ids_of, shown_name
from bot.handlers.inputs import number, text
from bot.handlers.views import both_cards, tell_requester, viewer_card
from bot.routing import Router, VerbHandler
from bot.services import corrections, status
from bot.texts import t
from bot.turn import Actor, CardAction, Notice, Reply

ChangeFn = Callable[[Consultation], Change]
Said = Callable[[Actor, Consultation], str]
Told = Callable[[Actor, Consultation], tuple[Notice, ...]]


@dataclass(frozen=True)
class Move:
    """A verb that moves a consultation: the lifecycle change (built from who clicked and when), the notice on the
    clicker's card, the requester's 1:1 message, who may do it, and whether it is a human category decision (kept
    as a training example)."""

    change: Callable[[Actor, datetime], ChangeFn]
    said: Said
    told: Told
    access: Access = Access.SUPPORT
    correction: bool = False


def _name(actor: Actor, locale: str) -> str:
    """How the person who clicked is named in messages (their Teams name; never their id)."""
    return name_or_unknown(shown_name(actor.person.name), locale)


def _status_move(target: Status) -> Move:
    return Move(
        change=lambda a, now: partial(lifecycle.change_status, target=target, actor=a.person, now=now),
        said=lambda a, c: t("notice.status", a.locale, status=c.status),
        told=lambda a, c: tell_requester(c, a, "notify.status", status=t(f"status.{c.status}")),
    )


def _category_move(to: Category | None) -> Move:
    """区分変更 (flip), or the explicit choice on a 要確認 card."""
    return Move(
        change=lambda a, now: partial(lifecycle.reclassify, actor=a.person, now=now, to=to, retag=tags_for_category),
        said=lambda a, c: t("notice.reclassified", a.locale, category=c.category),
        told=lambda a, c: tell_requester(c, a, "notify.reclassified", category=t(f"category.{c.category}")),
        correction=True,
    )


MOVES: dict[Verb, Move] = {
    Verb.ASSIGN_SELF: Move(
        change=lambda a, now: partial(lifecycle.assign, assignee=a.person, actor=a.person, now=now),
        said=lambda a, c: t("notice.assigned", a.locale, name=_name(a, a.locale)),
        told=lambda a, c: tell_requester(c, a, "notify.assigned", name=_name(a, "ja")),
    ),
    Verb.UNASSIGN: Move(
        change=lambda a, now: partial(lifecycle.unassign, actor=a.person, now=now),
        said=lambda a, c: t("notice.unassigned", a.locale),
        told=lambda a, c: tell_requester(c, a, "notify.unassigned"),
    ),
    Verb.START: _status_move(Status.IN_PROGRESS),
    Verb.HOLD: _status_move(Status.ON_HOLD),
    Verb.REOPEN: _status_move(Status.IN_PROGRESS),
    Verb.RECLASSIFY: _category_move(None),
    Verb.SET_BPR: _category_move(Category.BPR),
    Verb.SET_APP: _category_move(Category.APP),
    Verb.WITHDRAW: Move(
        change=lambda a, now: partial(lifecycle.withdraw, actor=a.person, now=now),
        said=lambda a, c: t("notice.withdrawn", a.locale),
        told=lambda a, c: (),
        access=Access.REQUESTER,
    ),
}


async def work(actor: Actor, action: CardAction, deps: Deps, change: ChangeFn, *, said: Said, told: Told) -> Reply:
    """Apply the change to the current state (the route's access rule checked on that row, in its transaction),
    answer with the new card for the clicker and everyone, and tell the requester. Expected errors answer with the
    current card and the reason."""

    def permitted(current: Consultation) -> Change:
        action.access.check(actor.id, current, is_support=actor.is_support)
        return change(current)

    try:
        updated, fresh = await status.apply(deps.uow, action.target, permitted, source_id=action.activity_id)
    except ConsultationError as error:
        return await refused(actor, action, error, deps)
    notice = said(actor, updated)
    card, shared = await both_cards(updated, actor, deps, notice)
    return Reply(
        card=card,
        shared_card=shared,
        notices=told(actor, updated) if fresh else (),  # a redelivered click tells nobody again
        changed=fresh,
    )


async def refused(actor: Actor, action: CardAction, error: ConsultationError, deps: Deps) -> Reply:
    """The reason, on the consultation's current card (only for the person who clicked); without a consultation,
    or for someone who is neither its requester nor on the support team, the reason alone (they may not read it).
    Also the router's answer to a verb this person may not use."""
    reason = t(error.key, actor.locale, **error.params)
    current = error.current if isinstance(error.current, Consultation) else None
    if current is None and action.consultation_id is not None:
        try:
            current = await status.get(deps.uow, action.consultation_id)
        except ConsultationError:
            return Reply.message(t("error.not_found", actor.locale, number=f"#{action.consultation_id}"))
    if current is None or not (actor.is_support or actor.id == current.requester.id):
        return Reply.message(reason)
    return Reply(text=reason, card=await viewer_card(current, actor, deps, reason))


def mover(verb: Verb, move: Move) -> VerbHandler:
    async def handler(actor: Actor, action: CardAction, deps: Deps) -> Reply:
        reply = await work(actor, action, deps, move.change(actor, deps.clock.now()), said=move.said, told=move.told)
        if move.correction and reply.changed:
            await corrections.record(deps.uow, action.target, by=actor.id, now=deps.clock.now())
        return reply

    handler.__name__ = handler.__qualname__ = verb.value.rpartition(".")[2]
    return handler


async def assign_to(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    chosen = text(action.inputs, "assignee")
    member = next((m for m in await deps.roster.members() if m.id == chosen), None)
    if member is None:
        return await refused(actor, action, InvalidInput("error.not_member"), deps)
    name = (await deps.names.read(deps.uow, ids_of([member]))).person(member)  # never the id
    assignee = Person(member.id, name, member.teams_id)
    change = partial(lifecycle.assign, assignee=assignee, actor=actor.person, now=deps.clock.now())
    return await work(
        actor,
        action,
        deps,
        change,
        said=lambda a, c: t("notice.assigned", a.locale, name=name_or_unknown(name, a.locale)),
        told=lambda a, c: tell_requester(c, a, "notify.assigned", name=name_or_unknown(name, "ja")),
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
        return await refused(actor, action, error, deps)
    change = partial(lifecycle.close, outcome=outcome, actor=actor.person, now=deps.clock.now())
    return await work(
        actor,
        action,
        deps,
        change,
        said=lambda a, c: t("notice.closed", a.locale),
        told=lambda a, c: tell_requester(c, a, "notify.closed", resolution=outcome.resolution[:200]),
    )


async def mark_reuse(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    """横展開候補にする: one line on what other departments can reuse (marking again changes the line)."""
    note = action.inputs.get("reuse_note")
    change = partial(reuse.mark, note=note if isinstance(note, str) else "", actor=actor.person, now=deps.clock.now())
    return await work(actor, action, deps, change, said=lambda a, c: t("notice.reuse_marked", a.locale), told=_nobody)


async def unmark_reuse(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    change = partial(reuse.unmark, actor=actor.person, now=deps.clock.now())
    return await work(actor, action, deps, change, said=lambda a, c: t("notice.reuse_unmarked", a.locale), told=_nobody)


def _nobody(actor: Actor, c: Consultation) -> tuple[Notice, ...]:
    """The catalogue is the support team's business: the requester is not messaged about it."""
    return ()


async def refresh(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    """Universal Actions refresh (and 戻る): the current card in this person's view, for them only."""
    try:
        current = await status.get(deps.uow, action.target)
        action.access.check(actor.id, current, is_support=actor.is_support)
    except ConsultationError as error:
        return Reply.message(t(error.key, actor.locale, **error.params))
    return Reply(card=await viewer_card(current, actor, deps))


def register(router: Router) -> None:
    for verb, move in MOVES.items():
        router.verb(verb, mover(verb, move), access=move.access)
    router.verb(Verb.ASSIGN, assign_to, access=Access.SUPPORT)
    router.verb(Verb.CLOSE, close, access=Access.SUPPORT)
    router.verb(Verb.MARK_REUSE, mark_reuse, access=Access.SUPPORT)
    router.verb(Verb.UNMARK_REUSE, unmark_reuse, access=Access.SUPPORT)
    router.verb(Verb.REFRESH, refresh, access=Access.INVOLVED)  # the requester's and the support team's own views
