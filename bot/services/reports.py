"""Reports over a period: the summary figures and the CSV export (the import's format). Their presentation is in
bot/views/summary.py.

The export lists every consultation created in the period, withdrawn ones included (状況 取り下げ): its row count is
the summary's received + withdrawn. Its headers and values are Japanese for Excel users (番号, 件名, …, 業務改善（BPR）,
対応中), or the codes (number, bpr, in_progress) for other programs; `consult import` reads both."""

import csv
import io
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo
from typing import Literal

from bot.domain.ageing import AgeingRules, figures
from bot.domain.ageing import report as ageing_report
from bot.domain.periods import Period, week_of
from bot.domain.ports import UnitOfWorkFactory
from bot.domain.register_rows import REGISTER_COLUMNS, Reporting
from bot.domain.stats import Summary, summarize
from bot.texts import t

Labels = Literal["ja", "codes"]
LABELS: tuple[Labels, ...] = ("ja", "codes")  # the first is the default of the dashboard and `consult report`
EXPORT_COLUMNS = REGISTER_COLUMNS
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # Excel reads these as a formula (CSV injection)


async def build_summary(
    uow: UnitOfWorkFactory, period: Period, *, now: datetime, tz: tzinfo, ageing: AgeingRules | None = None
) -> Summary:
    """The figures of `period` as of `now`, read in one unit of work (one consistent snapshot). With `ageing`, also
    the open consultations' ages in business days on `now`'s date (flagged count, buckets, oldest)."""
    start, end = period.bounds(tz)
    week_start, _ = week_of(now.astimezone(tz).date()).bounds(tz)
    async with uow() as u:
        reporting: Reporting = u.reporting
        departments = await reporting.department_directory()
        facts = await reporting.facts(start, end, week_start, now)
        new_reuse = await u.catalogue.entries(marked_from=week_start, marked_until=now + timedelta(microseconds=1))
        turned_away = await u.turned_away.counts(start, end, now)
        if ageing is not None:
            open_now, held = await u.ageing.open_consultations(), await u.ageing.on_hold_since()
    summary = summarize(facts, period, as_of=now, tz=tz, departments=departments, turned_away=turned_away)
    summary = replace(summary, new_reuse=tuple(new_reuse))
    if ageing is None:
        return summary
    today = now.astimezone(tz).date()
    aged = ageing_report(open_now, today=today, rules=ageing, tz=tz, on_hold_since=held)
    return replace(summary, business_ageing=figures(aged))


def export_header(labels: Labels = "ja") -> list[str]:
    """The header row: Japanese column names (番号, 件名, …) or the codes (number, title, …)."""
    return list(EXPORT_COLUMNS) if labels == "codes" else [t(f"csv.column.{c}", "ja") for c in EXPORT_COLUMNS]


def _value_labels(labels: Labels) -> tuple[Callable[[str], str], Callable[[str], str]]:
    """(category, status) as written: 業務改善（BPR） / 対応中, or the codes bpr / in_progress."""
    if labels == "codes":
        return str, str
    return (lambda c: t(f"category.{c}", "ja")), (lambda s: t(f"status.{s}", "ja"))


async def export_csv(uow: UnitOfWorkFactory, period: Period, *, tz: tzinfo, labels: Labels = "ja") -> bytes:
    """Consultations created in the period as CSV for Excel: UTF-8 with BOM, CRLF, local dates, Japanese headers
    and labels (or the codes, `labels="codes"`); either imports back."""
    if labels not in LABELS:
        raise ValueError(f"labels must be one of {LABELS}, not {labels!r}")
    start, end = period.bounds(tz)
    async with uow() as u:
        reporting: Reporting = u.reporting
        rows = await reporting.consultations_in(start, end)
    category, status = _value_labels(labels)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(export_header(labels))
    for r in rows:
        closed = r.closed_at.astimezone(tz).date().isoformat() if r.closed_at else ""
        hours = "" if r.hours_saved_per_month is None else f"{r.hours_saved_per_month:g}"
        cells = (r.number, r.title, r.body, category(r.category), status(r.status), r.department)
        dates = (r.created_at.astimezone(tz).date().isoformat(), closed, hours)
        writer.writerow([*map(excel_safe, cells), *dates, excel_safe(r.resolution), excel_safe(r.artefact_name)])
    return out.getvalue().encode("utf-8-sig")


def excel_safe(cell: str) -> str:
    """A cell Excel would run as a formula (=, +, -, @, tab, CR first) is prefixed with ' so it stays text."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell
