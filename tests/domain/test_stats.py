"""Consultation statistics: a hand-computed fixture, rounding, lead times, backlog, weeks and departments."""

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.consultation import Status
from bot.domain.periods import date_range, fiscal_year_period
from bot.domain.stats import (
    AGE_BUCKETS,
    CategoryFigures,
    ConsultationFact,
    DepartmentCount,
    DepartmentDirectory,
    normalise_department,
    summarize,
    summary_to_dict,
)

JST = ZoneInfo("Asia/Tokyo")
FY2025 = fiscal_year_period(2025)


def jst(*args: int) -> datetime:
    """A Japan local time, stored as UTC like the database does."""
    return datetime(*args, tzinfo=JST).astimezone(UTC)


AS_OF = jst(2025, 6, 18, 12, 0)  # Wednesday; its week is Monday 6/16 – Sunday 6/22 (JST)


def fact(
    category: str,
    status: str,
    created: datetime,
    closed: datetime | None = None,
    department: str = "",
    hours: float | None = None,
) -> ConsultationFact:
    return ConsultationFact(category, status, department, created, closed, hours)


DIRECTORY = DepartmentDirectory(
    names=("総務課", "企画課", "DX推進課", "財政課", "税務課"),
    aliases={normalise_department("情報政策課"): "DX推進課"},  # 情報政策課 was renamed DX推進課
)

FIXTURE = [
    # in FY2025, received; "lead" is created -> closed in days
    fact("bpr", "done", jst(2025, 4, 1, 9), jst(2025, 4, 3, 21), "総務課", 10.0),  # 1: lead 2.5
    fact("bpr", "done", jst(2025, 4, 10, 9), jst(2025, 4, 11, 9), "企画課"),  # 2: lead 1.0, no hours
    fact("bpr", "done", jst(2025, 5, 1, 9), jst(2025, 5, 11, 9), "情報政策課", 2.5),  # 3: lead 10.0, old name
    fact("bpr", "in_progress", jst(2025, 6, 10, 9), None, "総務課"),  # 4: open, 8 days old
    fact("bpr", "withdrawn", jst(2025, 5, 5, 9), jst(2025, 5, 6, 9), "財政課"),  # 5: withdrawn: not received
    fact("app", "done", jst(2025, 4, 20, 9), jst(2025, 5, 1, 9), "ＤＸ推進課", 5.0),  # 6: lead 11.0, full width
    fact("app", "received", jst(2025, 6, 17, 9), None, "企画課"),  # 7: new this week, 1 day old
    fact("app", "on_hold", jst(2025, 3, 20, 9), None, "総務課"),  # 8: FY2024, open, 90 days old
    fact("bpr", "done", jst(2025, 3, 25, 9), jst(2025, 6, 16, 0, 0), "税務課"),  # 9: FY2024, closed Monday 0:00
    fact("app", "done", jst(2025, 6, 1, 9), jst(2025, 6, 15, 23, 59)),  # 10: lead 14.62, closed Sunday 23:59
    fact("app", "received", jst(2025, 6, 18, 13), None, "企画課"),  # 11: after as_of: ignored
    fact("app", "assigned", jst(2025, 6, 16, 0, 0), None, " 企画課 "),  # 12: new this week (Monday 0:00)
    fact("bpr", "done", jst(2025, 6, 2, 9), jst(2025, 6, 18, 15), "総務課", 99.0),  # 13: closed after as_of
    fact("bpr", "received", jst(2024, 12, 1, 9), None, "財政課"),  # 14: FY2024, open, 199 days old
    fact("app", "withdrawn", jst(2025, 6, 16, 10), jst(2025, 6, 16, 11), "企画課"),  # 15: new this week, withdrawn
    fact("app", "received", jst(2025, 6, 15, 23, 59), None, "市民課"),  # 16: Sunday 23:59, not in the master
]


