"""Every manual reclassification becomes a labelled example (the text the classifier saw, the human's label)."""

from collections.abc import Sequence
from datetime import datetime

from bot.domain.consultation import EventKind
from bot.domain.ports import UnitOfWorkFactory


async def record(uow: UnitOfWorkFactory, consultation_id: int, *, by: str, now: datetime) -> None:
    async with uow() as u:
        c = await u.consultations.get(consultation_id)
        if c is None:
            return
        events = [e for e in await u.events.for_consultation(consultation_id) if e.kind is EventKind.RECLASSIFIED]
        previous = events[-1].from_value if events else ""
        text = f"{c.title}\n{c.body}".strip()
        await u.corrections.add(consultation_id, text, c.category.value, str(previous), by=by, at=now)


async def examples(uow: UnitOfWorkFactory) -> Sequence[tuple[str, str]]:
    async with uow() as u:
        return await u.corrections.all()
