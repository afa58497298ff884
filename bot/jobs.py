"""Background jobs: the weekly summary loop and the daily ageing loop (catch-up on start, then every scheduled
slot)."""

import asyncio
import logging
from dataclasses import dataclass

from bot.deps import Deps
from bot.domain.ageing import AgeingRules
from bot.domain.daily_schedule import DailySchedule, due_day, next_run
from bot.domain.ports import ChannelPoster
from bot.domain.schedule import WeeklySchedule, next_slot
from bot.services import ageing
from bot.services.ageing import DigestCard, NudgeText
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
            ageing=self.deps.ageing,
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


@dataclass
class DailyAgeingJob:
    """At DIGEST_TIME on every business day (and on start, when that day's slot has passed): the support team's
    digest and the assignees' nudges. Claims in SQL make each once, whatever the number of instances."""

    deps: Deps
    poster: ChannelPoster
    card_for: DigestCard
    nudge_text: NudgeText
    schedule: DailySchedule
    rules: AgeingRules
    digest_channel_id: str = ""
    digest_enabled: bool = True
    nudges_enabled: bool = True

    async def run_once(self) -> tuple[int, int]:
        """(digests posted, nudges sent) by this run."""
        deps, now = self.deps, self.deps.clock.now()
        posted = nudged = 0
        if due_day(now, self.schedule) is None:  # not a business day, or before its slot: nothing to read
            return posted, nudged
        if self.digest_enabled:
            targets = await ageing.digest_channels(deps.uow, deps.configured_channels, self.digest_channel_id)
            posted = await ageing.send_digest(
                deps.uow, self.poster, self.card_for, now=now, schedule=self.schedule, rules=self.rules, targets=targets
            )
        if self.nudges_enabled and deps.notifier is not None:
            nudged = await ageing.send_nudges(
                deps.uow, deps.notifier, deps.roster, self.nudge_text, now=now, schedule=self.schedule, rules=self.rules
            )
        return posted, nudged

    async def run_forever(self) -> None:
        while True:
            wait = RETRY_AFTER_FAILURE
            try:
                posted, nudged = await self.run_once()
                if posted or nudged:
                    log.info("ageing digest and nudges sent", extra={"digests": posted, "nudges": nudged})
                now = self.deps.clock.now()
                wait = max(1.0, (next_run(now, self.schedule) - now).total_seconds())
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("ageing run failed; retrying later")
            await asyncio.sleep(wait)
