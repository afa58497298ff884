"""SQL repositories for consultations, their events and people's profiles; they return domain dataclasses."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.category import Category
from bot.domain.consultation import (
    CategorySource,
    Consultation,
    Event,
    EventKind,
    Outcome,
    Person,
    Place,
    Reuse,
    Status,
)
from bot.domain.errors import Conflict
from bot.domain.queue import Page, QueueFilter, Workload
from bot.domain.search import search_text
from storage.conflicts import conflict_insert
from storage.db import rowcount
from storage.orm import ConsultationRow, EventRow, NumberSequenceRow, ProfileRow, table_of

# Core tables, not ORM entities: the hot paths (intake, card actions) skip the ORM's per-statement machinery.
CT = table_of(ConsultationRow)
C = CT.c
EVENTS = table_of(EventRow)
NUMBERS = table_of(NumberSequenceRow)
PROFILES = table_of(ProfileRow)


def to_domain(row: Any) -> Consultation:
    """A consultations row (Core `Row`, attribute access by column name) as the domain's Consultation."""
    assignee = Person(row.assignee_id, row.assignee_name or "") if row.assignee_id else None
    outcome = (
        Outcome(
            row.resolution, row.hours_saved_per_month, row.artefact_name, row.artefact_environment, row.artefact_owner
        )
        if row.resolution
        else None
    )
    place = Place(row.conversation_id, row.channel_id, row.thread_id, row.tenant_id, row.card_activity_id)
    return Consultation(
        id=row.id,
        number=row.number,
        fiscal_year=row.fiscal_year,
        seq=row.seq,
        title=row.title,
        body=row.body,
        category=Category(row.category),
        confidence=row.confidence,
        category_source=CategorySource(row.category_source),
        status=Status(row.status),
        requester=Person(row.requester_id, row.requester_name, row.requester_teams_id),
        department=row.department,
        created_at=row.created_at,
        updated_at=row.updated_at,
        assignee=assignee,
        desired_due=row.desired_due,
        closed_at=row.closed_at,
        place=place,
        version=row.version,
        outcome=outcome,
        needs_triage=row.needs_triage,
        tags=tuple(t for t in row.tags.split(",") if t),
        reasons=tuple(r for r in row.reasons.split("|") if r),
        reuse=Reuse(row.reuse_note, row.reuse_marked_at, row.reuse_marked_by) if row.reuse_marked_at else None,
    )


def _columns(c: Consultation) -> dict[str, Any]:
    """Mutable columns of a consultation (identity and number never change)."""
    return {
        "title": c.title,
        "body": c.body,
        "category": c.category.value,
        "confidence": c.confidence,
        "category_source": c.category_source.value,
        "status": c.status.value,
        "department": c.department,
        "assignee_id": c.assignee.id if c.assignee else None,
        "assignee_name": c.assignee.name if c.assignee else None,
        "desired_due": c.desired_due,
        "updated_at": c.updated_at,
        "closed_at": c.closed_at,
        "search_text": search_text(c.title, c.body),
        "needs_triage": c.needs_triage,
        "tags": ",".join(c.tags)[:300],
        "reasons": "|".join(r.replace("|", " ") for r in c.reasons)[:300],
        "resolution": c.outcome.resolution if c.outcome else "",
        "hours_saved_per_month": c.outcome.hours_saved_per_month if c.outcome else None,
        "artefact_name": c.outcome.artefact_name if c.outcome else "",
        "artefact_environment": c.outcome.artefact_environment if c.outcome else "",
        "artefact_owner": c.outcome.artefact_owner if c.outcome else "",
        "reuse_note": c.reuse.note if c.reuse else "",
        "reuse_marked_at": c.reuse.marked_at if c.reuse else None,
        "reuse_marked_by": c.reuse.marked_by if c.reuse else "",
    }


def _place_columns(p: Place) -> dict[str, Any]:
    return {
        "conversation_id": p.conversation_id,
        "channel_id": p.channel_id,
        "thread_id": p.thread_id,
        "tenant_id": p.tenant_id,
        "card_activity_id": p.card_activity_id,
    }


WRITTEN = "consult_written"  # session.info key: the consultations this unit of work wrote, whole (see uow.py)


