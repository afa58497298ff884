"""横展開候補: marking a completed consultation as a solution other departments can reuse, with one line on what
to reuse, and taking the mark off again. The catalogue (事例集) lists what is marked."""

from dataclasses import replace
from datetime import datetime

from bot.domain.consultation import Change, Consultation, Event, EventKind, Person, Reuse, Status
from bot.domain.errors import InvalidInput, InvalidTransition

MAX_REUSE_NOTE = 200  # one line: what another department can take over


def mark(c: Consultation, note: str, *, actor: Person, now: datetime) -> Change:
    """Mark a completed consultation 横展開候補 (or change its line); the note is required and kept on one line."""
    line = " ".join(note.split())
    if not line:
        raise InvalidInput("error.reuse_note_required")
    if len(line) > MAX_REUSE_NOTE:
        raise InvalidInput("error.reuse_note_too_long", limit=MAX_REUSE_NOTE)
    if c.status is not Status.DONE:
        raise InvalidTransition("error.reuse_not_done", status=c.status)
    if c.reuse is not None and c.reuse.note == line:
        raise InvalidTransition("error.reuse_already")
    event = Event(c.id, EventKind.REUSE_MARKED, actor.id, actor.name, now, c.reuse.note if c.reuse else "", line[:200])
    updated = replace(c, reuse=Reuse(line, now, actor.id), updated_at=now)
    return Change(updated, (event,))


def unmark(c: Consultation, *, actor: Person, now: datetime) -> Change:
    """Take a consultation off the catalogue."""
    if c.reuse is None:
        raise InvalidTransition("error.reuse_not_marked")
    event = Event(c.id, EventKind.REUSE_UNMARKED, actor.id, actor.name, now, c.reuse.note[:200], "")
    return Change(replace(c, reuse=None, updated_at=now), (event,))
