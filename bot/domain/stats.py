"""Consultation statistics for a period (集計): figures per category, lead times, backlog and departments.

One definition of "received" (受付) holds for every figure: a consultation created in the period (or the week) that
had not been withdrawn by `as_of`. Withdrawn consultations are counted on their own (`withdrawn`,
`withdrawn_this_week`), never as received, completed or open; a withdrawal after `as_of` does not count yet."""

import math
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from itertools import chain
from typing import Any, NamedTuple

from bot.domain.ageing import AgeingFigures
from bot.domain.catalogue import CatalogueEntry
from bot.domain.category import Category
from bot.domain.consultation import Status
from bot.domain.periods import Period, week_of
from bot.domain.scope import TurnedAwayCounts

AGE_BUCKETS = ("0-7", "8-30", "31-90", "91+")  # days: ≤7, 8–30, 31–90, >90
OPEN_STATUSES = tuple(s.value for s in Status if not s.is_closed)
CATEGORIES = tuple(c.value for c in Category)  # ("bpr", "app"): the order of Summary.categories
TOP_DEPARTMENTS = 5
_DONE, _WITHDRAWN = Status.DONE.value, Status.WITHDRAWN.value
_MICROSECOND = timedelta(microseconds=1)
_DAY_US = Decimal(86_400_000_000)
_TENTH = Decimal("0.1")


class ConsultationFact(NamedTuple):
    """The few fields of one consultation that statistics need (a snapshot of its current state). A named tuple:
    reports build 100,000 of them, and a tuple is made in a third of the time a frozen dataclass takes."""

    category: str  # "bpr" | "app"
    status: str  # Status value
    department: str  # as recorded on the consultation (free text, may be "")
    created_at: datetime  # aware (UTC)
    closed_at: datetime | None  # aware, set for done/withdrawn
    hours_saved_per_month: float | None = None


@dataclass(frozen=True)
class CategoryFigures:
    category: str  # "bpr", "app", or "all" for the total
    received: int  # created within the period, withdrawn ones excluded
    completed: int  # of those received, status "done" with closed_at <= as_of
    completion_rate: int  # percent, rounded half up; 0 when nothing was received
    lead_time_median_days: float | None  # created -> closed over completed, 1 decimal; None if none completed
    lead_time_p90_days: float | None  # nearest-rank 90th percentile, 1 decimal
    hours_saved_per_month: float  # sum over completed (None counts as 0)


@dataclass(frozen=True)
class DepartmentCount:
    name: str
    received: int


