"""Claims of weekly summaries: a unique (period, channel) row is committed before sending, so each goes out once."""

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.orm import SummaryRunRow


class SqlSummaryRuns:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def claim(self, period_key: str, conversation_id: str, now: datetime) -> bool:
        """True when this caller now owns the send; False when another instance or an earlier run has it."""
        try:
            async with self._s.begin_nested():
                self._s.add(SummaryRunRow(period_key=period_key, conversation_id=conversation_id, claimed_at=now))
                await self._s.flush()
        except IntegrityError:
            return False
        return True

    async def mark_sent(self, period_key: str, conversation_id: str, activity_id: str, now: datetime) -> None:
        await self._s.execute(
            update(SummaryRunRow)
            .where(SummaryRunRow.period_key == period_key, SummaryRunRow.conversation_id == conversation_id)
            .values(sent_at=now, activity_id=activity_id)
        )

    async def sent_at(self, period_key: str, conversation_id: str) -> datetime | None:
        row = (
            await self._s.execute(
                select(SummaryRunRow).where(
                    SummaryRunRow.period_key == period_key, SummaryRunRow.conversation_id == conversation_id
                )
            )
        ).scalar_one_or_none()
        return row.sent_at if row else None
