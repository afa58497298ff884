"""Messages turned away as not a DX consultation (対象外): recorded by topic only, once per Teams activity, and
marked when their sender registers them as a consultation after all."""

from datetime import datetime

from bot.domain.ports import UnitOfWorkFactory
from bot.domain.scope import Topic


async def record(uow: UnitOfWorkFactory, topic: Topic, *, activity_id: str, now: datetime) -> int | None:
    """The new turned_away row's id; None when this activity was turned away already (a redelivery)."""
    async with uow() as u:
        if activity_id and not await u.processed.first_time(f"turned-away:{activity_id}", now):
            return None
        return await u.turned_away.add(str(topic), now)


async def mark_registered(uow: UnitOfWorkFactory, turned_away_id: int, now: datetime) -> bool:
    async with uow(standalone=True) as u:
        return await u.turned_away.mark_registered(turned_away_id, now)
