"""The PDCA workbook's figures for a period, read in one unit of work (one consistent snapshot); the workbook itself
is written by bot/views/workbook.py."""

from datetime import datetime, tzinfo

from bot.domain.annual_review import AnnualReview, annual_review
from bot.domain.periods import Period, week_of
from bot.domain.ports import UnitOfWorkFactory
from bot.domain.stats import summarize


async def build_review(uow: UnitOfWorkFactory, period: Period, *, now: datetime, tz: tzinfo) -> AnnualReview:
    """The summary of `period` as of `now` (as build_summary gives it) and the workbook's other figures."""
    start, end = period.bounds(tz)
    week_start, _ = week_of(now.astimezone(tz).date()).bounds(tz)
    async with uow() as u:
        departments = await u.reporting.department_directory()
        facts = await u.reporting.facts(start, end, week_start, now)
        rows = await u.review.rows(start, end, now)
    summary = summarize(facts, period, as_of=now, tz=tz, departments=departments)
    return annual_review(rows, summary, tz=tz, departments=departments)
