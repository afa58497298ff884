"""Creating consultations: number, classification, first event, remembered department; one per source."""

from datetime import datetime, tzinfo

from bot.domain.category import Category
from bot.domain.classification import ClassifyFn
from bot.domain.consultation import CategorySource, Consultation, Event, EventKind, Person, Place, Status
from bot.domain.departments import plausible_department
from bot.domain.errors import Conflict, DepartmentUnknown
from bot.domain.fiscal_year import consultation_number, fiscal_year
from bot.domain.intake import MAX_BODY_CHARS, MAX_DEPARTMENT_CHARS, MAX_TITLE_CHARS, Draft, clean_line, derive_title
from bot.domain.ports import UnitOfWorkFactory


async def create_consultation(
    uow: UnitOfWorkFactory,
    draft: Draft,
    requester: Person,
    *,
    classify: ClassifyFn,
    now: datetime,
    tz: tzinfo,
    remember_department: bool = True,
    department_remembered: bool = False,
    department_required: bool = True,
) -> tuple[Consultation, bool]:
    """Create the consultation described by `draft`; (consultation, False) when its source was already taken in.

    Classified before the transaction, so the counter row is not held while the model runs. One transaction:
    number, consultation, first event and (unless the department came from the requester's
    profile already) the remembered department. A redelivered activity finds its source id taken: the insert fails,
    everything rolls back (the number too, so numbers stay gap-free) and the existing consultation is returned.

    `department_remembered`: the draft's department is the requester's remembered one, read in this transaction
    (the usual intake's one unit of work); none remembered raises DepartmentUnknown before anything is written,
    unless `department_required` is False (a channel request is taken without one)."""
    # Everything that needs no database comes first: the fiscal-year counter row stays locked only for the writes.
    result = classify(f"{draft.title}\n{draft.body}".strip())
    title = clean_line(draft.title, MAX_TITLE_CHARS) or derive_title(draft.body)
    department = clean_line(draft.department, MAX_DEPARTMENT_CHARS)
    fy = fiscal_year(now.astimezone(tz).date())
    try:
        async with uow() as u:
            if department_remembered:
                department = clean_line(await u.profiles.department_of(requester.id), MAX_DEPARTMENT_CHARS)
                if not plausible_department(department):
                    if department_required:
                        raise DepartmentUnknown()
                    department = ""
                remember_department = False
            seq = await u.consultations.next_seq(fy)
            new = Consultation(
                id=0,
                number=consultation_number(fy, seq),
                fiscal_year=fy,
                seq=seq,
                title=title,
                body=draft.body[:MAX_BODY_CHARS],
                category=Category(result.label),
                confidence=result.confidence,
                category_source=CategorySource.AUTO,
                status=Status.RECEIVED,
                requester=requester,
                department=department,
                created_at=now,
                updated_at=now,
                desired_due=draft.desired_due,
                place=draft.place,
                needs_triage=result.needs_triage,
                tags=tuple(result.tags),
                reasons=tuple(result.reasons),
            )
            created = await u.consultations.add(new, source_id=draft.source_id)
            await u.events.add(
                [Event(created.id, EventKind.CREATED, requester.id, requester.name, now, "", Status.RECEIVED)]
            )
            if department and remember_department:
                await u.profiles.remember_department(requester.id, department, now)
            return created, True
    except Conflict:  # the same source was taken in concurrently: the whole transaction rolled back
        async with uow() as u:
            existing = await u.consultations.get_by_source(draft.source_id)
        if existing is None:
            raise
        return existing, False


async def department_of(uow: UnitOfWorkFactory, person_id: str) -> str:
    async with uow(standalone=True) as u:
        return await u.profiles.department_of(person_id)


async def remember_department(uow: UnitOfWorkFactory, person_id: str, department: str, now: datetime) -> None:
    async with uow() as u:
        await u.profiles.remember_department(person_id, department, now)


async def record_card(uow: UnitOfWorkFactory, consultation_id: int, place: Place) -> None:
    """Remember where the status card was posted, so it can be updated in place later (one UPDATE)."""
    async with uow(standalone=True) as u:
        await u.consultations.set_place(consultation_id, place)


async def registered_from(uow: UnitOfWorkFactory, source_id: str) -> Consultation | None:
    """The consultation already taken in from this source (a Teams message), if any."""
    if not source_id:
        return None
    async with uow(standalone=True) as u:
        return await u.consultations.get_by_source(source_id)