def test_summary_of_the_hand_computed_fixture() -> None:
    s = summarize(FIXTURE, FY2025, as_of=AS_OF, tz=JST, departments=DIRECTORY)

    assert s.period == FY2025
    assert s.as_of == AS_OF
    # bpr received 1 2 3 4 13, completed 1 2 3 (13 closed after as_of): leads 1.0 2.5 10.0
    assert s.categories[0] == CategoryFigures("bpr", 5, 3, 60, 2.5, 10.0, 12.5)
    # app received 6 7 10 12 16, completed 6 10: leads 11.0 and 14 days 14:59 (14.62); median 12.81
    assert s.categories[1] == CategoryFigures("app", 5, 2, 40, 12.8, 14.6, 5.0)
    assert s.total == CategoryFigures("all", 10, 5, 50, 10.0, 14.6, 17.5)
    assert s.hours_saved_per_month == 17.5
    # open at as_of, whatever their period: 4 7 8 12 14 16
    assert s.open_by_status == {"received": 3, "assigned": 1, "in_progress": 1, "on_hold": 1}
    assert s.ageing == {"0-7": 3, "8-30": 1, "31-90": 1, "91+": 1}
    assert s.new_this_week == 2  # 7 12 (15 is withdrawn)
    assert s.closed_this_week == 1  # 9
    assert (s.withdrawn, s.withdrawn_this_week) == (2, 1)  # 5 15; 15
    assert s.top_departments == (
        DepartmentCount("企画課", 3),  # 2 7 12 (15 is withdrawn)
        DepartmentCount("総務課", 3),  # 1 4 13 (8 is in FY2024)
        DepartmentCount("DX推進課", 2),  # 3 by its old name, 6 in full width
        DepartmentCount("市民課", 1),
    )
    assert s.silent_departments == ("税務課", "財政課")


def test_other_period_of_the_same_fixture() -> None:
    s = summarize(FIXTURE, fiscal_year_period(2024), as_of=AS_OF, tz=JST, departments=DIRECTORY)
    assert s.total == CategoryFigures("all", 3, 1, 33, 82.6, 82.6, 0.0)  # 8 9 14; 9 took 82 days 15 hours
    assert [c.received for c in s.categories] == [2, 1]
    assert s.open_by_status == {"received": 3, "assigned": 1, "in_progress": 1, "on_hold": 1}  # not period-bound
    assert (s.new_this_week, s.withdrawn_this_week) == (2, 1)  # the week of as_of, whatever the period
    assert s.withdrawn == 0
    assert s.top_departments == (
        DepartmentCount("税務課", 1),
        DepartmentCount("総務課", 1),
        DepartmentCount("財政課", 1),
    )
    assert s.silent_departments == ("DX推進課", "企画課")


def counted(received: int, completed: int, category: str = "bpr") -> list[ConsultationFact]:
    created = jst(2025, 5, 1, 9)
    done = [fact(category, "done", created, created + timedelta(days=1)) for _ in range(completed)]
    return done + [fact(category, "in_progress", created) for _ in range(received - completed)]


@pytest.mark.parametrize(
    ("received", "completed", "rate"),
    [(179, 105, 59), (32, 17, 53), (8, 1, 13), (8, 3, 38), (200, 1, 1), (200, 199, 100), (3, 3, 100), (0, 0, 0)],
)
def test_completion_rate_rounds_half_up(received: int, completed: int, rate: int) -> None:
    s = summarize(counted(received, completed), FY2025, as_of=AS_OF, tz=JST)
    assert (s.categories[0].received, s.categories[0].completed) == (received, completed)
    assert s.categories[0].completion_rate == rate
    assert s.total.completion_rate == rate


