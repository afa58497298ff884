"""Working a consultation: assign, change status, reclassify — with no lost update under concurrency."""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import NamedTuple

from bot.domain.consultation import Change, Consultation, Event
from bot.domain.errors import Conflict, ConsultationError, NotFound
from bot.domain.ports import UnitOfWorkFactory

MAX_ATTEMPTS = 5

Action = Callable[[Consultation], Change]


class Applied(NamedTuple):
    """The consultation after a change; `fresh` is False when the activity had been applied before (a redelivery)."""

    consultation: Consultation
    fresh: bool


class _AlreadyApplied(Exception):
    """The same activity was applied before: roll this transaction back and answer with the current state."""


class _LostRace(Exception):
    """Another change committed first: roll back (the processed mark too) and try again on the new state."""


async def apply(
    uow: UnitOfWorkFactory, consultation_id: int, action: Action, *, source_id: str = "", now: datetime | None = None
) -> Applied:
    """Apply `action` to the current state; when another change wins the race, re-read and apply again.

    An action that is no longer legal on the re-read state raises its ConsultationError with `.current` set,
    so the caller can show the latest card. With `source_id` (the Teams activity), a redelivered activity changes
    nothing and returns the current state with `fresh=False` (so nobody is told twice). The activity is marked
    processed in the change's own transaction, before the change is checked: a refused change un-marks it.
    """
    for _ in range(MAX_ATTEMPTS):
        try:
            async with uow() as u:
                current = await u.consultations.get(consultation_id)
                if current is None:
                    raise NotFound(number=f"#{consultation_id}")
                if source_id and not await u.processed.first_time(source_id, now or current.updated_at):
                    raise _AlreadyApplied
                try:
                    change = action(current)
                except ConsultationError as e:
                    e.current = current
                    raise
                updated = await u.consultations.update(change.consultation, expected_version=current.version)
                if updated is None:
                    raise _LostRace
                await u.events.add(change.events)
                return Applied(updated, fresh=True)
        except _LostRace:
            continue
        except _AlreadyApplied:
            return Applied(await get(uow, consultation_id), fresh=False)
    raise Conflict()


async def get(uow: UnitOfWorkFactory, consultation_id: int) -> Consultation:
    async with uow(standalone=True) as u:
        c = await u.consultations.get(consultation_id)
    if c is None:
        raise NotFound(number=f"#{consultation_id}")
    return c


async def find_by_number(uow: UnitOfWorkFactory, number: str) -> Consultation | None:
    async with uow(standalone=True) as u:
        return await u.consultations.get_by_number(number)


async def find_by_thread(uow: UnitOfWorkFactory, conversation_id: str) -> Consultation | None:
    async with uow(standalone=True) as u:
        return await u.consultations.get_by_thread(conversation_id)


async def find_by_source(uow: UnitOfWorkFactory, source_id: str) -> Consultation | None:
    async with uow(standalone=True) as u:
        return await u.consultations.get_by_source(source_id)


async def list_for_requester(uow: UnitOfWorkFactory, person_id: str, limit: int) -> Sequence[Consultation]:
    async with uow(standalone=True) as u:
        return await u.consultations.list_by_requester(person_id, limit=limit)


async def history(uow: UnitOfWorkFactory, consultation_id: int) -> Sequence[Event]:
    async with uow(standalone=True) as u:
        return await u.events.for_consultation(consultation_id)