def normalise_department(name: str) -> str:
    """Comparison key for department names: NFKC, casefold, all whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass(frozen=True)
class DepartmentDirectory:
    """The department master: active canonical names, and old names (aliases) mapped to them after renames."""

    names: tuple[str, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)  # normalise_department(alias) -> canonical name

    def canonical(self, name: str) -> str:
        """The canonical name for an active name or alias (any spelling); unknown names come back stripped."""
        return self._lookup.get(normalise_department(name), name.strip())

    @cached_property
    def _lookup(self) -> dict[str, str]:
        aliases = {normalise_department(k): v for k, v in self.aliases.items()}
        active = {normalise_department(n): n for n in self.names}
        lookup = {}
        for key, target in aliases.items():
            seen = {key}
            while (nxt := normalise_department(target)) in aliases and nxt not in active and nxt not in seen:
                seen.add(nxt)  # follow chains of renames (A -> B -> C); stop at a cycle
                target = aliases[nxt]
            lookup[key] = active.get(normalise_department(target), target.strip())
        lookup.update(active)  # an active name always means itself
        lookup.pop("", None)
        return lookup


@dataclass(frozen=True)
class Summary:
    period: Period
    as_of: datetime
    total: CategoryFigures  # category "all"
    categories: tuple[CategoryFigures, ...]  # exactly (bpr, app)
    open_by_status: Mapping[str, int]  # every open Status value -> count over all consultations open at as_of
    ageing: Mapping[str, int]  # AGE_BUCKETS -> open consultations by whole days since created_at
    new_this_week: int  # received in the (local) week of as_of: created in it, not withdrawn (as `received`)
    closed_this_week: int  # done, closed_at in that week
    top_departments: tuple[DepartmentCount, ...]  # top 5 by received in the period; ties by name
    silent_departments: tuple[str, ...]  # master names with nothing received in the period, sorted
    hours_saved_per_month: float  # == total.hours_saved_per_month
    withdrawn: int  # created in the period and withdrawn by as_of: not in `received`
    withdrawn_this_week: int  # created in the week of as_of and withdrawn by as_of: not in `new_this_week`
    new_reuse: tuple[CatalogueEntry, ...] = ()  # 横展開候補 marked in the week of as_of (build_summary reads them)
    business_ageing: AgeingFigures | None = None  # today's open consultations in business days (when configured)
    # 対象外 answers in the period, and those registered after all
    turned_away: TurnedAwayCounts = field(default_factory=TurnedAwayCounts)


def summarize(
    facts: Iterable[ConsultationFact],
    period: Period,
    *,
    as_of: datetime,
    tz: tzinfo,
    departments: DepartmentDirectory | None = None,
    turned_away: TurnedAwayCounts | None = None,
) -> Summary:
    """Statistics of `period` as of `as_of`, in one pass over `facts` (a generator is fine).

    Facts created after `as_of` are ignored, and a closing after `as_of` does not count (the consultation is then
    neither completed nor open: its earlier status is unknown). Local days are days in `tz`."""
    if as_of.utcoffset() is None:
        raise ValueError("as_of must be timezone-aware")
    now = as_of.astimezone(UTC)
    start, end = period.bounds(tz)
    week_start, week_end = week_of(now.astimezone(tz).date()).bounds(tz)
    directory = departments or DepartmentDirectory()
    canonical: dict[str, str] = {}  # department as recorded -> canonical name
    received: dict[str, int] = dict.fromkeys(CATEGORIES, 0)
    leads: dict[str, list[timedelta]] = {c: [] for c in CATEGORIES}
    hours: dict[str, list[float]] = {c: [] for c in CATEGORIES}  # summed with math.fsum at the end
    by_department: dict[str, int] = {}
    open_by_status = dict.fromkeys(OPEN_STATUSES, 0)
    ageing = [0, 0, 0, 0]
    new_this_week = closed_this_week = withdrawn = withdrawn_this_week = 0

    for fact in facts:
        created = fact.created_at
        if created > now:
            continue
        status = fact.status
        closed = None
        gone = False  # withdrawn by as_of: counted apart from everything received
        if status == _DONE:
            closed = fact.closed_at
            if closed is None or closed > now:
                closed = None
            elif week_start <= closed < week_end:
                closed_this_week += 1
        elif status in open_by_status:
            open_by_status[status] += 1
            age = (now - created).days
            ageing[0 if age <= 7 else 1 if age <= 30 else 2 if age <= 90 else 3] += 1
        elif status == _WITHDRAWN:
            gone = fact.closed_at is None or fact.closed_at <= now
        if week_start <= created < week_end:
            if gone:
                withdrawn_this_week += 1
            else:
                new_this_week += 1
        if start <= created < end:
            if gone:
                withdrawn += 1
                continue
            category = fact.category
            if category not in received:  # not bpr/app: counted in the total only
                received[category], leads[category], hours[category] = 0, [], []
            received[category] += 1
            raw = fact.department
            name = canonical.get(raw)
            if name is None:
                name = canonical[raw] = directory.canonical(raw)
            if name:
                by_department[name] = by_department.get(name, 0) + 1
            if closed is not None:
                leads[category].append(closed - created)
                hours[category].append(fact.hours_saved_per_month or 0.0)

    for durations in leads.values():
        durations.sort()  # once per category; the total then merges sorted runs (linear for timsort)
    per_category = [_figures(c, received[c], leads[c], hours[c]) for c in received]
    total = _figures(
        "all",
        sum(received.values()),
        sorted(chain.from_iterable(leads[c] for c in received)),
        [h for c in received for h in hours[c]],
    )
    top = sorted(by_department.items(), key=lambda item: (-item[1], item[0]))[:TOP_DEPARTMENTS]
    silent = {directory.canonical(n) for n in directory.names} - by_department.keys()
    return Summary(
        period=period,
        as_of=as_of,
        total=total,
        categories=tuple(per_category[: len(CATEGORIES)]),
        open_by_status=open_by_status,
        ageing=dict(zip(AGE_BUCKETS, ageing, strict=True)),
        new_this_week=new_this_week,
        closed_this_week=closed_this_week,
        top_departments=tuple(DepartmentCount(name, n) for name, n in top),
        silent_departments=tuple(sorted(silent)),
        hours_saved_per_month=total.hours_saved_per_month,
        withdrawn=withdrawn,
        withdrawn_this_week=withdrawn_this_week,
        turned_away=turned_away or TurnedAwayCounts(),
    )


def _figures(category: str, received: int, leads: list[timedelta], hours: list[float]) -> CategoryFigures:
    """Figures over `leads` in ascending order (timedeltas sort as their microseconds; only the ranks read are
    converted)."""
    completed = len(leads)
    rate = int((Decimal(100 * completed) / received).quantize(Decimal(1), ROUND_HALF_UP)) if received else 0
    median = p90 = None
    if leads:
        n = len(leads)
        upper = leads[n // 2] // _MICROSECOND
        middle = Decimal(upper) if n % 2 else Decimal(leads[n // 2 - 1] // _MICROSECOND + upper) / 2
        median = _days(middle)
        p90 = _days(Decimal(leads[(9 * n + 9) // 10 - 1] // _MICROSECOND))  # nearest rank: the ceil(0.9 n)-th smallest
    return CategoryFigures(category, received, completed, rate, median, p90, math.fsum(hours))


def _days(microseconds: Decimal) -> float:
    return float((microseconds / _DAY_US).quantize(_TENTH, ROUND_HALF_UP))


def summary_to_dict(s: Summary, locale: str = "ja") -> dict[str, Any]:
    """JSON-ready form of a summary (dates ISO 8601, the period label in `locale`)."""
    p = s.period
    return {
        "period": {
            "key": p.key,
            "kind": p.kind,
            "start": p.start.isoformat(),
            "end": p.end.isoformat(),
            "label": p.label(locale),
        },
        "as_of": s.as_of.isoformat(),
        "total": _figures_dict(s.total),
        "categories": {f.category: _figures_dict(f) for f in s.categories},
        "withdrawn": s.withdrawn,
        "open_by_status": dict(s.open_by_status),
        "ageing": dict(s.ageing),
        "new_this_week": s.new_this_week,
        "closed_this_week": s.closed_this_week,
        "withdrawn_this_week": s.withdrawn_this_week,
        "top_departments": [{"name": d.name, "received": d.received} for d in s.top_departments],
        "silent_departments": list(s.silent_departments),
        "hours_saved_per_month": s.hours_saved_per_month,
        "new_reuse": [
            {"number": e.number, "title": e.title, "department": e.department, "category": e.category, "note": e.note}
            for e in s.new_reuse
        ],
        "business_ageing": s.business_ageing.as_json() if s.business_ageing else None,
        "turned_away": {"count": s.turned_away.turned_away, "registered": s.turned_away.registered},
    }


def _figures_dict(f: CategoryFigures) -> dict[str, Any]:
    return {
        "received": f.received,
        "completed": f.completed,
        "completion_rate": f.completion_rate,
        "lead_time_median_days": f.lead_time_median_days,
        "lead_time_p90_days": f.lead_time_p90_days,
        "hours_saved_per_month": f.hours_saved_per_month,
    }