def test_nothing_received() -> None:
    s = summarize([], FY2025, as_of=AS_OF, tz=JST)
    empty = CategoryFigures("bpr", 0, 0, 0, None, None, 0.0)
    assert s.categories == (empty, CategoryFigures("app", 0, 0, 0, None, None, 0.0))
    assert s.total == CategoryFigures("all", 0, 0, 0, None, None, 0.0)
    assert s.open_by_status == {"received": 0, "assigned": 0, "in_progress": 0, "on_hold": 0}
    assert s.ageing == dict.fromkeys(AGE_BUCKETS, 0)
    assert (s.new_this_week, s.closed_this_week, s.top_departments, s.silent_departments) == (0, 0, (), ())
    assert s.hours_saved_per_month == 0.0


def test_withdrawn_are_not_received_nor_completed() -> None:
    created = jst(2025, 5, 1, 9)
    facts = counted(4, 1) + [fact("bpr", "withdrawn", created, created + timedelta(hours=1), "総務課", 3.0)] * 3
    s = summarize(facts, FY2025, as_of=AS_OF, tz=JST, departments=DIRECTORY)
    assert (s.total.received, s.total.completed, s.total.completion_rate) == (4, 1, 25)
    assert s.total.hours_saved_per_month == 0.0
    assert "総務課" in s.silent_departments
    assert s.open_by_status["received"] == 0


def test_received_means_the_same_everywhere_and_withdrawn_ones_are_counted_apart() -> None:
    """The desk's week: eleven consultations written this week, two of them withdrawn. Received (受付) is nine in the
    total, in the categories, in the week's new count and in the departments; the two are counted as withdrawn."""
    monday = jst(2025, 6, 16, 9)
    facts = [
        fact("bpr" if i % 3 else "app", "received", monday + timedelta(hours=i), None, ("総務課", "企画課")[i % 2])
        for i in range(9)
    ]
    facts += [fact("bpr", "withdrawn", monday + timedelta(hours=20 + i), AS_OF - DAY, "財政課") for i in range(2)]
    s = summarize(facts, FY2025, as_of=AS_OF, tz=JST, departments=DIRECTORY)
    assert s.total.received == sum(c.received for c in s.categories) == 9
    assert s.new_this_week == s.total.received  # every consultation of the year is from this week
    assert sum(d.received for d in s.top_departments) == s.total.received
    assert s.withdrawn == s.withdrawn_this_week == 2
    assert s.total.received + s.withdrawn == len(facts)
    assert "財政課" in s.silent_departments  # its only consultations were withdrawn


def test_a_withdrawal_after_as_of_does_not_count_yet() -> None:
    """As of a moment before the withdrawal, the consultation was still open: received, and new that week."""
    created = jst(2025, 6, 17, 9)
    facts = [fact("app", "withdrawn", created, AS_OF + DAY, "企画課")]
    s = summarize(facts, FY2025, as_of=AS_OF, tz=JST, departments=DIRECTORY)
    assert (s.total.received, s.total.completed, s.new_this_week) == (1, 0, 1)
    assert (s.withdrawn, s.withdrawn_this_week) == (0, 0)
    assert s.top_departments == (DepartmentCount("企画課", 1),)
    later = summarize(facts, FY2025, as_of=AS_OF + 2 * DAY, tz=JST, departments=DIRECTORY)
    assert (later.total.received, later.new_this_week, later.withdrawn) == (0, 0, 1)


def leads(*durations: timedelta) -> list[ConsultationFact]:
    created = jst(2025, 4, 1, 9)
    return [fact("app", "done", created, created + d) for d in durations]


DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("durations", "median", "p90"),
    [
        ([3 * DAY], 3.0, 3.0),
        ([DAY, 2 * DAY], 1.5, 2.0),  # even count: mean of the middle two; p90 = ceil(1.8) = 2nd
        ([5 * DAY, DAY, 3 * DAY], 3.0, 5.0),  # order of facts does not matter
        ([d * DAY for d in range(1, 11)], 5.5, 9.0),  # ceil(9.0) = 9th smallest
        ([d * DAY for d in range(1, 12)], 6.0, 10.0),  # ceil(9.9) = 10th
        ([d * DAY for d in range(1, 71)], 35.5, 63.0),  # ceil(63.0) = 63rd (0.9 * 70 is 63.000...01 in floats)
        ([timedelta(hours=6)], 0.3, 0.3),  # 0.25 days rounds half up (round() would give 0.2)
        ([timedelta(hours=3)], 0.1, 0.1),  # 0.125 -> 0.1
        ([timedelta(hours=8)], 0.3, 0.3),  # 0.333...
        ([timedelta(hours=1), timedelta(hours=2)], 0.1, 0.1),  # median 0.0625 days -> 0.1
        ([timedelta(hours=36), timedelta(hours=39, minutes=36)], 1.6, 1.7),  # median exactly 1.575 -> 1.6; 1.65 -> 1.7
    ],
)
def test_lead_time_median_and_nearest_rank_p90(durations: list[timedelta], median: float, p90: float) -> None:
    figures = summarize(leads(*durations), FY2025, as_of=AS_OF, tz=JST).categories[1]
    assert (figures.lead_time_median_days, figures.lead_time_p90_days) == (median, p90)


def test_done_without_closing_time_is_not_completed() -> None:
    s = summarize([fact("bpr", "done", jst(2025, 5, 1, 9), None)], FY2025, as_of=AS_OF, tz=JST)
    assert (s.total.received, s.total.completed, s.total.lead_time_median_days) == (1, 0, None)


@pytest.mark.parametrize(
    ("age", "bucket"),
    [
        (timedelta(0), "0-7"),
        (timedelta(days=7), "0-7"),
        (timedelta(days=8) - timedelta(seconds=1), "0-7"),  # whole days: 7 days 23:59:59 is 7
        (timedelta(days=8), "8-30"),
        (timedelta(days=30), "8-30"),
        (timedelta(days=31), "31-90"),
        (timedelta(days=90), "31-90"),
        (timedelta(days=91), "91+"),
        (timedelta(days=400), "91+"),
    ],
)
def test_ageing_buckets(age: timedelta, bucket: str) -> None:
    s = summarize([fact("bpr", "on_hold", AS_OF - age)], FY2025, as_of=AS_OF, tz=JST)
    assert s.ageing == {b: int(b == bucket) for b in AGE_BUCKETS}
    assert s.open_by_status["on_hold"] == 1


def test_closed_ones_are_not_in_the_backlog() -> None:
    created = AS_OF - timedelta(days=100)
    facts = [fact("bpr", "done", created, AS_OF), fact("app", "withdrawn", created, AS_OF - DAY)]
    s = summarize(facts, FY2025, as_of=AS_OF, tz=JST)
    assert sum(s.ageing.values()) == sum(s.open_by_status.values()) == 0


def test_this_week_in_japan_time_across_sunday_and_monday() -> None:
    monday = jst(2025, 6, 16, 0, 0)  # = 2025-06-15 15:00 UTC, still Sunday in UTC
    sunday_night = monday - timedelta(minutes=1)
    facts = [
        fact("bpr", "received", sunday_night),
        fact("bpr", "received", monday),
        fact("app", "withdrawn", monday + timedelta(hours=1), monday + timedelta(hours=2)),
        fact("bpr", "done", sunday_night - DAY, sunday_night),
        fact("bpr", "done", sunday_night - DAY, monday),
        fact("app", "withdrawn", sunday_night - DAY, monday + DAY),  # withdrawn is not "closed" here
    ]
    s = summarize(facts, FY2025, as_of=AS_OF, tz=JST)
    assert (s.new_this_week, s.closed_this_week, s.withdrawn_this_week) == (1, 1, 1)  # withdrawn: not new
    on_monday = summarize(facts, FY2025, as_of=monday, tz=JST)  # as_of exactly at the start of the week
    assert (on_monday.new_this_week, on_monday.closed_this_week) == (1, 1)
    in_utc = summarize(facts, FY2025, as_of=AS_OF, tz=UTC)  # in UTC all of these happened on Sunday
    assert (in_utc.new_this_week, in_utc.closed_this_week) == (0, 0)


