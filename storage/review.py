"""Reading for the PDCA workbook: a period's consultations with their outcome, 横展開候補 and worksheet counts."""

from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.annual_review import ReviewRow
from storage.orm import ConsultationRow, WorksheetRow

C, W = ConsultationRow, WorksheetRow


class SqlReviewReading:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def rows(self, start_utc: datetime, end_utc: datetime, as_of: datetime) -> list[ReviewRow]:
        """Consultations created by `as_of` that were created, closed or marked 横展開候補 in [start, end), in number
        order within each fiscal year; one query (the worksheet joined)."""
        stmt = (
            select(
                C.number,
                C.title,
                C.category,
                C.status,
                C.department,
                C.created_at,
                C.closed_at,
                C.hours_saved_per_month,
                C.resolution,
                C.artefact_name,
                C.artefact_environment,
                C.reuse_note,
                C.reuse_marked_at,
                W.yearly_count,
                W.minutes_per_case,
            )
            .outerjoin(W, W.consultation_id == C.id)
            .where(
                C.created_at <= as_of,
                or_(
                    and_(C.created_at >= start_utc, C.created_at < end_utc),
                    and_(C.closed_at >= start_utc, C.closed_at < end_utc),
                    and_(C.reuse_marked_at >= start_utc, C.reuse_marked_at < end_utc),
                ),
            )
            .order_by(C.fiscal_year, C.seq)
        )
        return [ReviewRow(*row) for row in await self._s.execute(stmt)]
