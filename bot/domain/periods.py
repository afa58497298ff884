"""Reporting periods (ISO week, month, fiscal year, date range): bounds in local time, labels and parsing."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from bot.domain.fiscal_year import REIWA_OFFSET, fiscal_year, reiwa_year

HEISEI_OFFSET = 1988  # fiscal year 1989 is 平成元年度; used only for fiscal years before Reiwa
_MONTHS = tuple("January February March April May June July August September October November December".split())


@dataclass(frozen=True)
class Period:
    """Inclusive local calendar days [start, end] with a stable key; build one with the functions below."""

    start: date
    end: date
    key: str
    kind: str  # "week" | "month" | "fiscal_year" | "range"

    def label(self, locale: str = "ja") -> str:
        """Human name: '令和7年度', '2025年4月' (Japanese, the default) or 'FY2025 (Apr 2025 – Mar 2026)' (en*)."""
        s, e = self.start, self.end
        if locale.lower().startswith("en"):
            if self.kind == "week":
                return f"Week of {s.isoformat()}"
            if self.kind == "month":
                return f"{_MONTHS[s.month - 1]} {s.year}"
            if self.kind == "fiscal_year":
                return f"FY{s.year} (Apr {s.year} – Mar {s.year + 1})"
            return f"{s.isoformat()} – {e.isoformat()}"
        if self.kind == "month":
            return f"{s.year}年{s.month}月"
        if self.kind == "fiscal_year":
            return _era_fiscal_year(s.year)
        if self.kind == "week" and s.year == e.year:
            return f"{_ja_day(s)}〜{e.month}月{e.day}日"
        return f"{_ja_day(s)}〜{_ja_day(e)}"

    def bounds(self, tz: tzinfo) -> tuple[datetime, datetime]:
        """[start 00:00, day after end 00:00) in `tz`, as aware UTC datetimes."""
        first = datetime.combine(self.start, time(), tzinfo=tz)
        after = datetime.combine(self.end + timedelta(days=1), time(), tzinfo=tz)
        return first.astimezone(UTC), after.astimezone(UTC)

    def contains(self, moment: datetime, tz: tzinfo) -> bool:
        """Whether an aware moment falls on one of the period's days in `tz`."""
        if moment.utcoffset() is None:
            raise ValueError("moment must be timezone-aware")
        first, after = self.bounds(tz)
        return first <= moment < after


def _ja_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _era_fiscal_year(fy: int) -> str:
    if fy >= 2019:
        era, year = "令和", reiwa_year(fy)
    elif fy >= 1989:
        era, year = "平成", fy - HEISEI_OFFSET
    else:
        return f"{fy}年度"
    return f"{era}{'元' if year == 1 else year}年度"


def week_of(day: date) -> Period:
    """The ISO week (Monday–Sunday) holding `day`; key '2025-W15' uses the ISO year."""
    start = day - timedelta(days=day.weekday())
    iso = day.isocalendar()
    return Period(start, start + timedelta(days=6), f"{iso.year}-W{iso.week:02d}", "week")


def month_of(day: date) -> Period:
    start = day.replace(day=1)
    after = date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)
    return Period(start, after - timedelta(days=1), f"{day.year}-{day.month:02d}", "month")


def fiscal_year_period(fy: int) -> Period:
    """April 1 of `fy` to March 31 of the next calendar year."""
    return Period(date(fy, 4, 1), date(fy + 1, 3, 31), f"FY{fy}", "fiscal_year")


def fiscal_year_of(day: date) -> Period:
    return fiscal_year_period(fiscal_year(day))


def date_range(start: date, end: date) -> Period:
    """Any run of days, both ends included; ValueError when end < start."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}", "range")


def previous(period: Period) -> Period:
    """The week/month/fiscal year before; for a range, the same number of days just before it."""
    if period.kind == "week":
        return week_of(period.start - timedelta(days=7))
    if period.kind == "month":
        return month_of(period.start - timedelta(days=1))
    if period.kind == "fiscal_year":
        return fiscal_year_period(fiscal_year(period.start) - 1)
    length = period.end - period.start + timedelta(days=1)
    return date_range(period.start - length, period.start - timedelta(days=1))


_THIS_WEEK = {"今週", "this week"}
_LAST_WEEK = {"先週", "last week"}
_THIS_MONTH = {"今月", "this month"}
_LAST_MONTH = {"先月", "last month"}
_THIS_FY = {"今年度", "this year", "this fy", "fy"}
_LAST_FY = {"昨年度", "前年度", "last fy", "last year"}

_ERA = re.compile(r"(?:r|令和)\s?(\d{1,2}|元)(?:年度)?")
_FY = re.compile(r"fy\s?(\d{4})|(\d{4})年度")
_MONTH = re.compile(r"(\d{4})(?:[-/](\d{1,2})|年(\d{1,2})月)")
_WEEK = re.compile(r"(\d{4})-w(\d{1,2})")
_DAY = r"\d{4}(?:-\d{1,2}-\d{1,2}|/\d{1,2}/\d{1,2}|年\d{1,2}月\d{1,2}日)"
_RANGE = re.compile(rf"({_DAY})(?:\s?(?:\.\.|〜|~|から)\s?| [-–] )({_DAY})(?:\s?まで)?")


def _parse_period(text: str, today: date) -> Period | None:
    """The period a user typed (NFKC, case-insensitive); '' means this fiscal year. None when not understood."""
    t = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    if t == "":
        return fiscal_year_of(today)
    named = _named(t, today)
    if named is not None:
        return named
    try:
        if m := _ERA.fullmatch(t):
            year = 1 if m[1] == "元" else int(m[1])
            return fiscal_year_period(year + REIWA_OFFSET) if year >= 1 else None
        if m := _FY.fullmatch(t):
            return fiscal_year_period(int(m[1] or m[2]))
        if m := _WEEK.fullmatch(t):
            return week_of(date.fromisocalendar(int(m[1]), int(m[2]), 1))
        if m := _MONTH.fullmatch(t):
            return month_of(date(int(m[1]), int(m[2] or m[3]), 1))
        if m := _RANGE.fullmatch(t):
            return date_range(_day(m[1]), _day(m[2]))
    except ValueError:  # impossible dates, weeks, or an end before the start
        return None
    return None


def _named(t: str, today: date) -> Period | None:
    if t in _THIS_WEEK:
        return week_of(today)
    if t in _LAST_WEEK:
        return previous(week_of(today))
    if t in _THIS_MONTH:
        return month_of(today)
    if t in _LAST_MONTH:
        return previous(month_of(today))
    if t in _THIS_FY:
        return fiscal_year_of(today)
    if t in _LAST_FY:
        return previous(fiscal_year_of(today))
    return None


def _day(text: str) -> date:
    year, month, day = (int(n) for n in re.split(r"[-/年月日]", text)[:3])
    return date(year, month, day)


MIN_YEAR, MAX_YEAR = 1900, 2200  # beyond these a period is a typo (and datetime arithmetic would overflow)


def parse_period(text: str, today: date) -> Period | None:
    """The period a person means (see _parse_period for the forms); None for anything unreadable or absurd."""
    try:
        period = _parse_period(text, today)
    except (ValueError, OverflowError):
        return None
    if period is None or period.start.year < MIN_YEAR or period.end.year > MAX_YEAR:
        return None
    return period
