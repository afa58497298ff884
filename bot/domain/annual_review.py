"""The figures of the PDCA workbook (the annual review): the month-by-month trend, every department of the master,
hours saved and where each figure came from, and the 横展開候補 — computed from plain rows, beside the period's
Summary (bot/domain/stats.py), whose rules they follow: received (受付) is created in the period and not withdrawn
by `as_of`, completed (完了) is done by `as_of`, a department is counted under its current name."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum
from typing import Protocol

from bot.domain.consultation import Status
from bot.domain.periods import Period
from bot.domain.stats import CATEGORIES, DepartmentDirectory, Summary

_DONE, _WITHDRAWN = Status.DONE.value, Status.WITHDRAWN.value
MONTHS_PER_YEAR = 12
MINUTES_PER_HOUR = 60


@dataclass(frozen=True)
class ReviewRow:
    """One consultation as the workbook reads it, with its BPR worksheet's counts (None without a worksheet)."""

    number: str
    title: str
    category: str  # "bpr" | "app"
    status: str  # Status value
    department: str  # as recorded
    created_at: datetime  # aware
    closed_at: datetime | None
    hours_saved_per_month: float | None  # the outcome's figure, entered when closing
    resolution: str = ""
    artefact_name: str = ""
    artefact_environment: str = ""
    reuse_note: str = ""
    reuse_marked_at: datetime | None = None  # set: a 横展開候補
    yearly_count: int | None = None  # the worksheet's 年間件数
    minutes_per_case: float | None = None  # the worksheet's 1件あたり時間（分）


class ReviewReading(Protocol):
    async def rows(self, start_utc: datetime, end_utc: datetime, as_of: datetime) -> list[ReviewRow]:
        """Consultations created by `as_of` that were created, closed or marked 横展開候補 in [start, end)."""
        ...


class Source(StrEnum):
    """Where an hours-saved figure came from."""

    OUTCOME = "outcome"  # 完了時に入力した削減時間
    WORKSHEET = "worksheet"  # 業務シート: 年間件数 × 1件あたり分 ÷ 60 ÷ 12
    NONE = "none"  # neither has a figure


@dataclass(frozen=True)
class MonthFigures:
    month: date  # the first day of the month (the period's first month may start later: see AnnualReview.period)
    received: tuple[int, ...]  # per category, in CATEGORIES order: created in the month, not withdrawn
    completed: tuple[int, ...]  # per category: done (by as_of) in the month, whenever received


@dataclass(frozen=True)
class DepartmentFigures:
    name: str  # the current name; "" for consultations recorded without a department
    in_master: bool  # an active department of the master
    received: tuple[int, ...]  # per category
    completed: int
    completion_rate: float  # completed / received, 0.0 when nothing was received

    @property
    def total(self) -> int:
        return sum(self.received)


@dataclass(frozen=True)
class Saving:
    """A consultation completed in the period, and the hours per month its improvement saves."""

    number: str
    department: str
    category: str
    title: str
    closed_on: date
    hours_per_month: float | None
    source: Source
    yearly_count: int | None
    minutes_per_case: float | None


@dataclass(frozen=True)
class MonthSavings:
    month: date
    from_outcomes: float  # hours per month added by consultations completed in the month
    from_worksheets: float
    cumulative: float  # hours per month in effect by the end of the month (the period's completions so far)

    @property
    def total(self) -> float:
        return self.from_outcomes + self.from_worksheets


@dataclass(frozen=True)
class Case:
    """A 横展開候補 marked in the period."""

    number: str
    department: str
    category: str
    title: str
    resolution: str
    artefact_name: str
    artefact_environment: str
    note: str
    marked_on: date
    closed_on: date | None


@dataclass(frozen=True)
class AnnualReview:
    summary: Summary  # 概要: the same figures as the report and the dashboard
    months: tuple[MonthFigures, ...]
    departments: tuple[DepartmentFigures, ...]
    savings: tuple[Saving, ...]
    savings_by_month: tuple[MonthSavings, ...]
    cases: tuple[Case, ...]

    @property
    def period(self) -> Period:
        return self.summary.period

    @property
    def as_of(self) -> datetime:
        return self.summary.as_of


def rate(completed: int, received: int) -> float:
    return completed / received if received else 0.0


def months_of(period: Period) -> tuple[date, ...]:
    """The first day of every calendar month the period touches, in order."""
    months, month = [], period.start.replace(day=1)
    while month <= period.end:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return tuple(months)


