"""The department master (部署マスタ) and every name a department has had."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.stats import normalise_department
from storage.orm import DepartmentAliasRow, DepartmentRow


class SqlDepartmentRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def _by_alias(self, name: str) -> DepartmentRow | None:
        alias = await self._s.get(DepartmentAliasRow, normalise_department(name))
        return await self._s.get(DepartmentRow, alias.department_id) if alias else None

    async def add(self, name: str, now: datetime) -> bool:
        """Add (or reactivate) a department; False when it is already active."""
        row = await self._by_alias(name)
        if row is not None:
            if row.active:
                return False
            row.active, row.updated_at = True, now
            await self._s.flush()
            return True
        row = DepartmentRow(name=name, active=True, updated_at=now)
        self._s.add(row)
        await self._s.flush()
        self._s.add(DepartmentAliasRow(alias=normalise_department(name), department_id=row.id))
        await self._s.flush()
        return True

    async def rename(self, old: str, new: str, now: datetime) -> bool:
        """The old name stays an alias, so consultations filed under it keep counting for the department."""
        row = await self._by_alias(old)
        if row is None:
            return False
        taken = await self._by_alias(new)
        if taken is not None and taken.id != row.id:
            return False
        row.name, row.updated_at = new, now
        if taken is None:
            self._s.add(DepartmentAliasRow(alias=normalise_department(new), department_id=row.id))
        await self._s.flush()
        return True

    async def deactivate(self, name: str, now: datetime) -> bool:
        row = await self._by_alias(name)
        if row is None or not row.active:
            return False
        row.active, row.updated_at = False, now
        await self._s.flush()
        return True

    async def canonical(self, name: str) -> str | None:
        row = await self._by_alias(name) if normalise_department(name) else None
        return row.name if row is not None and row.active else None

    async def active_names(self) -> Sequence[str]:
        rows = await self._s.execute(
            select(DepartmentRow.name).where(DepartmentRow.active).order_by(DepartmentRow.name)
        )
        return list(rows.scalars())
