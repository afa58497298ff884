"""Reports over a period: the summary figures, a plain-text report, and the CSV export (the import's format)."""

import csv
import io
from collections.abc import Sequence
from datetime import datetime, tzinfo

from bot.domain.periods import Period, week_of
from bot.domain.ports import UnitOfWorkFactory
from bot.domain.register_rows import Reporting
from bot.domain.stats import CategoryFigures, Summary, summarize
from bot.texts import t

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
MAX_SILENT = 30


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


def headline(summary: Summary, locale: str) -> str:
    """The programme's sentence: 「BPR 179件中105件完了（59%）…」, the same in the card, the text and the chat."""
    bpr, app = summary.categories
    return t(
        "summary.headline",
        locale,
        bpr_received=bpr.received,
        bpr_completed=bpr.completed,
        bpr_rate=bpr.completion_rate,
        app_received=app.received,
        app_completed=app.completed,
        app_rate=app.completion_rate,
    )


def report_text(summary: Summary, locale: str = "ja") -> str:
    """The summary as plain text (the same strings as the summary card), one figure per line."""
    s = summary
    lines = [
        t("summary.heading", locale, period=s.period.label(locale)),
        headline(s, locale),
        _fact(t("summary.total", locale), _rate(s.total, locale)),
    ]
    for c in s.categories:
        if c.lead_time_median_days is not None:
            name = t(f"category.short.{c.category}", locale)
            days = t("summary.days", locale, median=c.lead_time_median_days, p90=c.lead_time_p90_days)
            lines.append(_fact(t("summary.lead_time", locale, category=name), days))
    hours = t("value.hours", locale, hours=f"{s.hours_saved_per_month:g}")
    lines += [_fact(t("summary.hours_saved", locale), hours), "", t("summary.backlog", locale)]
    lines += [_fact(t(f"status.{k}", locale), t("summary.count", locale, n=n)) for k, n in s.open_by_status.items()]
    lines += [_fact(t("summary.age", locale, bucket=k), t("summary.count", locale, n=n)) for k, n in s.ageing.items()]
    week = week_of(s.as_of.date()).label(locale)  # as_of is in the caller's zone (local "now")
    counts = t("summary.week_counts", locale, new=s.new_this_week, closed=s.closed_this_week)
    lines += [_fact(t("summary.this_week", locale, week=week), counts), "", t("summary.departments", locale)]
    lines += [_fact(d.name, t("summary.count", locale, n=d.received)) for d in s.top_departments] or ["-"]
    if s.silent_departments:
        lines.append(t("summary.silent", locale, names=_names(s.silent_departments, locale)))
    return "\n".join(lines) + "\n"


def _rate(c: CategoryFigures, locale: str) -> str:
    return t("summary.rate", locale, received=c.received, completed=c.completed, rate=c.completion_rate)


def _fact(name: str, value: str) -> str:
    return f"{name}：{value}"


def _names(names: Sequence[str], locale: str) -> str:
    shown = names[:MAX_SILENT]
    more = len(names) - len(shown)
    return "、".join(shown) + (t("summary.more", locale, n=more) if more > 0 else "")
