"""The PDCA workbook's figures (bot/domain/annual_review.py): months, departments, hours saved and their source,
and the 横展開候補, by the report's rules for received, withdrawn, completed and `as_of`."""

from datetime import UTC, date, datetime

import pytest

from bot.domain.annual_review import Source, months_of, worksheet_hours
from bot.domain.periods import Period, date_range, fiscal_year_period, month_of, week_of
from bot.domain.stats import DepartmentDirectory, normalise_department
from tests.support.workbooks import JST, a_row, review_of

FY2025 = fiscal_year_period(2025)


def jst(*args: int) -> datetime:
    return datetime(*args, tzinfo=JST).astimezone(UTC)


AS_OF = jst(2026, 4, 10, 9, 0)  # after the fiscal year, so everything in it is known


def test_a_period_lists_every_month_it_touches() -> None:
    assert months_of(FY2025) == tuple(date(2025 + (m < 4), m, 1) for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3))
    assert months_of(month_of(date(2025, 12, 5))) == (date(2025, 12, 1),)
    assert months_of(week_of(date(2025, 12, 31))) == (date(2025, 12, 1), date(2026, 1, 1))
    assert len(months_of(date_range(date(2024, 4, 1), date(2025, 6, 30)))) == 15


def test_worksheet_hours_are_yearly_count_times_minutes_over_60_over_12() -> None:
    assert worksheet_hours(1200, 15) == 25.0
    assert worksheet_hours(None, 15) is None and worksheet_hours(1200, None) is None
    assert worksheet_hours(0, 15) == 0.0


def test_months_count_received_by_creation_and_completed_by_closing() -> None:
    rows = [
        a_row("R7-0001", jst(2025, 4, 1, 0, 0)),  # the first minute of the year (JST)
        a_row("R6-0100", jst(2025, 3, 31, 23, 59), status="done", closed_at=jst(2025, 4, 3)),  # received last year
        a_row("R7-0002", jst(2025, 4, 2), category="app", status="done", closed_at=jst(2025, 5, 1)),
        a_row("R7-0003", jst(2025, 4, 3), status="withdrawn", closed_at=jst(2025, 4, 4)),  # not received
        a_row("R7-0004", jst(2026, 3, 31, 23, 59), status="done", closed_at=jst(2026, 4, 1, 0, 0)),  # closed after
    ]
    review = review_of(rows, FY2025, AS_OF)
    april, may = review.months[0], review.months[1]
    assert april.month == date(2025, 4, 1) and april.received == (1, 1) and april.completed == (1, 0)
    assert may.received == (0, 0) and may.completed == (0, 1)
    assert review.months[-1].received == (1, 0) and review.months[-1].completed == (0, 0)
    assert sum(sum(m.received) for m in review.months) == review.summary.total.received == 3


def test_as_of_decides_what_is_known() -> None:
    rows = [
        a_row("R7-0001", jst(2025, 6, 1), status="done", closed_at=jst(2025, 6, 20), hours_saved_per_month=4.0),
        a_row("R7-0002", jst(2025, 6, 2), status="withdrawn", closed_at=jst(2025, 6, 20)),
        a_row("R7-0003", jst(2025, 6, 20)),  # created after as_of
        a_row("R7-0004", jst(2025, 5, 1), reuse_note="使える", reuse_marked_at=jst(2025, 6, 20)),
    ]
    review = review_of(rows, FY2025, jst(2025, 6, 18, 12, 0))
    june = review.months[2]
    assert june.received == (2, 0) and june.completed == (0, 0)  # done and withdrawn later: still received
    assert review.savings == () and review.cases == ()
    assert review.departments[0].received == (3, 0) and review.departments[0].completed == 0


def test_every_master_department_in_its_order_then_names_outside_it_then_none() -> None:
    directory = DepartmentDirectory(
        names=("企画課", "DX推進課", "総務課"), aliases={normalise_department("情報政策課"): "DX推進課"}
    )
    rows = [
        a_row("R7-0001", jst(2025, 5, 1), department="情報政策課", status="done", closed_at=jst(2025, 5, 9)),
        a_row("R7-0002", jst(2025, 5, 2), department="ＤＸ推進課", category="app"),
        a_row("R7-0003", jst(2025, 5, 3), department="臨時プロジェクト室"),
        a_row("R7-0004", jst(2025, 5, 4), department=""),
    ]
    review = review_of(rows, FY2025, AS_OF, directory)
    names = [d.name for d in review.departments]
    assert names == ["企画課", "DX推進課", "総務課", "臨時プロジェクト室", ""]
    planning, dx, general, outside, none = review.departments
    assert (planning.received, planning.completed, planning.completion_rate, planning.in_master) == ((0, 0), 0, 0, True)
    assert (dx.received, dx.completed, dx.completion_rate) == ((1, 1), 1, 0.5)
    assert general.total == 0 and not outside.in_master and outside.total == 1 and none.total == 1
    assert sum(d.total for d in review.departments) == review.summary.total.received


def test_hours_saved_come_from_the_outcome_else_the_worksheet() -> None:
    done = {"status": "done"}
    rows = [
        a_row(
            "R7-0001",
            jst(2025, 4, 1),
            **done,
            closed_at=jst(2025, 4, 20),
            hours_saved_per_month=10.0,
            yearly_count=1200,
            minutes_per_case=15,
        ),
        a_row("R7-0002", jst(2025, 4, 2), **done, closed_at=jst(2025, 5, 20), yearly_count=1200, minutes_per_case=15),
        a_row("R7-0003", jst(2025, 4, 3), **done, closed_at=jst(2025, 5, 21), hours_saved_per_month=0.0),
        a_row("R7-0004", jst(2025, 4, 4), **done, closed_at=jst(2025, 5, 22), yearly_count=1200),
        a_row("R7-0005", jst(2025, 4, 5), closed_at=None, hours_saved_per_month=99.0),  # open: not saving yet
    ]
    review = review_of(rows, FY2025, AS_OF)
    by_number = {s.number: s for s in review.savings}
    assert set(by_number) == {"R7-0001", "R7-0002", "R7-0003", "R7-0004"}
    assert (by_number["R7-0001"].hours_per_month, by_number["R7-0001"].source) == (10.0, Source.OUTCOME)
    assert (by_number["R7-0002"].hours_per_month, by_number["R7-0002"].source) == (25.0, Source.WORKSHEET)
    assert (by_number["R7-0003"].hours_per_month, by_number["R7-0003"].source) == (0.0, Source.OUTCOME)
    assert (by_number["R7-0004"].hours_per_month, by_number["R7-0004"].source) == (None, Source.NONE)
    assert by_number["R7-0002"].closed_on == date(2025, 5, 20)
    april, may, june = review.savings_by_month[:3]
    assert (april.from_outcomes, april.from_worksheets, april.total, april.cumulative) == (10.0, 0.0, 10.0, 10.0)
    assert (may.from_outcomes, may.from_worksheets, may.total, may.cumulative) == (0.0, 25.0, 25.0, 35.0)
    assert (june.total, june.cumulative) == (0.0, 35.0) and review.savings_by_month[-1].cumulative == 35.0


def test_savings_count_completions_in_the_period_whenever_received() -> None:
    rows = [
        a_row("R6-0001", jst(2024, 10, 1), status="done", closed_at=jst(2025, 4, 2), hours_saved_per_month=3.0),
        a_row("R7-0001", jst(2025, 10, 1), status="done", closed_at=jst(2026, 4, 2), hours_saved_per_month=5.0),
    ]
    review = review_of(rows, FY2025, AS_OF)
    assert [s.number for s in review.savings] == ["R6-0001"]
    assert review.summary.total.received == 1  # R6-0001 was received the year before


def test_cases_are_the_candidates_marked_in_the_period_in_order() -> None:
    outcome = {"status": "done", "resolution": "Formsで受付", "artefact_name": "受付フォーム"}
    rows = [
        a_row(
            "R7-0002",
            jst(2025, 5, 1),
            **outcome,
            closed_at=jst(2025, 5, 9),
            reuse_note="後",
            reuse_marked_at=jst(2025, 9, 1),
            department="情報政策課",
        ),
        a_row(
            "R7-0001",
            jst(2025, 4, 1),
            **outcome,
            closed_at=jst(2025, 4, 9),
            reuse_note="先",
            reuse_marked_at=jst(2025, 6, 1),
            artefact_environment="Microsoft Forms",
        ),
        a_row(
            "R6-0001",
            jst(2024, 4, 1),
            **outcome,
            closed_at=jst(2024, 4, 9),
            reuse_note="去年",
            reuse_marked_at=jst(2025, 3, 31, 23, 59),
        ),
        a_row(
            "R5-0001",
            jst(2023, 4, 1),
            **outcome,
            closed_at=jst(2023, 4, 9),
            reuse_note="今年度に",
            reuse_marked_at=jst(2025, 4, 1),
        ),
    ]
    directory = DepartmentDirectory(("DX推進課",), {normalise_department("情報政策課"): "DX推進課"})
    review = review_of(rows, FY2025, AS_OF, directory)
    assert [c.number for c in review.cases] == ["R5-0001", "R7-0001", "R7-0002"]
    old, first, second = review.cases
    assert (first.note, first.marked_on, first.closed_on) == ("先", date(2025, 6, 1), date(2025, 4, 9))
    assert (first.resolution, first.artefact_name, first.artefact_environment) == (
        "Formsで受付",
        "受付フォーム",
        "Microsoft Forms",
    )
    assert second.department == "DX推進課" and old.closed_on == date(2023, 4, 9)


@pytest.mark.parametrize("period", [FY2025, month_of(date(2025, 8, 1)), week_of(date(2025, 8, 6))])
def test_an_empty_period_has_its_months_and_zeros(period: Period) -> None:
    review = review_of([], period, AS_OF, DepartmentDirectory(("総務課",)))
    assert [m.month for m in review.months] == list(months_of(period))
    assert all(m.received == (0, 0) and m.completed == (0, 0) for m in review.months)
    assert [d.name for d in review.departments] == ["総務課"] and review.departments[0].completion_rate == 0.0
    assert review.savings == () and review.cases == () and review.savings_by_month[-1].cumulative == 0.0
