"""The weekly summary: which week is due, one claim per (week, channel) in SQL, then the post."""

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Any

from bot.domain.ageing import AgeingRules
from bot.domain.periods import fiscal_year_of, week_of
from bot.domain.ports import ChannelPoster, ChannelSetting, UnitOfWorkFactory
from bot.domain.schedule import WeeklySchedule, latest_slot, reported_week_start
from bot.domain.stats import Summary
from bot.services import channels
from bot.services.claimed_posts import post_once
from bot.services.reports import build_summary

SummaryCard = Callable[[Summary], dict[str, Any]]


async def weekly_summary(
    uow: UnitOfWorkFactory, slot: datetime, tz: tzinfo, ageing: AgeingRules | None = None
) -> tuple[str, Summary]:
    """(period key, figures) for the slot: the fiscal year to date, as of the end of the reported week (with
    `ageing`, the open consultations' ages in business days too)."""
    week = week_of(reported_week_start(slot))
    as_of = datetime.combine(week.end + timedelta(days=1), datetime.min.time(), tzinfo=tz) - timedelta(microseconds=1)
    summary = await build_summary(uow, fiscal_year_of(week.end), now=as_of, tz=tz, ageing=ageing)
    return week.key, summary


async def send_due(
    uow: UnitOfWorkFactory,
    poster: ChannelPoster,
    card_for: SummaryCard,
    *,
    now: datetime,
    schedule: WeeklySchedule,
    configured: Sequence[ChannelSetting] = (),
    ageing: AgeingRules | None = None,
) -> int:
    """Send the latest due summary to every summary channel that has not had it; returns how many were sent.
    Safe to call from several instances and on every start: the claim decides who sends."""
    targets = [s.channel_id for s in await channels.all_settings(uow, configured) if s.purpose == channels.SUMMARY]
    if not targets:
        return 0
    slot = latest_slot(now, schedule)
    key, summary = await weekly_summary(uow, slot, schedule.tz, ageing)
    card = card_for(summary)
    posted = [await post_once(uow, poster, key, c, card, now, what="weekly summary") for c in dict.fromkeys(targets)]
    return sum(posted)
