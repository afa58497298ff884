"""Reading for reports: the few columns statistics need, consultations for CSV export, the department master."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.types import NullType

from bot.domain.consultation import Status
from bot.domain.register_rows import ExportRow
from bot.domain.stats import ConsultationFact, DepartmentDirectory
from storage.orm import ConsultationRow, DepartmentAliasRow, DepartmentRow

OPEN = tuple(s.value for s in Status if not s.is_closed)
C = ConsultationRow


def _as_returned(column: QueryableAttribute[Any]) -> ColumnElement[Any]:
    """The column's values as the driver returns them, without the Tz type's per-row processing (same SQL)."""
    return type_coerce(column, NullType())


@contextmanager
def _collector_paused() -> Iterator[None]:
    """CPython's cyclic collector runs every few hundred allocations, and rescans the whole heap once enough objects
    have survived: reading 100,000 rows (an asyncpg Record, then a fact, per row) set off full collections that took
    a third of the read. Nothing made here forms a reference cycle, so collection waits until the read is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class SqlReporting:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def facts(
        self, period_start_utc: datetime, period_end_utc: datetime, week_start_utc: datetime, as_of: datetime
    ) -> list[ConsultationFact]:
        """Every consultation a summary can count, created by `as_of`: created in [period_start, period_end), open
        now, or created or closed since the start of the week.

        Built for 100,000 rows: one Core query (no ORM loading), datetimes as the driver returns them (asyncpg: aware
        UTC already; SQLite: the naive UTC text Tz stored, read as UTC by the C `fromisoformat`), the buffered rows
        consumed one at a time (no list of Row objects), and the cyclic collector paused meanwhile."""
        stmt = select(
            C.category,
            C.status,
            C.department,
            _as_returned(C.created_at),
            _as_returned(C.closed_at),
            C.hours_saved_per_month,
        ).where(
            C.created_at <= as_of,
            or_(
                and_(C.created_at >= period_start_utc, C.created_at < period_end_utc),
                C.status.in_(OPEN),
                C.created_at >= week_start_utc,
                C.closed_at >= week_start_utc,
            ),
        )
        with _collector_paused():
            conn = await self._s.connection()
            rows = await conn.execute(stmt)
            if conn.dialect.name != "sqlite":
                return [
                    ConsultationFact(cat, status, dept, created, closed, hours)
                    for cat, status, dept, created, closed, hours in rows
                ]
            utc = datetime.fromisoformat
            return [
                ConsultationFact(
                    cat,
                    status,
                    dept,
                    utc(created + "+00:00"),
                    None if closed is None else utc(closed + "+00:00"),
                    hours,
                )
                for cat, status, dept, created, closed, hours in rows
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
                C.resolution,
                C.artefact_name,
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
