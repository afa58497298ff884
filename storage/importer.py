"""Bulk insertion of imported consultations, and the number sequences moved past them."""

from collections.abc import Iterable

from sqlalchemy import case, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.consultation import CategorySource
from bot.domain.fiscal_year import parse_consultation_number
from bot.domain.register_rows import ImportRow, import_source_id
from bot.domain.search import search_text
from storage.db import rowcount
from storage.orm import ConsultationRow, NumberSequenceRow, table_of

IMPORT_REQUESTER = "import"
LOOKUP_BATCH = 1000  # numbers per IN (...) list: far below SQLite's and asyncpg's parameter limits
INSERT_BATCH = 1000  # rows per executemany call


class SqlImporter:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def existing_sources(self, numbers: Iterable[str]) -> dict[str, str]:
        """number -> source_id ("" when none) of those numbers already in the database."""
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(numbers))
        for i in range(0, len(unique), LOOKUP_BATCH):
            chunk = unique[i : i + LOOKUP_BATCH]
            stmt = select(ConsultationRow.number, ConsultationRow.source_id).where(ConsultationRow.number.in_(chunk))
            found.update((number, source or "") for number, source in (await self._s.execute(stmt)))
        return found

    async def insert(self, rows: list[ImportRow]) -> int:
        """Insert the rows as consultations (no ORM objects), then move each fiscal year's sequence past them."""
        last_seq: dict[int, int] = {}
        values = []
        for r in rows:
            parsed = parse_consultation_number(r.number)
            if parsed is None:
                raise ValueError(f"not a consultation number: {r.number!r}")
            fy, seq = parsed
            last_seq[fy] = max(seq, last_seq.get(fy, 0))
            values.append(
                {
                    "number": r.number,
                    "fiscal_year": fy,
                    "seq": seq,
                    "title": r.title,
                    "body": r.body,
                    "category": r.category,
                    "confidence": 1.0,
                    "category_source": CategorySource.MANUAL.value,
                    "status": r.status,
                    "requester_id": IMPORT_REQUESTER,
                    "requester_name": "",
                    "department": r.department,
                    "created_at": r.created_at,
                    "updated_at": r.closed_at or r.created_at,
                    "closed_at": r.closed_at,
                    "hours_saved_per_month": r.hours_saved_per_month,
                    "resolution": r.resolution,
                    "artefact_name": r.artefact_name,
                    "source_id": import_source_id(r.number),
                    "search_text": search_text(r.title, r.body),
                    "version": 1,
                }
            )
        for i in range(0, len(values), INSERT_BATCH):
            await self._s.execute(insert(table_of(ConsultationRow)), values[i : i + INSERT_BATCH])
        for fy, seq in sorted(last_seq.items()):
            await self._raise_sequence(fy, seq)
        return len(values)

    async def _raise_sequence(self, fiscal_year: int, seq: int) -> None:
        """last_seq = max(last_seq, seq): new consultations are numbered after the imported ones."""
        row = NumberSequenceRow
        bump = (
            update(row)
            .where(row.fiscal_year == fiscal_year)
            .values(last_seq=case((row.last_seq < seq, seq), else_=row.last_seq))
        )
        if rowcount(await self._s.execute(bump)):
            return
        try:
            async with self._s.begin_nested():
                await self._s.execute(insert(row).values(fiscal_year=fiscal_year, last_seq=seq))
        except IntegrityError:  # a consultation started the year meanwhile
            await self._s.execute(bump)