def test_as_of_filters_facts_and_can_be_given_in_local_time() -> None:
    facts = [fact("bpr", "received", AS_OF), fact("bpr", "received", AS_OF + timedelta(microseconds=1))]
    s = summarize(facts, FY2025, as_of=AS_OF.astimezone(JST), tz=JST)
    assert (s.total.received, s.open_by_status["received"], s.new_this_week) == (1, 1, 1)
    assert s.as_of == AS_OF.astimezone(JST)
    with pytest.raises(ValueError):
        summarize(facts, FY2025, as_of=datetime(2025, 6, 18, 12), tz=JST)


def test_period_bounds_are_local_days() -> None:
    april_first = datetime(2025, 3, 31, 15, 0, tzinfo=UTC)  # 00:00 JST on April 1
    facts = [fact("bpr", "received", april_first), fact("app", "received", april_first - timedelta(seconds=1))]
    s = summarize(facts, FY2025, as_of=AS_OF, tz=JST)
    assert [c.received for c in s.categories] == [1, 0]
    june = summarize(facts, date_range(AS_OF.date(), AS_OF.date()), as_of=AS_OF, tz=JST)
    assert june.total.received == 0


def test_departments_follow_renames_and_spelling() -> None:
    directory = DepartmentDirectory(
        names=("DX推進課", "市民税課", "総務課"),
        aliases={
            normalise_department("情報政策課"): "情報推進課",  # renamed twice: 情報政策課 -> 情報推進課 -> DX推進課
            normalise_department("情報推進課"): "DX推進課",
            normalise_department("税務課"): "市民税課",
        },
    )
    assert directory.canonical("情報政策課") == "DX推進課"
    assert directory.canonical("情報推進課") == "DX推進課"
    assert directory.canonical("ｄｘ推進課") == "DX推進課"
    assert directory.canonical(" 税務 課　") == "市民税課"
    assert directory.canonical("総務課") == "総務課"
    assert directory.canonical("  市民課 ") == "市民課"  # unknown: as given, stripped
    assert directory.canonical("") == ""
    assert directory.canonical("　") == ""
    created = jst(2025, 5, 1, 9)
    names = ["情報政策課", "情報推進課", "DX 推進課", "税務課", "市民課", "", " "]
    s = summarize([fact("bpr", "received", created, department=n) for n in names], FY2025, as_of=AS_OF, tz=JST,
                  departments=directory)  # fmt: skip
    assert s.top_departments == (
        DepartmentCount("DX推進課", 3),
        DepartmentCount("市民税課", 1),
        DepartmentCount("市民課", 1),
    )
    assert s.silent_departments == ("総務課",)


def test_an_active_name_is_never_an_alias() -> None:
    directory = DepartmentDirectory(names=("企画課", "企画政策課"), aliases={"企画課": "企画政策課"})
    assert directory.canonical("企画課") == "企画課"
    assert normalise_department(" Ｄｘ 推進\t課\n") == "dx推進課"


def test_top_departments_are_five_with_ties_by_name() -> None:
    created = jst(2025, 5, 1, 9)
    counts = {"F課": 1, "E課": 2, "D課": 2, "C課": 2, "B課": 3, "A課": 2, "G課": 1}
    facts = [fact("bpr", "received", created, department=name) for name, n in counts.items() for _ in range(n)]
    s = summarize(facts, FY2025, as_of=AS_OF, tz=JST)
    assert s.top_departments == (
        DepartmentCount("B課", 3),
        DepartmentCount("A課", 2),
        DepartmentCount("C課", 2),
        DepartmentCount("D課", 2),
        DepartmentCount("E課", 2),
    )
    assert s.silent_departments == ()  # no master, no silent departments


