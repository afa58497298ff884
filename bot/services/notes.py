"""Notes: thread replies and 追記 recorded on a consultation, once per Teams activity."""

from bot.domain.consultation import Event, EventKind, Note
from bot.domain.errors import NotFound
from bot.domain.ports import UnitOfWorkFactory

MAX_NOTE_CHARS = 4000


async def add_note(uow: UnitOfWorkFactory, note: Note, *, source_id: str = "") -> bool:
    """Record the note and an event; False when this source was already recorded (a redelivery)."""
    async with uow() as u:
        if await u.consultations.get(note.consultation_id) is None:
            raise NotFound(number=f"#{note.consultation_id}")
        added = await u.notes.add(note, source_id=source_id)
        if added:
            await u.events.add(
                [
                    Event(
                        note.consultation_id,
                        EventKind.NOTE_ADDED,
                        note.author.id,
                        note.author.name,
                        note.at,
                        "",
                        note.role,
                    )
                ]
            )
        return added


async def recent(uow: UnitOfWorkFactory, consultation_id: int, limit: int = 20) -> list[Note]:
    async with uow() as u:
        return list(await u.notes.for_consultation(consultation_id, limit=limit))
