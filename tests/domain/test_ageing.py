"""Which open consultations are flagged, in business days: 受付 with nobody assigned for more than 2, 保留 for more
than 10 (since it went on hold), and 希望期限 within 2 (or past); across Golden Week 2027 and 年末年始."""

from dataclasses import replace
from datetime import date

from bot.domain.ageing import Flag, assess, report
from bot.domain.consultation import Status
from tests.support.calendars import city_rules
from tests.support.clocks import JST, jst
from tests.support.factories import SUPPORT, a_consultation

RULES = city_rules()


def received_on(day: date, **overrides: object):
    at = jst(day.year, day.month, day.day, 10)
    return a_consultation(created_at=at, updated_at=at, **overrides)


def test_unassigned_is_flagged_after_more_than_two_business_days_across_golden_week() -> None:
    c = received_on(date(2027, 4, 28))  # Wed, the day before 昭和の日
    ages = {d: assess(c, today=d, rules=RULES, tz=JST) for d in (date(2027, 4, 30), date(2027, 5, 6), date(2027, 5, 7))}
    assert [(a.age, a.flags) for a in ages.values()] == [(1, ()), (2, ()), (3, (Flag.UNASSIGNED,))]


def test_a_week_of_holidays_is_not_ageing() -> None:
    c = received_on(date(2027, 4, 30))  # Fri before 5/1–5/5
    assert assess(c, today=date(2027, 5, 5), rules=RULES, tz=JST).age == 0


def test_assigned_or_started_consultations_are_not_flagged_as_unassigned() -> None:
    c = received_on(date(2027, 4, 1), status=Status.ASSIGNED, assignee=SUPPORT)
    assert assess(c, today=date(2027, 5, 7), rules=RULES, tz=JST).flags == ()


def test_on_hold_counts_from_when_it_went_on_hold() -> None:
    c = received_on(date(2027, 3, 1), status=Status.ON_HOLD, assignee=SUPPORT)
    held = jst(2027, 4, 16, 15)  # Fri; 10 business days later is Thu 5/6 (GW skipped), 11 is Fri 5/7
    on_5_6 = assess(c, today=date(2027, 5, 6), rules=RULES, tz=JST, on_hold_since=held)
    on_5_7 = assess(c, today=date(2027, 5, 7), rules=RULES, tz=JST, on_hold_since=held)
    assert (on_5_6.on_hold, on_5_6.flags) == (10, ())
    assert (on_5_7.on_hold, on_5_7.flags) == (11, (Flag.ON_HOLD,))
    assert on_5_7.age > 11  # its age counts from when it was received


def test_desired_date_near_or_past_is_flagged_until_closed() -> None:
    c = received_on(date(2027, 4, 20), status=Status.IN_PROGRESS, assignee=SUPPORT, desired_due=date(2027, 5, 6))
    on = {d: assess(c, today=d, rules=RULES, tz=JST) for d in (date(2027, 4, 27), date(2027, 4, 28), date(2027, 5, 7))}
    assert (on[date(2027, 4, 27)].due_in, on[date(2027, 4, 27)].flags) == (3, ())  # 4/28, 4/30, 5/6
    assert (on[date(2027, 4, 28)].due_in, on[date(2027, 4, 28)].flags) == (2, (Flag.DUE,))
    overdue = on[date(2027, 5, 7)]
    assert (overdue.due_in, overdue.overdue, overdue.flags) == (-1, True, (Flag.DUE,))
    done = replace(c, status=Status.DONE)
    assert assess(done, today=date(2027, 5, 7), rules=RULES, tz=JST).flags == ()


def test_new_year_crossing() -> None:
    c = received_on(date(2027, 12, 27))  # Mon; then Tue 12/28, closure, Tue 1/4, Wed 1/5
    assert assess(c, today=date(2028, 1, 4), rules=RULES, tz=JST).flags == ()
    assert assess(c, today=date(2028, 1, 5), rules=RULES, tz=JST).flags == (Flag.UNASSIGNED,)
    due = received_on(date(2027, 12, 20), status=Status.ASSIGNED, assignee=SUPPORT, desired_due=date(2028, 1, 5))
    assert assess(due, today=date(2027, 12, 28), rules=RULES, tz=JST).due_in == 2  # 1/4, 1/5


def test_thresholds_are_configurable() -> None:
    c = received_on(date(2027, 5, 6))
    assert assess(c, today=date(2027, 5, 7), rules=city_rules(unassigned=1), tz=JST).flags == ()
    assert assess(c, today=date(2027, 5, 10), rules=city_rules(unassigned=1), tz=JST).flags == (Flag.UNASSIGNED,)


def test_the_report_orders_by_urgency_and_counts_ages_in_buckets() -> None:
    today = date(2027, 5, 7)
    old = received_on(date(2027, 3, 1), id=1, number="R8-0001")
    late = received_on(
        date(2027, 4, 26),
        id=2,
        number="R9-0001",
        status=Status.ASSIGNED,
        assignee=SUPPORT,
        desired_due=date(2027, 5, 6),
    )
    fresh = received_on(date(2027, 5, 6), id=3, number="R9-0002")
    closed = received_on(date(2027, 3, 1), id=4, number="R8-0002", status=Status.DONE)
    r = report([old, late, fresh, closed], today=today, rules=RULES, tz=JST, on_hold_since={})
    assert [a.consultation.number for a in r.flagged] == ["R9-0001", "R8-0001"]  # overdue first
    assert dict(r.buckets()) == {"0-2": 1, "3-5": 1, "6-10": 0, "11-20": 0, "21+": 1}
    assert [a.consultation.number for a in r.oldest(2)] == ["R8-0001", "R9-0001"]
    assert {pid: [a.consultation.number for a in items] for pid, items in r.for_assignee().items()} == {
        SUPPORT.id: ["R9-0001"]
    }
