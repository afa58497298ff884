"""Reading for reports: the few columns statistics need, consultations for CSV export, the department master."""

from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.consultation import Status
from bot.domain.register_rows import ExportRow
from bot.domain.stats import ConsultationFact, DepartmentDirectory
from storage.orm import ConsultationRow, DepartmentAliasRow, DepartmentRow

OPEN = tuple(s.value for s in Status if not s.is_closed)
C = ConsultationRow


class SqlReporting:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def facts(
        self, period_start_utc: datetime, period_end_utc: datetime, week_start_utc: datetime, as_of: datetime
    ) -> list[ConsultationFact]:
        """Every consultation a summary can count, created by `as_of`: created in [period_start, period_end), open
        now, or created or closed since the start of the week. One query over plain rows (no ORM objects); the
        columns' Tz type turns SQLite's naive UTC into aware UTC."""
        stmt = select(C.category, C.status, C.department, C.created_at, C.closed_at, C.hours_saved_per_month).where(
            C.created_at <= as_of,
            or_(
                and_(C.created_at >= period_start_utc, C.created_at < period_end_utc),
                C.status.in_(OPEN),
                C.created_at >= week_start_utc,
                C.closed_at >= week_start_utc,
            ),
        )
        result = await self._s.execute(stmt)
        return [
            ConsultationFact(category, status, department, created, closed, hours)
            for category, status, department, created, closed, hours in result
        ]

    async def consultations_in(self, start_utc: datetime, end_utc: datetime) -> list[ExportRow]:
        """Consultations created in [start, end), in number order within each fiscal year."""
        stmt = (
            select(
                C.number,
                C.title,
                C.body,
                C.category,
                C.status,
                C.department,
                C.created_at,
                C.closed_at,
                C.hours_saved_per_month,
            )
            .where(C.created_at >= start_utc, C.created_at < end_utc)
            .order_by(C.fiscal_year, C.seq)
        )
        return [ExportRow(*row) for row in (await self._s.execute(stmt))]

    async def department_directory(self) -> DepartmentDirectory:
        """Active department names, and every name any department has had -> its current name."""
        names = await self._s.execute(
            select(DepartmentRow.name).where(DepartmentRow.active).order_by(DepartmentRow.name)
        )
        aliases = await self._s.execute(
            select(DepartmentAliasRow.alias, DepartmentRow.name).join(
                DepartmentRow, DepartmentRow.id == DepartmentAliasRow.department_id
            )
        )
        return DepartmentDirectory(tuple(names.scalars()), dict(aliases.all()))
