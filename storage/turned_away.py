"""Messages turned away as not a DX consultation (対象外): one row each, the topic only, and when the sender
registered it as a consultation after all."""

from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.scope import TurnedAwayCounts
from storage.db import rowcount
from storage.orm import TurnedAwayRow


class SqlTurnedAway:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, topic: str, at: datetime) -> int:
        stmt = insert(TurnedAwayRow).values(topic=topic[:32], at=at).returning(TurnedAwayRow.id)
        return int((await self._s.execute(stmt)).scalar_one())

    async def mark_registered(self, turned_away_id: int, at: datetime) -> bool:
        """Set registered_at once (a second press or a redelivery leaves the first time)."""
        stmt = (
            update(TurnedAwayRow)
            .where(TurnedAwayRow.id == turned_away_id, TurnedAwayRow.registered_at.is_(None))
            .values(registered_at=at)
        )
        return rowcount(await self._s.execute(stmt)) == 1

    async def counts(self, start_utc: datetime, end_utc: datetime, as_of: datetime) -> TurnedAwayCounts:
        """Turned away in [start, end) up to `as_of`; of those, registered by `as_of`."""
        registered = func.count(TurnedAwayRow.registered_at).filter(TurnedAwayRow.registered_at <= as_of)
        stmt = select(func.count(), registered).where(
            TurnedAwayRow.at >= start_utc, TurnedAwayRow.at < end_utc, TurnedAwayRow.at <= as_of
        )
        total, done = (await self._s.execute(stmt)).one()
        return TurnedAwayCounts(int(total), int(done))
