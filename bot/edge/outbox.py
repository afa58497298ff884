"""Never drop a notification: what the host's notifier (bot/edge/notify.py) could not deliver after its own retries
goes to the outbox, and a background loop retries it with backoff (one instance per entry, by lease). 403s are not
retried. The same on both hosts."""

import asyncio
import logging
from dataclasses import asdict
from typing import Any

from bot.domain.ports import Clock, Recipient, UnitOfWorkFactory
from bot.edge.notify import Delivery, ProactiveNotifier

log = logging.getLogger("consult.outbox")
MAX_ATTEMPTS = 10
POLL_SECONDS = 30.0


class OutboxNotifier:
    """Implements bot.domain.ports.Notifier on top of a host's ProactiveNotifier."""

    def __init__(self, inner: ProactiveNotifier, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._inner, self._uow, self._clock = inner, uow, clock

    async def notify(self, recipient: Recipient, text: str, card: dict[str, Any] | None = None) -> bool:
        result = await self._inner.deliver(recipient, text, card)
        if result is Delivery.RETRY:
            payload = {"recipient": asdict(recipient), "text": text, "card": card}
            async with self._uow() as u:
                await u.outbox.add("notify", payload, now=self._clock.now(), error="delivery failed")
            log.info("notification queued in the outbox", extra={"person_id": recipient.person_id})
        return result is Delivery.DELIVERED

    async def retry_due(self) -> int:
        """One pass over the due entries; returns how many were delivered."""
        now = self._clock.now()
        async with self._uow() as u:
            entries = await u.outbox.lease_due(now)
        delivered = 0
        for entry in entries:
            payload = entry.payload
            result = await self._inner.deliver(Recipient(**payload["recipient"]), payload["text"], payload.get("card"))
            async with self._uow() as u:
                if result is Delivery.DELIVERED:
                    await u.outbox.done(entry.id, self._clock.now())
                    delivered += 1
                elif result is Delivery.GIVE_UP:
                    await u.outbox.give_up(entry.id, "cannot deliver (403 or no route)")
                    log.warning("outbox entry given up", extra={"entry": entry.id})
                elif not await u.outbox.retry_later(
                    entry, self._clock.now(), "delivery failed", max_attempts=MAX_ATTEMPTS
                ):
                    log.warning(
                        "outbox entry dead after retries", extra={"entry": entry.id, "attempts": entry.attempts}
                    )
        return delivered

    async def run_forever(self, poll_seconds: float = POLL_SECONDS) -> None:
        while True:
            try:
                await self.retry_due()
            except asyncio.CancelledError:
                raise
            except Exception:  # the database may be down: try again next round
                log.exception("outbox pass failed")
            await asyncio.sleep(poll_seconds)
