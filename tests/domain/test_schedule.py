"""The weekly summary schedule around week and year boundaries (Asia/Tokyo, fixed clock)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.domain.schedule import WeeklySchedule, latest_slot, next_slot, reported_week_start

JST = ZoneInfo("Asia/Tokyo")
MONDAY_9 = WeeklySchedule.parse(0, "09:00", JST)


def test_next_and_latest_slot_around_the_slot() -> None:
    before = datetime(2026, 11, 30, 8, 59, tzinfo=JST)  # Monday 08:59 JST
    at = datetime(2026, 11, 30, 9, 0, tzinfo=JST)
    assert next_slot(before, MONDAY_9) == at
    assert latest_slot(before, MONDAY_9) == datetime(2026, 11, 23, 9, 0, tzinfo=JST)
    assert latest_slot(at, MONDAY_9) == at and next_slot(at, MONDAY_9) == datetime(2026, 12, 7, 9, 0, tzinfo=JST)


def test_utc_clock_and_year_boundary() -> None:
    # Sunday 2026-12-31 is a Thursday; Monday 2027-01-04 09:00 JST is Monday 00:00 UTC
    now = datetime(2027, 1, 3, 23, 59, tzinfo=UTC)
    assert next_slot(now, MONDAY_9) == datetime(2027, 1, 4, 9, 0, tzinfo=JST)
    assert reported_week_start(next_slot(now, MONDAY_9)) == date(2026, 12, 28)


def test_other_weekday_and_time() -> None:
    friday_17 = WeeklySchedule.parse(4, "17:30", JST)
    now = datetime(2026, 11, 28, 12, 0, tzinfo=JST)  # Saturday
    assert latest_slot(now, friday_17) == datetime(2026, 11, 27, 17, 30, tzinfo=JST)
    assert next_slot(now, friday_17) == datetime(2026, 12, 4, 17, 30, tzinfo=JST)
