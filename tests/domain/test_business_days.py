"""Business days: weekends, Japan's national holidays (from the holidays library, substitute holidays included) and
the city's closure 12/29–1/3 are not business days; counting and stepping across Golden Week 2027 and 年末年始."""

from datetime import date, timedelta

import pytest

from bot.domain.business_days import BusinessCalendar, Closure
from tests.support.calendars import NamedHolidays, city_calendar

GOLDEN_WEEK_2027 = {
    date(2027, 4, 28): "",  # Wed
    date(2027, 4, 29): "holiday",  # Thu 昭和の日
    date(2027, 4, 30): "",  # Fri
    date(2027, 5, 1): "weekend",
    date(2027, 5, 2): "weekend",
    date(2027, 5, 3): "holiday",  # 憲法記念日
    date(2027, 5, 4): "holiday",  # みどりの日
    date(2027, 5, 5): "holiday",  # こどもの日
    date(2027, 5, 6): "",  # Thu
    date(2027, 5, 7): "",  # Fri
}


@pytest.mark.parametrize(("day", "why"), sorted(GOLDEN_WEEK_2027.items()))
def test_golden_week_2027(day: date, why: str) -> None:
    assert city_calendar().closed_because(day) == why


def test_the_2027_substitute_holiday_is_not_a_business_day() -> None:
    # 春分の日 falls on Sunday 2027-03-21: Monday 3/22 is 振替休日
    calendar = city_calendar()
    assert calendar.closed_because(date(2027, 3, 21)) == "weekend"
    assert calendar.closed_because(date(2027, 3, 22)) == "holiday"
    assert calendar.is_business_day(date(2027, 3, 23))


def test_year_end_closure_spans_new_year() -> None:
    calendar = city_calendar()
    assert calendar.is_business_day(date(2027, 12, 28))  # Tue, the last business day of 2027
    for day in (29, 30, 31):
        assert calendar.closed_because(date(2027, 12, day)) == "closure"
    assert calendar.closed_because(date(2028, 1, 1)) == "weekend"  # Saturday 元日: the weekend comes first
    assert calendar.closed_because(date(2028, 1, 3)) == "closure"  # Monday
    assert calendar.is_business_day(date(2028, 1, 4))  # Tue, 仕事始め
    assert calendar.closed_because(date(2028, 1, 10)) == "holiday"  # 成人の日


def test_counting_across_golden_week() -> None:
    calendar = city_calendar()
    # after Wed 4/28: Fri 4/30, Thu 5/6, Fri 5/7
    assert calendar.count(date(2027, 4, 28), date(2027, 5, 7)) == 3
    assert calendar.count(date(2027, 4, 28), date(2027, 5, 5)) == 1
    assert calendar.count(date(2027, 5, 7), date(2027, 4, 28)) == -3
    assert calendar.count(date(2027, 5, 3), date(2027, 5, 3)) == 0


def test_stepping_over_golden_week_and_the_new_year() -> None:
    calendar = city_calendar()
    assert calendar.next_business_day(date(2027, 4, 28)) == date(2027, 4, 30)
    assert calendar.next_business_day(date(2027, 4, 30)) == date(2027, 5, 6)
    assert calendar.add(date(2027, 4, 28), 3) == date(2027, 5, 7)
    assert calendar.next_business_day(date(2027, 12, 28)) == date(2028, 1, 4)
    assert calendar.count(date(2027, 12, 27), date(2028, 1, 4)) == 2  # Tue 12/28 and Tue 1/4


def test_closure_is_configurable() -> None:
    assert Closure.parse("") is None
    assert Closure.parse("12-28..01-04") == Closure((12, 28), (1, 4))
    summer = Closure.parse("08-13..08-15")
    assert summer is not None and summer.contains(date(2027, 8, 14)) and not summer.contains(date(2027, 8, 16))
    no_closure = city_calendar(closure="")
    assert no_closure.is_business_day(date(2027, 12, 29))
    for bad in ("12-29", "13-01..01-03", "02-30..03-01", "12-29..xx"):
        with pytest.raises(ValueError):
            Closure.parse(bad)


def test_the_holiday_source_is_injected() -> None:
    calendar = BusinessCalendar(NamedHolidays({date(2027, 6, 2): "創立記念日"}))
    assert calendar.closed_because(date(2027, 6, 2)) == "holiday"
    assert calendar.is_business_day(date(2027, 5, 3))  # the national holiday is unknown to this source


def test_stepping_zero_days_is_refused() -> None:
    with pytest.raises(ValueError):
        city_calendar().add(date(2027, 5, 6), 0)


def test_counting_by_running_total_agrees_with_counting_day_by_day() -> None:
    calendar = city_calendar()
    days = [date(1999, 12, 20) + timedelta(days=n * 97) for n in range(120)]  # 1999 to 2031, before the index too
    for start, end in zip(days, days[3:], strict=False):
        by_day = sum(1 for n in range(1, (end - start).days + 1) if calendar.is_business_day(start + timedelta(days=n)))
        assert calendar.count(start, end) == by_day == -calendar.count(end, start)
