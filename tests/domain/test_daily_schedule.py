"""The digest's slot: 9:00 JST on business days only, the same day's catch-up, and the next run skipping weekends,
holidays and the closure."""

from datetime import date

from bot.domain.daily_schedule import DailySchedule, digest_key, due_day, next_run
from tests.support.calendars import city_calendar
from tests.support.clocks import JST, jst

NINE = DailySchedule.parse("09:00", JST, city_calendar())


def test_due_from_nine_on_a_business_day_until_midnight() -> None:
    assert due_day(jst(2027, 4, 28, 8, 59), NINE) is None
    assert due_day(jst(2027, 4, 28, 9, 0), NINE) == date(2027, 4, 28)
    assert due_day(jst(2027, 4, 28, 23, 59), NINE) == date(2027, 4, 28)  # catch-up after a restart


def test_never_due_on_a_holiday_weekend_or_closure_day() -> None:
    for day in (date(2027, 4, 29), date(2027, 5, 1), date(2027, 5, 4), date(2027, 12, 30), date(2028, 1, 3)):
        assert due_day(jst(day.year, day.month, day.day, 10), NINE) is None


def test_next_run_skips_golden_week_and_the_closure() -> None:
    assert next_run(jst(2027, 4, 28, 8, 0), NINE) == jst(2027, 4, 28, 9)
    assert next_run(jst(2027, 4, 28, 9, 0), NINE) == jst(2027, 4, 30, 9)
    assert next_run(jst(2027, 4, 30, 9, 30), NINE) == jst(2027, 5, 6, 9)
    assert next_run(jst(2027, 12, 28, 9, 0), NINE) == jst(2028, 1, 4, 9)


def test_the_slot_time_is_configurable() -> None:
    half_past = DailySchedule.parse("08:30", JST, city_calendar())
    assert due_day(jst(2027, 5, 6, 8, 30), half_past) == date(2027, 5, 6)


def test_claim_key() -> None:
    assert digest_key(date(2027, 5, 6)) == "digest:2027-05-06"
