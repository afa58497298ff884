"""Reports over a period: the summary figures and the CSV export (the import's format). Their presentation is in
bot/views/summary.py."""

import csv
import io
from datetime import datetime, tzinfo

from bot.domain.periods import Period, week_of
from bot.domain.ports import UnitOfWorkFactory
from bot.domain.register_rows import Reporting
from bot.domain.stats import Summary, summarize

EXPORT_COLUMNS = (
    "number",
    "title",
    "body",
    "category",
    "status",
    "department",
    "created",
    "closed",
    "hours_saved_per_month",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # Excel reads these as a formula (CSV injection)


async def build_summary(uow: UnitOfWorkFactory, period: Period, *, now: datetime, tz: tzinfo) -> Summary:
    """The figures of `period` as of `now`, read in one unit of work (one consistent snapshot)."""
    start, end = period.bounds(tz)
    week_start, _ = week_of(now.astimezone(tz).date()).bounds(tz)
    async with uow() as u:
        reporting: Reporting = u.reporting
        departments = await reporting.department_directory()
        facts = await reporting.facts(start, end, week_start, now)
    return summarize(facts, period, as_of=now, tz=tz, departments=departments)


async def export_csv(uow: UnitOfWorkFactory, period: Period, *, tz: tzinfo) -> bytes:
    """Consultations created in the period as CSV for Excel: UTF-8 with BOM, CRLF, local dates; it imports back."""
    start, end = period.bounds(tz)
    async with uow() as u:
        reporting: Reporting = u.reporting
        rows = await reporting.consultations_in(start, end)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for r in rows:
        closed = r.closed_at.astimezone(tz).date().isoformat() if r.closed_at else ""
        hours = "" if r.hours_saved_per_month is None else f"{r.hours_saved_per_month:g}"
        cells = (r.number, r.title, r.body, r.category, r.status, r.department)
        writer.writerow([*map(excel_safe, cells), r.created_at.astimezone(tz).date().isoformat(), closed, hours])
    return out.getvalue().encode("utf-8-sig")


def excel_safe(cell: str) -> str:
    """A cell Excel would run as a formula (=, +, -, @, tab, CR first) is prefixed with ' so it stays text."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell
