"""Reporting periods: construction, labels, local-time bounds and parsing what users type."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.domain.periods import (
    Period,
    date_range,
    fiscal_year_of,
    fiscal_year_period,
    month_of,
    parse_period,
    previous,
    week_of,
)

JST = ZoneInfo("Asia/Tokyo")
TODAY = date(2025, 4, 9)  # a Wednesday in ISO week 2025-W15, fiscal year 2025


def test_week_runs_monday_to_sunday_with_iso_key() -> None:
    assert week_of(TODAY) == Period(date(2025, 4, 7), date(2025, 4, 13), "2025-W15", "week")
    assert week_of(date(2025, 4, 7)) == week_of(date(2025, 4, 13)) == week_of(TODAY)
    assert week_of(date(2025, 4, 14)).key == "2025-W16"


@pytest.mark.parametrize(
    ("day", "start", "end", "key"),
    [
        (date(2024, 12, 31), date(2024, 12, 30), date(2025, 1, 5), "2025-W01"),  # week 1 starts in December
        (date(2025, 1, 5), date(2024, 12, 30), date(2025, 1, 5), "2025-W01"),
        (date(2021, 1, 3), date(2020, 12, 28), date(2021, 1, 3), "2020-W53"),  # January days in last year's week
        (date(2026, 12, 31), date(2026, 12, 28), date(2027, 1, 3), "2026-W53"),
    ],
)
def test_iso_week_across_new_year(day: date, start: date, end: date, key: str) -> None:
    assert week_of(day) == Period(start, end, key, "week")


def test_month() -> None:
    assert month_of(TODAY) == Period(date(2025, 4, 1), date(2025, 4, 30), "2025-04", "month")
    assert month_of(date(2024, 2, 10)).end == date(2024, 2, 29)
    assert month_of(date(2025, 12, 31)) == Period(date(2025, 12, 1), date(2025, 12, 31), "2025-12", "month")


def test_fiscal_year_runs_april_to_march() -> None:
    assert fiscal_year_period(2025) == Period(date(2025, 4, 1), date(2026, 3, 31), "FY2025", "fiscal_year")
    assert fiscal_year_of(date(2026, 3, 31)).key == "FY2025"
    assert fiscal_year_of(date(2026, 4, 1)).key == "FY2026"


def test_date_range() -> None:
    assert date_range(date(2024, 4, 1), date(2025, 6, 30)) == Period(
        date(2024, 4, 1), date(2025, 6, 30), "2024-04-01..2025-06-30", "range"
    )
    assert date_range(TODAY, TODAY).key == "2025-04-09..2025-04-09"
    with pytest.raises(ValueError):
        date_range(date(2025, 4, 2), date(2025, 4, 1))


@pytest.mark.parametrize(
    ("period", "before"),
    [
        (week_of(TODAY), week_of(date(2025, 3, 31))),
        (week_of(date(2025, 1, 1)), week_of(date(2024, 12, 23))),
        (month_of(date(2025, 1, 15)), month_of(date(2024, 12, 1))),
        (month_of(date(2024, 3, 31)), month_of(date(2024, 2, 29))),
        (fiscal_year_period(2025), fiscal_year_period(2024)),
        (date_range(date(2025, 4, 1), date(2025, 4, 10)), date_range(date(2025, 3, 22), date(2025, 3, 31))),
        (date_range(TODAY, TODAY), date_range(date(2025, 4, 8), date(2025, 4, 8))),
    ],
)
def test_previous(period: Period, before: Period) -> None:
    assert previous(period) == before


@pytest.mark.parametrize(
    ("period", "ja", "en"),
    [
        (week_of(TODAY), "2025年4月7日〜4月13日", "Week of 2025-04-07"),
        (week_of(date(2025, 1, 1)), "2024年12月30日〜2025年1月5日", "Week of 2024-12-30"),
        (month_of(TODAY), "2025年4月", "April 2025"),
        (month_of(date(2025, 12, 1)), "2025年12月", "December 2025"),
        (fiscal_year_period(2025), "令和7年度", "FY2025 (Apr 2025 – Mar 2026)"),
        (fiscal_year_period(2019), "令和元年度", "FY2019 (Apr 2019 – Mar 2020)"),
        (fiscal_year_period(2020), "令和2年度", "FY2020 (Apr 2020 – Mar 2021)"),
        (fiscal_year_period(2018), "平成30年度", "FY2018 (Apr 2018 – Mar 2019)"),
        (date_range(date(2024, 4, 1), date(2025, 6, 30)), "2024年4月1日〜2025年6月30日", "2024-04-01 – 2025-06-30"),
    ],
)
def test_labels(period: Period, ja: str, en: str) -> None:
    assert period.label() == ja
    assert period.label("ja") == ja
    assert period.label("en") == en
    assert period.label("en-US") == en


def test_bounds_are_local_midnights_in_utc() -> None:
    first, after = fiscal_year_period(2025).bounds(JST)
    assert first == datetime(2025, 3, 31, 15, 0, tzinfo=UTC)
    assert after == datetime(2026, 3, 31, 15, 0, tzinfo=UTC)
    assert first.utcoffset() == timedelta(0)
    assert week_of(TODAY).bounds(UTC) == (datetime(2025, 4, 7, tzinfo=UTC), datetime(2025, 4, 14, tzinfo=UTC))


def test_contains_uses_the_local_day() -> None:
    fy2025, fy2024 = fiscal_year_period(2025), fiscal_year_period(2024)
    april_first_jst = datetime(2025, 3, 31, 15, 0, tzinfo=UTC)
    last_second_of_march = april_first_jst - timedelta(seconds=1)
    assert fy2025.contains(april_first_jst, JST)
    assert not fy2024.contains(april_first_jst, JST)
    assert fy2024.contains(last_second_of_march, JST)
    assert not fy2025.contains(last_second_of_march, JST)
    assert not fy2025.contains(april_first_jst, UTC)  # still March 31 in UTC
    assert fy2025.contains(datetime(2026, 3, 31, 23, 59, tzinfo=JST), JST)
    assert not fy2025.contains(datetime(2026, 4, 1, 0, 0, tzinfo=JST), JST)
    assert fy2025.contains(datetime(2025, 4, 1, 0, 0, tzinfo=timezone(timedelta(hours=9))), JST)


def test_contains_refuses_naive_moments() -> None:
    with pytest.raises(ValueError):
        fiscal_year_period(2025).contains(datetime(2025, 4, 1), JST)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "FY2025"),
        ("   ", "FY2025"),
        ("今週", "2025-W15"),
        ("this week", "2025-W15"),
        ("This  Week", "2025-W15"),
        ("先週", "2025-W14"),
        ("last week", "2025-W14"),
        ("今月", "2025-04"),
        ("this month", "2025-04"),
        ("先月", "2025-03"),
        ("Last Month", "2025-03"),
        ("今年度", "FY2025"),
        ("this year", "FY2025"),
        ("this fy", "FY2025"),
        ("FY", "FY2025"),
        ("昨年度", "FY2024"),
        ("前年度", "FY2024"),
        ("last fy", "FY2024"),
        ("last year", "FY2024"),
        ("R6年度", "FY2024"),
        ("r6", "FY2024"),
        ("R7", "FY2025"),
        ("令和6年度", "FY2024"),
        ("令和元年度", "FY2019"),
        ("R元年度", "FY2019"),
        ("FY2024", "FY2024"),
        ("fy 2024", "FY2024"),
        ("2024年度", "FY2024"),
        ("2025-04", "2025-04"),
        ("2025-4", "2025-04"),
        ("2025/04", "2025-04"),
        ("2025年4月", "2025-04"),
        ("2025-W15", "2025-W15"),
        ("2025-w01", "2025-W01"),
        ("2026-W53", "2026-W53"),
        ("2024-04-01..2025-06-30", "2024-04-01..2025-06-30"),
        ("2024-04-01〜2025-06-30", "2024-04-01..2025-06-30"),
        ("2024-04-01 〜 2025-06-30", "2024-04-01..2025-06-30"),
        ("2024-04-01~2025-06-30", "2024-04-01..2025-06-30"),
        ("2024-04-01 - 2025-06-30", "2024-04-01..2025-06-30"),
        ("2024-04-01 – 2025-06-30", "2024-04-01..2025-06-30"),  # the English label reads back
        ("2024-04-01から2025-06-30まで", "2024-04-01..2025-06-30"),
        ("2024/4/1から2025/6/30", "2024-04-01..2025-06-30"),
        ("2024/4/1 から 2025/6/30 まで", "2024-04-01..2025-06-30"),
        ("2024/4/1..2025/6/30", "2024-04-01..2025-06-30"),
        ("2024年4月1日〜2025年6月30日", "2024-04-01..2025-06-30"),  # the Japanese label reads back
        ("2025-04-09..2025-04-09", "2025-04-09..2025-04-09"),
    ],
)
def test_parse_period(text: str, key: str) -> None:
    period = parse_period(text, TODAY)
    assert period is not None
    assert period.key == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("ＴＨＩＳ　ＷＥＥＫ", "2025-W15"),
        ("ＦＹ２０２４", "FY2024"),
        ("Ｒ６年度", "FY2024"),
        ("令和６年度", "FY2024"),
        ("２０２４年度", "FY2024"),
        ("２０２５－０４", "2025-04"),
        ("２０２５－Ｗ１５", "2025-W15"),
        ("２０２４／４／１～２０２５／６／３０", "2024-04-01..2025-06-30"),
        ("　今月　", "2025-04"),
    ],
)
def test_parse_full_width(text: str, key: str) -> None:
    period = parse_period(text, TODAY)
    assert period is not None
    assert period.key == key


@pytest.mark.parametrize(
    ("today", "text", "key"),
    [
        (date(2026, 3, 31), "", "FY2025"),
        (date(2026, 4, 1), "", "FY2026"),
        (date(2026, 3, 31), "今年度", "FY2025"),
        (date(2026, 4, 1), "今年度", "FY2026"),
        (date(2026, 3, 31), "昨年度", "FY2024"),
        (date(2026, 4, 1), "昨年度", "FY2025"),
        (date(2026, 4, 1), "先月", "2026-03"),
        (date(2026, 1, 1), "先月", "2025-12"),
        (date(2026, 1, 1), "今週", "2026-W01"),
        (date(2026, 1, 5), "先週", "2026-W01"),
        (date(2025, 1, 6), "先週", "2025-W01"),
        (date(2025, 1, 1), "this week", "2025-W01"),
        (date(2021, 1, 4), "last week", "2020-W53"),
    ],
)
def test_relative_periods_around_boundaries(today: date, text: str, key: str) -> None:
    period = parse_period(text, today)
    assert period is not None
    assert period.key == key


def test_relative_periods_have_the_right_days() -> None:
    assert parse_period("先週", date(2025, 4, 7)) == Period(date(2025, 3, 31), date(2025, 4, 6), "2025-W14", "week")
    assert parse_period("先月", date(2024, 3, 31)) == month_of(date(2024, 2, 1))
    assert parse_period("令和元年度", TODAY) == fiscal_year_period(2019)


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "next week",
        "来週",
        "R0",
        "令和0年度",
        "R",
        "FY24",
        "fy0000",
        "2025-13",
        "2025-00",
        "2025年13月",
        "2025-W00",
        "2025-W53",  # 2025 has 52 ISO weeks
        "2025-W",
        "2025-04-01",  # a single day is not a period
        "2025-02-30..2025-03-01",
        "2025-06-30..2025-04-01",  # end before start
        "2025-04-01から",
        "2025-04-01..",
        "2025-04-01-2025-06-30",  # a bare hyphen is ambiguous
        "今週 先週",
        "R6年度です",
    ],
)
def test_parse_rejects_everything_else(text: str) -> None:
    assert parse_period(text, TODAY) is None
