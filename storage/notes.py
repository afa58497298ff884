"""Notes on consultations (thread replies and 追記), idempotent per Teams activity."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.consultation import Note, Person, Role
from storage.orm import NoteRow


class SqlNoteRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, note: Note, *, source_id: str = "") -> bool:
        row = NoteRow(
            consultation_id=note.consultation_id,
            author_id=note.author.id,
            author_name=note.author.name,
            author_role=note.role.value,
            body=note.body,
            at=note.at,
            source_id=source_id or None,
        )
        try:
            async with self._s.begin_nested():
                self._s.add(row)
                await self._s.flush()
        except IntegrityError:  # the same activity delivered twice
            return False
        return True

    async def for_consultation(self, consultation_id: int, *, limit: int) -> Sequence[Note]:
        stmt = (
            select(NoteRow)
            .where(NoteRow.consultation_id == consultation_id)
            .order_by(NoteRow.at.desc(), NoteRow.id.desc())
            .limit(limit)
        )
        rows = list((await self._s.execute(stmt)).scalars())
        return [
            Note(r.consultation_id, Person(r.author_id, r.author_name), Role(r.author_role), r.body, r.at)
            for r in reversed(rows)
        ]
