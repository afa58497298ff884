"""Business days of the city hall: not a weekend, not a national holiday (from an injected source), not the city's
year-end closure; counting and stepping over them."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

INDEX_FROM = date(2000, 1, 1)  # counts between later days use a running total; earlier ones are counted day by day


class HolidaySource(Protocol):
    """National holidays (substitute holidays included): the holiday's name, or None on an ordinary day."""

    def holiday_name(self, day: date) -> str | None: ...


@dataclass(frozen=True)
class Closure:
    """Days the city hall is closed every year, month-day to month-day; it may span New Year (12-29..01-03)."""

    first: tuple[int, int]
    last: tuple[int, int]

    @classmethod
    def parse(cls, text: str) -> "Closure | None":
        """ "12-29..01-03" → a closure; "" → none. Raises ValueError on anything else (an impossible date too)."""
        if not text.strip():
            return None
        first, sep, last = text.strip().partition("..")
        if not sep:
            raise ValueError(f"closure must be MM-DD..MM-DD, got {text!r}")
        ends = tuple(_month_day(part) for part in (first, last))
        return cls(ends[0], ends[1])

    def contains(self, day: date) -> bool:
        md = (day.month, day.day)
        if self.first <= self.last:
            return self.first <= md <= self.last
        return md >= self.first or md <= self.last


def _month_day(text: str) -> tuple[int, int]:
    month, _, day = text.strip().partition("-")
    date(2024, int(month), int(day))  # a leap year: 02-29 is a valid closure day
    return int(month), int(day)


@dataclass
class BusinessCalendar:
    """Weekends, national holidays and the closure are not business days; every other day is."""

    holidays: HolidaySource
    closure: Closure | None = None
    _cache: dict[date, bool] = field(default_factory=dict, repr=False, compare=False)
    _totals: list[int] = field(default_factory=list, repr=False, compare=False)  # _index by days after INDEX_FROM

    def closed_because(self, day: date) -> str:
        """ "weekend", "holiday", "closure", or "" on a business day."""
        if day.weekday() >= 5:
            return "weekend"
        if self.holidays.holiday_name(day):
            return "holiday"
        if self.closure is not None and self.closure.contains(day):
            return "closure"
        return ""

    def is_business_day(self, day: date) -> bool:
        known = self._cache.get(day)
        if known is None:
            known = self._cache[day] = not self.closed_because(day)
        return known

    def count(self, start: date, end: date) -> int:
        """Business days after `start` up to and including `end`; negative (the same count) when `end` < `start`."""
        if end < start:
            return -self.count(end, start)
        if start >= INDEX_FROM:
            return self._index(end) - self._index(start)
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_business_day(start + timedelta(days=n)))

    def _index(self, day: date) -> int:
        """Business days after INDEX_FROM up to and including `day`, from a running total kept as far as asked
        (a report over thousands of consultations costs one subtraction each)."""
        offset = (day - INDEX_FROM).days
        totals = self._totals
        while len(totals) <= offset:
            following = INDEX_FROM + timedelta(days=len(totals))
            totals.append((totals[-1] if totals else 0) + (1 if self.is_business_day(following) else 0))
        return totals[offset]

    def add(self, day: date, n: int) -> date:
        """The n-th business day after `day` (n >= 1)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        while n:
            day += timedelta(days=1)
            if self.is_business_day(day):
                n -= 1
        return day

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after `day`."""
        return self.add(day, 1)
