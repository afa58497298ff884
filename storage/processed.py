"""Activities already applied: the first writer of a key wins, inside the caller's transaction."""

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from storage.conflicts import conflict_insert
from storage.db import rowcount
from storage.orm import ProcessedActivityRow


class SqlProcessedActivities:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def first_time(self, key: str, now: datetime) -> bool:
        """Record `key`; False when it was recorded before (the same Teams activity delivered again). One statement:
        INSERT ... ON CONFLICT DO NOTHING (a concurrent first writer makes PostgreSQL wait for its outcome)."""
        stmt = conflict_insert(self._s, ProcessedActivityRow).values(key=key[:512], at=now).on_conflict_do_nothing()
        return rowcount(await self._s.execute(stmt)) == 1