def worksheet_hours(yearly_count: int | None, minutes_per_case: float | None) -> float | None:
    """Hours per month from a worksheet: 年間件数 × 1件あたり分 ÷ 60 ÷ 12; None unless both are given."""
    if yearly_count is None or minutes_per_case is None:
        return None
    return yearly_count * minutes_per_case / MINUTES_PER_HOUR / MONTHS_PER_YEAR


def annual_review(
    rows: Iterable[ReviewRow],
    summary: Summary,
    *,
    tz: tzinfo,
    departments: DepartmentDirectory | None = None,
) -> AnnualReview:
    """The workbook's figures for `summary`'s period as of its moment, from `rows` (ReviewReading.rows)."""
    period, now = summary.period, summary.as_of.astimezone(UTC)
    start, end = period.bounds(tz)
    directory = departments or DepartmentDirectory()
    index = {c: i for i, c in enumerate(CATEGORIES)}
    months = {m: ([0] * len(CATEGORIES), [0] * len(CATEGORIES)) for m in months_of(period)}
    by_department: dict[str, tuple[list[int], list[int]]] = {}
    savings: list[Saving] = []
    cases: list[Case] = []

    def month_of(moment: datetime) -> date:
        return moment.astimezone(tz).date().replace(day=1)

    for row in rows:
        if row.created_at > now:
            continue
        closed = row.closed_at if row.closed_at is not None and row.closed_at <= now else None
        done = row.status == _DONE and closed is not None
        gone = row.status == _WITHDRAWN and (row.closed_at is None or row.closed_at <= now)
        name = directory.canonical(row.department)
        c = index.get(row.category)
        if c is not None and start <= row.created_at < end and not gone:
            months[month_of(row.created_at)][0][c] += 1
            counts = by_department.setdefault(name, ([0] * len(CATEGORIES), [0]))
            counts[0][c] += 1
            counts[1][0] += done
        if done and closed is not None and start <= closed < end:
            if c is not None:
                months[month_of(closed)][1][c] += 1
            savings.append(_saving(row, name, closed.astimezone(tz).date()))
        marked = row.reuse_marked_at
        if marked is not None and start <= marked < end and marked <= now:
            closed_on = closed.astimezone(tz).date() if closed else None
            cases.append(
                Case(
                    row.number,
                    name,
                    row.category,
                    row.title,
                    row.resolution,
                    row.artefact_name,
                    row.artefact_environment,
                    row.reuse_note,
                    marked.astimezone(tz).date(),
                    closed_on,
                )
            )

    savings.sort(key=lambda s: (s.closed_on, s.number))
    cases.sort(key=lambda x: (x.marked_on, x.number))
    return AnnualReview(
        summary=summary,
        months=tuple(MonthFigures(m, tuple(r), tuple(d)) for m, (r, d) in months.items()),
        departments=_departments(by_department, directory),
        savings=tuple(savings),
        savings_by_month=_savings_by_month(savings, tuple(months)),
        cases=tuple(cases),
    )


def _saving(row: ReviewRow, department: str, closed_on: date) -> Saving:
    hours, source = row.hours_saved_per_month, Source.OUTCOME
    if hours is None:
        hours = worksheet_hours(row.yearly_count, row.minutes_per_case)
        source = Source.WORKSHEET if hours is not None else Source.NONE
    return Saving(
        row.number,
        department,
        row.category,
        row.title,
        closed_on,
        hours,
        source,
        row.yearly_count,
        row.minutes_per_case,
    )


def _departments(
    counts: dict[str, tuple[list[int], list[int]]], directory: DepartmentDirectory
) -> tuple[DepartmentFigures, ...]:
    """The master's active departments in its order (zeros included), then names outside it, then "" (none given)."""
    master = [directory.canonical(n) for n in directory.names]
    others = sorted(n for n in counts if n not in set(master) and n)
    names = list(dict.fromkeys(master)) + others + ([""] if "" in counts else [])
    empty: tuple[list[int], list[int]] = ([0] * len(CATEGORIES), [0])
    out = []
    for name in names:
        received, (completed,) = counts.get(name, empty)
        out.append(DepartmentFigures(name, name in master, tuple(received), completed, rate(completed, sum(received))))
    return tuple(out)


def _savings_by_month(savings: Sequence[Saving], months: Sequence[date]) -> tuple[MonthSavings, ...]:
    added = {m: [0.0, 0.0] for m in months}
    for s in savings:
        if s.hours_per_month is not None and s.source is not Source.NONE:
            added[s.closed_on.replace(day=1)][s.source is Source.WORKSHEET] += s.hours_per_month
    out, running = [], 0.0
    for month, (outcomes, worksheets) in added.items():
        running += outcomes + worksheets
        out.append(MonthSavings(month, outcomes, worksheets, running))
    return tuple(out)
