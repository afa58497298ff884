"""Background jobs: the weekly summary loop (catch-up on start, then every scheduled slot)."""

import asyncio
import logging
from dataclasses import dataclass

from bot.deps import Deps
from bot.domain.ports import ChannelPoster
from bot.domain.schedule import WeeklySchedule, next_slot
from bot.services.summaries import SummaryCard, send_due

log = logging.getLogger("consult.jobs")
RETRY_AFTER_FAILURE = 300.0  # seconds; a database outage must not end the loop


@dataclass
class WeeklySummaryJob:
    deps: Deps
    poster: ChannelPoster
    card_for: SummaryCard
    schedule: WeeklySchedule

    async def run_once(self) -> int:
        return await send_due(
            self.deps.uow,
            self.poster,
            self.card_for,
            now=self.deps.clock.now(),
            schedule=self.schedule,
            configured=self.deps.configured_channels,
        )

    async def run_forever(self) -> None:
        while True:
            wait = RETRY_AFTER_FAILURE
            try:
                sent = await self.run_once()
                if sent:
                    log.info("weekly summary sent", extra={"channels": sent})
                now = self.deps.clock.now()
                wait = max(1.0, (next_slot(now, self.schedule) - now).total_seconds())
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("weekly summary run failed; retrying later")
            await asyncio.sleep(wait)
