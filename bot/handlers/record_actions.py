"""Card verbs around a consultation's record: 追記, 詳細, the As-Is/To-Be worksheet."""

from bot.cards.details_card import MAX_PARTS, details_card
from bot.cards.verbs import Verb
from bot.cards.worksheet_card import worksheet_form_card
from bot.deps import Deps
from bot.domain.access import Access
from bot.domain.category import Category
from bot.domain.consultation import Consultation, Note, Worksheet, role_of
from bot.domain.errors import ConsultationError, InvalidInput
from bot.handlers.inputs import number, text
from bot.handlers.status_actions import refused
from bot.handlers.views import similar_cases, tell_requester, viewer_card
from bot.routing import Router
from bot.services import notes, records, status
from bot.texts import t
from bot.turn import Actor, CardAction, Reply


async def _involved(actor: Actor, action: CardAction, deps: Deps) -> Consultation:
    """The consultation, if the route's rule lets the actor at it (its requester or the support team)."""
    c = await status.get(deps.uow, action.target)
    action.access.check(actor.id, c, is_support=actor.is_support)
    return c


async def add_note(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    try:
        c = await _involved(actor, action, deps)
        body = text(action.inputs, "note", limit=notes.MAX_NOTE_CHARS)
        if not body:
            raise InvalidInput("error.note_empty")
        role = role_of(actor.id, c, is_support=actor.is_support)
        source = f"note:{action.card_activity_id}:{body}"[:500] if action.card_activity_id else ""
        added = await notes.add_note(deps.uow, Note(c.id, actor.person, role, body, deps.clock.now()), source_id=source)
    except ConsultationError as error:
        return await refused(actor, action, error, deps)
    told = (  # a redelivered 追記 was stored once: the requester is told once
        tell_requester(c, actor, "notify.reply", name=actor.person.name, excerpt=body[:200])
        if actor.is_support and added
        else ()
    )
    return Reply(card=await viewer_card(c, actor, deps, t("notice.note_added", actor.locale)), notices=told)


async def show_details(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    """The full record replaces the clicked card for this person only (戻る brings the status card back); a record
    shown in parts names the part to show (`part`, from 1)."""
    try:
        c = await _involved(actor, action, deps)
        record = await records.record(deps.uow, c.id)
    except ConsultationError as error:
        return Reply.message(t(error.key, actor.locale, **{"number": f"#{action.target}", **error.params}))
    raw = action.inputs.get("part", 1)
    part = raw if isinstance(raw, int) and not isinstance(raw, bool) and 0 < raw <= MAX_PARTS else 1
    names = await deps.names.read(deps.uow, records.people_ids(record))
    r = record
    like = await similar_cases(c, deps) if actor.is_support else ()
    card = details_card(
        r.consultation, r.notes, r.events, r.worksheet, actor.locale, names=names, part=part, similar=like
    )
    return Reply(card=card)


async def open_worksheet(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    try:
        c = await _involved(actor, action, deps)
        if c.category is not Category.BPR:
            raise InvalidInput("error.worksheet_bpr_only")
        worksheet = await records.worksheet(deps.uow, c.id)
    except ConsultationError as error:
        return await refused(actor, action, error, deps)
    return Reply(card=worksheet_form_card(c, worksheet, actor.locale))


async def save_worksheet(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    try:
        c = await _involved(actor, action, deps)
        if c.category is not Category.BPR:
            raise InvalidInput("error.worksheet_bpr_only")
        yearly = number(action.inputs, "yearly_count", t("worksheet.yearly_count", actor.locale), maximum=10_000_000)
        worksheet = Worksheet(
            **{f: text(action.inputs, f, limit=2000) for f in ("as_is", "problems", "to_be", "gap", "effects")},
            yearly_count=int(yearly) if yearly is not None else None,
            minutes_per_case=number(action.inputs, "minutes_per_case", t("worksheet.minutes_per_case", actor.locale)),
        )
        await records.save_worksheet(
            deps.uow, c.id, worksheet, by_id=actor.id, by_name=actor.person.name, now=deps.clock.now()
        )
    except ConsultationError as error:
        return await refused(actor, action, error, deps)
    return Reply(card=await viewer_card(c, actor, deps, t("notice.worksheet_saved", actor.locale)))


def register(router: Router) -> None:
    router.verb(Verb.ADD_NOTE, add_note, access=Access.INVOLVED)
    router.verb(Verb.DETAILS, show_details, access=Access.INVOLVED)
    router.verb(Verb.WORKSHEET, open_worksheet, access=Access.INVOLVED)
    router.verb(Verb.SAVE_WORKSHEET, save_worksheet, access=Access.INVOLVED)
