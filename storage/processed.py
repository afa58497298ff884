"""Activities already applied: the first writer of a key wins, inside the caller's transaction."""

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.orm import ProcessedActivityRow


class SqlProcessedActivities:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def first_time(self, key: str, now: datetime) -> bool:
        """Record `key`; False when it was recorded before (the same Teams activity delivered again)."""
        try:
            async with self._s.begin_nested():
                self._s.add(ProcessedActivityRow(key=key[:512], at=now))
                await self._s.flush()
        except IntegrityError:
            return False
        return True
