"""Ageing in business days: which open consultations are flagged (受付 unassigned too long, 保留 too long, 希望期限
near or past), how old the open ones are, and the age buckets reports show."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import StrEnum

from bot.domain.business_days import BusinessCalendar
from bot.domain.consultation import Consultation, Status

# (label, lowest, highest) in business days; None: no upper end
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-2", 0, 2),
    ("3-5", 3, 5),
    ("6-10", 6, 10),
    ("11-20", 11, 20),
    ("21+", 21, None),
)


class Flag(StrEnum):
    UNASSIGNED = "unassigned"  # 受付 with nobody assigned for more than AGEING_UNASSIGNED_DAYS
    ON_HOLD = "on_hold"  # 保留 for more than AGEING_ON_HOLD_DAYS
    DUE = "due"  # 希望期限 within AGEING_DUE_DAYS, or past


@dataclass(frozen=True)
class AgeingRules:
    """The business-day calendar and the thresholds (settings AGEING_*_DAYS)."""

    calendar: BusinessCalendar
    unassigned_days: int = 2
    on_hold_days: int = 10
    due_days: int = 2


@dataclass(frozen=True)
class Aged:
    """An open consultation as of a day: its age, how long it has been on hold, how far its 希望期限 is (all in
    business days), and what it is flagged for."""

    consultation: Consultation
    age: int  # business days since it was received
    flags: tuple[Flag, ...] = ()
    on_hold: int | None = None  # business days since it went on hold (保留 only)
    due_in: int | None = None  # business days until 希望期限: 0 = today (or a closed day since), negative = past
    overdue: bool = False  # 希望期限 is before today

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


def assess(
    c: Consultation, *, today: date, rules: AgeingRules, tz: tzinfo, on_hold_since: datetime | None = None
) -> Aged:
    """Ages and flags of one open consultation on `today` (local dates in `tz`). `on_hold_since`: when it last went
    on hold (the history's status change), else its last update."""
    calendar = rules.calendar
    age = max(0, calendar.count(c.created_at.astimezone(tz).date(), today))
    flags: list[Flag] = []
    if c.status is Status.RECEIVED and c.assignee is None and age > rules.unassigned_days:
        flags.append(Flag.UNASSIGNED)
    on_hold = None
    if c.status is Status.ON_HOLD:
        since = (on_hold_since or c.updated_at).astimezone(tz).date()
        on_hold = max(0, calendar.count(since, today))
        if on_hold > rules.on_hold_days:
            flags.append(Flag.ON_HOLD)
    due_in, overdue = None, False
    if c.desired_due is not None and not c.status.is_closed:
        due_in, overdue = calendar.count(today, c.desired_due), c.desired_due < today
        if overdue or due_in <= rules.due_days:
            flags.append(Flag.DUE)
    return Aged(c, age, tuple(flags), on_hold, due_in, overdue)


@dataclass(frozen=True)
class AgeingReport:
    """Every open consultation assessed on one day."""

    today: date
    items: tuple[Aged, ...]

    @property
    def flagged(self) -> tuple[Aged, ...]:
        """Flagged ones, the most urgent first: overdue, then nearest 希望期限, then oldest."""
        return tuple(sorted((a for a in self.items if a.flagged), key=_urgency))

    def buckets(self) -> list[tuple[str, int]]:
        """(bucket label, open consultations whose age falls in it), every bucket listed."""
        return [(label, sum(1 for a in self.items if _within(a.age, low, high))) for label, low, high in AGE_BUCKETS]

    def oldest(self, n: int = 3) -> tuple[Aged, ...]:
        return tuple(sorted(self.items, key=lambda a: (-a.age, a.consultation.id))[:n])

    def for_assignee(self) -> Mapping[str, Sequence[Aged]]:
        """Flagged consultations by their assignee's person id (unassigned ones are left out)."""
        mine: dict[str, list[Aged]] = {}
        for a in self.flagged:
            if a.consultation.assignee is not None:
                mine.setdefault(a.consultation.assignee.id, []).append(a)
        return mine


def _within(age: int, low: int, high: int | None) -> bool:
    return low <= age and (high is None or age <= high)


def _urgency(a: Aged) -> tuple[int, int, int, int]:
    due = a.due_in if a.due_in is not None else 10**6
    return (0 if a.overdue else 1, due, -a.age, a.consultation.id)


def report(
    open_consultations: Sequence[Consultation],
    *,
    today: date,
    rules: AgeingRules,
    tz: tzinfo,
    on_hold_since: Mapping[int, datetime],
) -> AgeingReport:
    items = tuple(
        assess(c, today=today, rules=rules, tz=tz, on_hold_since=on_hold_since.get(c.id))
        for c in open_consultations
        if not c.status.is_closed
    )
    return AgeingReport(today, items)


@dataclass(frozen=True)
class AgeingFigures:
    """What reports show: open consultations by age bucket (business days), how many are flagged, the oldest."""

    as_of: date
    open_count: int
    flagged_count: int
    buckets: tuple[tuple[str, int], ...]  # every AGE_BUCKETS label, in order
    oldest: tuple[tuple[str, int], ...]  # (number, age in business days), oldest first

    def as_json(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "open": self.open_count,
            "flagged": self.flagged_count,
            "buckets": {label: n for label, n in self.buckets},
            "oldest": [{"number": number, "business_days": days} for number, days in self.oldest],
        }


def figures(r: AgeingReport, oldest: int = 3) -> AgeingFigures:
    return AgeingFigures(
        as_of=r.today,
        open_count=len(r.items),
        flagged_count=len(r.flagged),
        buckets=tuple(r.buckets()),
        oldest=tuple((a.consultation.number, a.age) for a in r.oldest(oldest)),
    )