def written(session: AsyncSession, c: Consultation) -> Consultation:
    """Note `c` as written by this session's unit of work, for whoever listens after the commit."""
    session.info.setdefault(WRITTEN, []).append(c)
    return c


class SqlConsultationRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def next_seq(self, fiscal_year: int) -> int:
        """Hand out the next number of the fiscal year inside the caller's transaction (row lock on PostgreSQL)."""
        bump = (
            update(NUMBERS)
            .where(NUMBERS.c.fiscal_year == fiscal_year)
            .values(last_seq=NUMBERS.c.last_seq + 1)
            .returning(NUMBERS.c.last_seq)
        )
        seq = (await self._s.execute(bump)).scalar_one_or_none()
        if seq is not None:
            return seq
        try:
            async with self._s.begin_nested():
                await self._s.execute(insert(NUMBERS).values(fiscal_year=fiscal_year, last_seq=1))
            return 1
        except IntegrityError:  # another transaction started the year first
            return (await self._s.execute(bump)).scalar_one()

    async def add(self, c: Consultation, *, source_id: str = "") -> Consultation:
        """Insert a new consultation. A taken source id (or number) raises Conflict; the caller's transaction is then
        unusable on PostgreSQL and must be rolled back, which is what leaving the unit of work with the error does."""
        values = {
            "number": c.number,
            "fiscal_year": c.fiscal_year,
            "seq": c.seq,
            "requester_id": c.requester.id,
            "requester_name": c.requester.name,
            "requester_teams_id": c.requester.teams_id,
            "created_at": c.created_at,
            "source_id": source_id or None,
            "version": 1,
            **_columns(c),
            **_place_columns(c.place),
        }
        try:
            new_id = (await self._s.execute(insert(CT).returning(C.id), values)).scalar_one()
        except IntegrityError as e:
            raise Conflict("error.duplicate") from e
        return written(self._s, replace(c, id=new_id, version=1))

    async def get(self, consultation_id: int) -> Consultation | None:
        row = (await self._s.execute(select(CT).where(C.id == consultation_id))).first()
        return to_domain(row) if row else None

    async def _one(self, *where: ColumnElement[bool]) -> Consultation | None:
        row = (await self._s.execute(select(CT).where(*where))).first()
        return to_domain(row) if row else None

    async def get_by_number(self, number: str) -> Consultation | None:
        return await self._one(C.number == number)

    async def get_by_source(self, source_id: str) -> Consultation | None:
        return await self._one(C.source_id == source_id) if source_id else None

    async def update(self, c: Consultation, *, expected_version: int) -> Consultation | None:
        """Write `c` only if nobody changed the row since it was read; None means a concurrent change won."""
        stmt = (
            update(CT)
            .where(C.id == c.id, C.version == expected_version)
            .values(**_columns(c), version=expected_version + 1)
            .execution_options(synchronize_session=False)
        )
        result = await self._s.execute(stmt)
        if rowcount(result) != 1:
            return None
        return written(self._s, replace(c, version=expected_version + 1))

    async def set_place(self, consultation_id: int, place: Place) -> None:
        stmt = update(CT).where(C.id == consultation_id).values(**_place_columns(place))
        await self._s.execute(stmt.execution_options(synchronize_session=False))

    async def list_by_requester(self, requester_id: str, *, limit: int) -> Sequence[Consultation]:
        stmt = (
            select(CT)
            .where(C.requester_id == requester_id)
            .order_by(C.created_at.desc(), C.id.desc())
            .limit(limit)
        )
        return [to_domain(r) for r in (await self._s.execute(stmt))]

    async def get_by_thread(self, conversation_id: str) -> Consultation | None:
        """The consultation whose card lives in this channel thread (the earliest, if several)."""
        stmt = (
            select(CT)
            .where(C.conversation_id == conversation_id, C.thread_id != "")
            .order_by(C.id)
            .limit(1)
        )
        row = (await self._s.execute(stmt)).first()
        return to_domain(row) if row else None

    async def queue(
        self, queue_filter: QueueFilter, *, viewer_id: str, page: Page
    ) -> tuple[Sequence[Consultation], int]:
        """Open consultations matching the filter, oldest first (what waits longest comes first), and the total."""
        where = [C.status.not_in([Status.DONE.value, Status.WITHDRAWN.value])]
        where += _FILTERS[queue_filter](viewer_id)
        total = (await self._s.execute(select(func.count()).select_from(CT).where(*where))).scalar_one()
        stmt = (
            select(CT)
            .where(*where)
            .order_by(C.created_at, C.id)
            .offset(page.offset)
            .limit(page.size)
        )
        return [to_domain(r) for r in (await self._s.execute(stmt))], total

    async def workload(self) -> Sequence[Workload]:
        stmt = (
            select(C.assignee_id, func.max(C.assignee_name), func.count())
            .where(
                C.assignee_id.is_not(None),
                C.status.not_in([Status.DONE.value, Status.WITHDRAWN.value]),
            )
            .group_by(C.assignee_id)
            .order_by(func.count().desc(), C.assignee_id)
        )
        return [Workload(pid, name or "", n) for pid, name, n in (await self._s.execute(stmt)).all()]

    async def search(self, keywords: Sequence[str], *, requester_id: str | None, limit: int) -> Sequence[Consultation]:
        """Every keyword must occur in the normalised title + body (substring: Japanese has no word boundaries)."""
        where: list[ColumnElement[bool]] = [C.search_text.like(f"%{_escape_like(k)}%", escape="\\") for k in keywords]
        if requester_id is not None:
            where.append(C.requester_id == requester_id)
        stmt = select(CT).where(*where).order_by(C.created_at.desc(), C.id.desc()).limit(limit)
        return [to_domain(r) for r in (await self._s.execute(stmt))]

    async def count(self) -> int:
        return (await self._s.execute(select(func.count()).select_from(CT))).scalar_one()

    async def changed_since(self, since: datetime | None, after_id: int) -> Sequence[Consultation]:
        stmt = select(CT) if since is None else select(CT).where(or_(C.updated_at >= since, C.id > after_id))
        return [to_domain(r) for r in (await self._s.execute(stmt))]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_FILTERS = {
    QueueFilter.OPEN: lambda viewer: [],
    QueueFilter.UNASSIGNED: lambda viewer: [C.assignee_id.is_(None)],
    QueueFilter.MINE: lambda viewer: [C.assignee_id == viewer],
    QueueFilter.IN_PROGRESS: lambda viewer: [C.status == Status.IN_PROGRESS.value],
    QueueFilter.ON_HOLD: lambda viewer: [C.status == Status.ON_HOLD.value],
    QueueFilter.BPR: lambda viewer: [C.category == Category.BPR.value],
    QueueFilter.APP: lambda viewer: [C.category == Category.APP.value],
}


class SqlEventRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, events: Sequence[Event]) -> None:
        if events:
            await self._s.execute(
                insert(EVENTS),
                [
                    {
                        "consultation_id": e.consultation_id,
                        "kind": e.kind.value,
                        "actor_id": e.actor_id,
                        "actor_name": e.actor_name,
                        "at": e.at,
                        "from_value": str(e.from_value),
                        "to_value": str(e.to_value),
                    }
                    for e in events
                ],
            )

    async def for_consultation(self, consultation_id: int) -> Sequence[Event]:
        stmt = select(EVENTS).where(EVENTS.c.consultation_id == consultation_id).order_by(EVENTS.c.id)
        return [
            Event(r.consultation_id, EventKind(r.kind), r.actor_id, r.actor_name, r.at, r.from_value, r.to_value)
            for r in await self._s.execute(stmt)
        ]


class SqlProfileRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def department_of(self, person_id: str) -> str:
        stmt = select(PROFILES.c.department).where(PROFILES.c.person_id == person_id)
        return (await self._s.execute(stmt)).scalar_one_or_none() or ""

    async def remember_department(self, person_id: str, department: str, now: datetime) -> None:
        """One statement: insert the profile, or update it when the department differs (same one: no write)."""
        stmt = conflict_insert(self._s, PROFILES).values(person_id=person_id, department=department, updated_at=now)
        stmt = stmt.on_conflict_do_update(
            index_elements=[PROFILES.c.person_id],
            set_={"department": stmt.excluded.department, "updated_at": stmt.excluded.updated_at},
            where=PROFILES.c.department != stmt.excluded.department,
        )
        await self._s.execute(stmt)
