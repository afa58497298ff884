"""The outbox: proactive messages waiting for another try. Entries are leased with a conditional UPDATE, so two
instances never send the same entry at the same time."""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.ports import OutboxEntry
from storage.orm import OutboxRow

LEASE = timedelta(minutes=2)


class SqlOutbox:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, kind: str, payload: dict[str, Any], *, now: datetime, error: str = "") -> None:
        self._s.add(
            OutboxRow(
                kind=kind,
                payload=payload,
                attempts=1,
                next_attempt_at=now + backoff(1),
                last_error=error[:200],
                created_at=now,
            )
        )
        await self._s.flush()

    async def lease_due(self, now: datetime, limit: int = 50) -> Sequence[OutboxEntry]:
        """Due entries, each leased for a while (another instance skips it until the lease runs out)."""
        rows = (
            await self._s.execute(
                select(OutboxRow.id)
                .where(OutboxRow.done_at.is_(None), OutboxRow.dead.is_(False), OutboxRow.next_attempt_at <= now)
                .order_by(OutboxRow.next_attempt_at)
                .limit(limit)
            )
        ).scalars()
        leased = []
        for entry_id in list(rows):
            result = await self._s.execute(
                update(OutboxRow)
                .where(OutboxRow.id == entry_id, OutboxRow.next_attempt_at <= now, OutboxRow.done_at.is_(None))
                .values(next_attempt_at=now + LEASE)
                .returning(OutboxRow.id, OutboxRow.kind, OutboxRow.payload, OutboxRow.attempts)
            )
            row = result.first()
            if row is not None:
                leased.append(OutboxEntry(*row))
        return leased

    async def done(self, entry_id: int, now: datetime) -> None:
        await self._s.execute(update(OutboxRow).where(OutboxRow.id == entry_id).values(done_at=now))

    async def retry_later(self, entry: OutboxEntry, now: datetime, error: str, *, max_attempts: int) -> bool:
        """Schedule another try with exponential backoff; after `max_attempts` the entry is dead (kept, logged)."""
        attempts = entry.attempts + 1
        dead = attempts > max_attempts
        await self._s.execute(
            update(OutboxRow)
            .where(OutboxRow.id == entry.id)
            .values(attempts=attempts, next_attempt_at=now + backoff(attempts), last_error=error[:200], dead=dead)
        )
        return not dead

    async def give_up(self, entry_id: int, error: str) -> None:
        await self._s.execute(
            update(OutboxRow).where(OutboxRow.id == entry_id).values(dead=True, last_error=error[:200])
        )

    async def pending(self) -> int:
        rows = await self._s.execute(select(OutboxRow.id).where(OutboxRow.done_at.is_(None), OutboxRow.dead.is_(False)))
        return len(rows.all())


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes, at most an hour."""
    return timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))