class OneShot:
    """An iterable that can be iterated only once, counting what was taken from it."""

    def __init__(self, facts: list[ConsultationFact]) -> None:
        self.facts, self.iterations, self.taken = facts, 0, 0

    def __iter__(self) -> Iterator[ConsultationFact]:
        self.iterations += 1
        assert self.iterations == 1, "iterated twice"
        for f in self.facts:
            self.taken += 1
            yield f


def test_summarize_consumes_its_input_once() -> None:
    source = OneShot(FIXTURE)
    s = summarize(source, FY2025, as_of=AS_OF, tz=JST, departments=DIRECTORY)
    assert (source.iterations, source.taken) == (1, len(FIXTURE))
    assert s == summarize(iter(FIXTURE), FY2025, as_of=AS_OF, tz=JST, departments=DIRECTORY)
    assert s == summarize((f for f in FIXTURE), FY2025, as_of=AS_OF, tz=JST, departments=DIRECTORY)


def test_statuses_may_be_enum_members() -> None:
    created = jst(2025, 5, 1, 9)
    facts = [fact("bpr", Status.DONE, created, created + DAY), fact("app", Status.ON_HOLD, created)]
    s = summarize(facts, FY2025, as_of=AS_OF, tz=JST)
    assert (s.total.received, s.total.completed, s.open_by_status["on_hold"]) == (2, 1, 1)
    assert all(type(k) is str for k in s.open_by_status)


FIGURE_KEYS = {
    "received",
    "completed",
    "completion_rate",
    "lead_time_median_days",
    "lead_time_p90_days",
    "hours_saved_per_month",
}


def test_summary_to_dict_is_json_ready_with_exact_keys() -> None:
    s = summarize(FIXTURE, FY2025, as_of=AS_OF, tz=JST, departments=DIRECTORY)
    d = summary_to_dict(s)
    assert json.loads(json.dumps(d, ensure_ascii=False)) == d
    assert list(d) == [
        "period",
        "as_of",
        "total",
        "categories",
        "withdrawn",
        "open_by_status",
        "ageing",
        "new_this_week",
        "closed_this_week",
        "withdrawn_this_week",
        "top_departments",
        "silent_departments",
        "hours_saved_per_month",
        "new_reuse",
        "business_ageing",  # None here: summarize() alone knows no business days (build_summary adds them)
        "turned_away",
    ]
    assert d["new_reuse"] == []  # 横展開候補 marked in the week: build_summary reads them (tests/storage/test_catalogue.py)
    assert d["business_ageing"] is None
    assert d["turned_away"] == {"count": 0, "registered": 0}  # none given: none turned away
    assert d["period"] == {
        "key": "FY2025",
        "kind": "fiscal_year",
        "start": "2025-04-01",
        "end": "2026-03-31",
        "label": "令和7年度",
    }
    assert d["as_of"] == "2025-06-18T03:00:00+00:00"
    assert set(d["total"]) == FIGURE_KEYS
    assert list(d["categories"]) == ["bpr", "app"]
    assert all(set(f) == FIGURE_KEYS for f in d["categories"].values())
    assert d["total"] == {
        "received": 10,
        "completed": 5,
        "completion_rate": 50,
        "lead_time_median_days": 10.0,
        "lead_time_p90_days": 14.6,
        "hours_saved_per_month": 17.5,
    }
    assert d["open_by_status"] == {"received": 3, "assigned": 1, "in_progress": 1, "on_hold": 1}
    assert list(d["ageing"]) == list(AGE_BUCKETS)
    assert (d["new_this_week"], d["closed_this_week"]) == (2, 1)
    assert (d["withdrawn"], d["withdrawn_this_week"]) == (2, 1)
    assert d["top_departments"][0] == {"name": "企画課", "received": 3}
    assert d["silent_departments"] == ["税務課", "財政課"]
    assert d["hours_saved_per_month"] == 17.5
    assert summary_to_dict(s, "en")["period"]["label"] == "FY2025 (Apr 2025 – Mar 2026)"
