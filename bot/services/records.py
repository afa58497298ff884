"""Reading consultations for people: details, the support queue, search, worksheets."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.consultation import Consultation, Event, EventKind, Note, Worksheet
from bot.domain.errors import NotFound
from bot.domain.fiscal_year import consultation_number, parse_consultation_number
from bot.domain.people import ids_of
from bot.domain.ports import UnitOfWorkFactory
from bot.domain.queue import Page, QueueFilter, Workload
from bot.domain.search import keywords

HISTORY_LIMIT = 30
_PERSON_VALUED = (EventKind.ASSIGNED, EventKind.UNASSIGNED)  # their from/to values are person ids
NOTES_LIMIT = 20
SEARCH_LIMIT = 20


@dataclass(frozen=True)
class Record:
    consultation: Consultation
    notes: Sequence[Note]
    events: Sequence[Event]
    worksheet: Worksheet | None


def people_ids(r: Record) -> list[str]:
    """Everyone the record shows: requester, assignee, note authors, who did what, and who was assigned."""
    c = r.consultation
    ids = ids_of([c.requester, c.assignee, *(n.author for n in r.notes)])
    ids += [e.actor_id for e in r.events]
    ids += [v for e in r.events if e.kind in _PERSON_VALUED for v in (e.from_value, e.to_value) if v]
    return list(dict.fromkeys(ids))


async def record(uow: UnitOfWorkFactory, consultation_id: int) -> Record:
    async with uow() as u:
        c = await u.consultations.get(consultation_id)
        if c is None:
            raise NotFound(number=f"#{consultation_id}")
        notes = await u.notes.for_consultation(consultation_id, limit=NOTES_LIMIT)
        events = list(await u.events.for_consultation(consultation_id))[-HISTORY_LIMIT:]
        worksheet = await u.worksheets.get(consultation_id)
    return Record(c, notes, events, worksheet)


async def queue(
    uow: UnitOfWorkFactory, queue_filter: QueueFilter, *, viewer_id: str, page: int
) -> tuple[Sequence[Consultation], int, Sequence[Workload]]:
    async with uow() as u:
        items, total = await u.consultations.queue(queue_filter, viewer_id=viewer_id, page=Page(max(1, page)))
        load = await u.consultations.workload()
    return items, total, load


async def search(uow: UnitOfWorkFactory, query: str, *, requester_id: str | None) -> Sequence[Consultation]:
    words = keywords(query)
    if not words:
        return []
    async with uow() as u:
        return await u.consultations.search(words, requester_id=requester_id, limit=SEARCH_LIMIT)


async def save_worksheet(
    uow: UnitOfWorkFactory, consultation_id: int, worksheet: Worksheet, *, by_id: str, by_name: str, now: datetime
) -> None:
    async with uow() as u:
        if await u.consultations.get(consultation_id) is None:
            raise NotFound(number=f"#{consultation_id}")
        await u.worksheets.save(consultation_id, worksheet, by=by_id, now=now)
        await u.events.add([Event(consultation_id, EventKind.WORKSHEET_SAVED, by_id, by_name, now)])


async def worksheet(uow: UnitOfWorkFactory, consultation_id: int) -> Worksheet | None:
    async with uow() as u:
        return await u.worksheets.get(consultation_id)


MAX_BROWSE = 100  # a search pane pages through at most this many results


async def browse(
    uow: UnitOfWorkFactory, query: str, *, requester_id: str | None, skip: int, count: int
) -> Sequence[Consultation]:
    """A page of consultations for a search pane: a number (R8-0001, Ｒ８－１) finds that one; words find those whose
    title and details hold every word; no words, the most recent. `requester_id`: only that person's (None: all)."""
    parsed = parse_consultation_number(query.split()[0]) if query.split() else None
    async with uow(standalone=True) as u:
        if parsed is not None:
            found = await u.consultations.get_by_number(consultation_number(*parsed))
            mine = found is not None and (requester_id is None or found.requester.id == requester_id)
            return [found] if found is not None and mine and skip == 0 else []
        if skip >= MAX_BROWSE:
            return []
        limit = min(skip + count, MAX_BROWSE)
        items = await u.consultations.search(keywords(query), requester_id=requester_id, limit=limit)
    return list(items)[skip:limit]
