"""BPR As-Is/To-Be worksheets, one per consultation."""

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.consultation import Worksheet
from storage.orm import WorksheetRow

FIELDS = ("as_is", "problems", "to_be", "gap", "effects", "yearly_count", "minutes_per_case")


class SqlWorksheetRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def get(self, consultation_id: int) -> Worksheet | None:
        row = await self._s.get(WorksheetRow, consultation_id, populate_existing=True)
        return Worksheet(**{f: getattr(row, f) for f in FIELDS}) if row else None

    async def save(self, consultation_id: int, worksheet: Worksheet, *, by: str, now: datetime) -> None:
        row = await self._s.get(WorksheetRow, consultation_id)
        values = {f: getattr(worksheet, f) for f in FIELDS}
        if row is None:
            self._s.add(WorksheetRow(consultation_id=consultation_id, updated_by=by, updated_at=now, **values))
        else:
            for key, value in values.items():
                setattr(row, key, value)
            row.updated_by, row.updated_at = by, now
        await self._s.flush()
