"""SqlReporting: which consultations a summary reads (in one query), the export rows, the department directory;
and build_summary over them (SQLite and PostgreSQL)."""

import gc
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, insert, select

from bot.domain.periods import date_range, fiscal_year_period, month_of, week_of
from bot.domain.register_rows import ImportRow
from bot.domain.stats import ConsultationFact, normalise_department
from bot.services.reports import build_summary
from storage.db import make_engine, make_sessionmaker
from storage.importer import SqlImporter
from storage.orm import ConsultationRow, DepartmentAliasRow, DepartmentRow
from storage.reporting import SqlReporting
from storage.uow import SqlUnitOfWorkFactory

JST = ZoneInfo("Asia/Tokyo")
NOW = datetime(2025, 6, 18, 3, 0, tzinfo=UTC)  # Wednesday 2025-06-18 12:00 JST
JUNE = month_of(date(2025, 6, 1))
WEEK_START = week_of(date(2025, 6, 18)).bounds(JST)[0]  # Monday 2025-06-16 00:00 JST


def jst(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=JST).astimezone(UTC)


def row(number: str, label: str, created: str, status: str = "received", closed: str | None = None) -> ImportRow:
    """The label is stored as the department, so facts (which carry no number) can be told apart."""
    return ImportRow(
        number=number,
        title=f"相談 {label}",
        body="",
        category="app" if label.endswith("app") else "bpr",
        status=status,
        department=label,
        created_at=jst(created),
        closed_at=jst(closed) if closed else None,
        hours_saved_per_month=2.0 if status == "done" else None,
    )


ROWS = [
    row("R7-0001", "june, done", "2025-06-02", "done", "2025-06-10"),
    row("R7-0002", "june, withdrawn", "2025-06-03", "withdrawn", "2025-06-04"),
    row("R6-0001", "old, open", "2024-05-01", "on_hold"),
    row("R6-0002", "old, closed long ago", "2024-05-02", "done", "2024-06-01"),
    row("R6-0003", "old, withdrawn long ago", "2024-05-03", "withdrawn", "2024-05-04"),
    row("R7-0003", "may, closed this week", "2025-05-20", "done", "2025-06-16"),
    row("R7-0004", "may, closed in june before this week", "2025-05-21", "done", "2025-06-13"),
    row("R7-0005", "this week app", "2025-06-17", "in_progress"),
    row("R7-0006", "after as_of", "2025-06-19"),
    row("R7-0007", "july", "2025-07-01", "done", "2025-07-02"),
]


@pytest.fixture
async def uow(database_url: str) -> AsyncIterator[SqlUnitOfWorkFactory]:
    engine = make_engine(database_url, null_pool=True)
    async with SqlUnitOfWorkFactory(make_sessionmaker(engine))() as u:
        await SqlImporter(u.session).insert(ROWS)
    yield SqlUnitOfWorkFactory(make_sessionmaker(engine))
    await engine.dispose()


async def test_facts_are_what_a_summary_can_count_read_in_one_query(uow: SqlUnitOfWorkFactory) -> None:
    start, end = JUNE.bounds(JST)
    async with uow() as u:
        statements: list[str] = []
        engine = u.session.bind

        def listener(conn, cursor, statement, *rest) -> None:  # type: ignore[no-untyped-def]
            statements.append(statement)

        event.listen(engine.sync_engine, "before_cursor_execute", listener)
        try:
            facts = await SqlReporting(u.session).facts(start, end, WEEK_START, NOW)
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", listener)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    assert sorted(f.department for f in facts) == sorted(
        [
            "june, done",
            "june, withdrawn",
            "old, open",
            "may, closed this week",
            "this week app",
        ]
    )
    done = next(f for f in facts if f.department == "june, done")
    assert done.created_at == jst("2025-06-02") and done.created_at.tzinfo == UTC
    assert done.closed_at == jst("2025-06-10") and done.closed_at.tzinfo == UTC
    assert (done.category, done.status, done.hours_saved_per_month) == ("bpr", "done", 2.0)
    assert next(f for f in facts if f.department == "this week app").category == "app"


async def test_consultations_in_a_period_in_number_order(uow: SqlUnitOfWorkFactory) -> None:
    start, end = date_range(date(2024, 5, 2), date(2025, 6, 2)).bounds(JST)
    async with uow() as u:
        rows = await SqlReporting(u.session).consultations_in(start, end)
    assert [r.number for r in rows] == ["R6-0002", "R6-0003", "R7-0001", "R7-0003", "R7-0004"]
    first = rows[0]
    assert (first.title, first.status, first.created_at, first.closed_at) == (
        "相談 old, closed long ago",
        "done",
        jst("2024-05-02"),
        jst("2024-06-01"),
    )
    assert first.hours_saved_per_month == 2.0 and rows[1].hours_saved_per_month is None


async def add_departments(uow: SqlUnitOfWorkFactory) -> None:
    """市民課 (once 住民課), 総務課, and the inactive 旧税務課; the aliases as storage.departments stores them."""
    async with uow() as u:
        for name, active, aliases in (
            ("市民課", True, ("市民課", "住民課")),
            ("総務課", True, ("総務課",)),
            ("旧税務課", False, ("旧税務課",)),
        ):
            stmt = insert(DepartmentRow).values(name=name, active=active, updated_at=NOW).returning(DepartmentRow.id)
            department_id = (await u.session.execute(stmt)).scalar_one()
            await u.session.execute(
                insert(DepartmentAliasRow),
                [{"alias": normalise_department(a), "department_id": department_id} for a in aliases],
            )


async def test_department_directory(uow: SqlUnitOfWorkFactory) -> None:
    await add_departments(uow)
    async with uow() as u:
        directory = await SqlReporting(u.session).department_directory()
    assert directory.names == ("市民課", "総務課")
    assert dict(directory.aliases) == {
        "市民課": "市民課",
        "住民課": "市民課",
        "総務課": "総務課",
        "旧税務課": "旧税務課",
    }
    assert directory.canonical(" 住民課 ") == "市民課"


async def test_build_summary_counts_old_department_names_and_the_week(uow: SqlUnitOfWorkFactory) -> None:
    await add_departments(uow)
    async with uow() as u:
        await SqlImporter(u.session).insert(
            [row("R7-0100", "住民課", "2025-06-05", "done", "2025-06-06"), row("R7-0101", "市民課", "2025-06-06")]
        )
    summary = await build_summary(uow, JUNE, now=NOW.astimezone(JST), tz=JST)
    bpr, app = summary.categories
    assert (bpr.received, bpr.completed, app.received, app.completed) == (3, 2, 1, 0)  # withdrawn: not received
    top = summary.top_departments[0]
    assert (top.name, top.received) == ("市民課", 2)
    assert summary.silent_departments == ("総務課",)
    assert summary.open_by_status == {"received": 1, "assigned": 0, "in_progress": 1, "on_hold": 1}
    assert (summary.new_this_week, summary.closed_this_week) == (1, 1)
    assert summary.hours_saved_per_month == 4.0
    assert summary.as_of == NOW and summary.period == JUNE


async def test_build_summary_of_an_empty_period(uow: SqlUnitOfWorkFactory) -> None:
    summary = await build_summary(uow, week_of(date(2023, 1, 2)), now=NOW - timedelta(days=900), tz=JST)
    assert summary.total.received == 0 and summary.total.completion_rate == 0


# --- facts read without per-row type processing: the instants must survive exactly -----------------------------------

FY2024_LAST = datetime(2025, 3, 31, 23, 59, 59, 999_999, tzinfo=JST)  # the last microsecond of FY2024 (令和6年度)
FY2025_FIRST = datetime(2025, 4, 1, tzinfo=JST)  # 2025-03-31 15:00 UTC
EDGES = [
    ImportRow("R6-0900", "", "", "bpr", "done", "fy2024 last µs", FY2024_LAST, FY2025_FIRST, 1.5),
    ImportRow(
        "R7-0900", "", "", "app", "done", "fy2025 first", FY2025_FIRST, FY2025_FIRST + timedelta(microseconds=1), None
    ),
    ImportRow("R7-0901", "", "", "bpr", "received", "week start, open", WEEK_START, None),
    ImportRow(
        "R7-0902",
        "",
        "",
        "bpr",
        "withdrawn",
        "utc midnight, µs",
        datetime(2025, 5, 1, 0, 0, 0, 1, tzinfo=UTC),
        datetime(2025, 5, 2, 0, 0, 0, 999_999, tzinfo=JST),
    ),
]
SPRING = date_range(date(2025, 3, 1), date(2025, 6, 18))


@pytest.fixture
async def edges(uow: SqlUnitOfWorkFactory) -> SqlUnitOfWorkFactory:
    async with uow() as u:
        await SqlImporter(u.session).insert(EDGES)
    return uow


async def test_fact_datetimes_are_the_stored_instants_in_aware_utc(edges: SqlUnitOfWorkFactory) -> None:
    start, end = SPRING.bounds(JST)
    async with edges() as u:
        facts = {f.department: f for f in await SqlReporting(u.session).facts(start, end, WEEK_START, NOW)}
    for r in EDGES:
        f = facts[r.department]
        assert (f.category, f.status, f.hours_saved_per_month) == (r.category, r.status, r.hours_saved_per_month)
        assert f.created_at == r.created_at and f.created_at.tzinfo is UTC
        assert f.created_at.microsecond == r.created_at.microsecond
        if r.closed_at is None:
            assert f.closed_at is None
        else:
            assert f.closed_at == r.closed_at and f.closed_at.tzinfo is UTC
            assert f.closed_at.microsecond == r.closed_at.microsecond


async def test_facts_equal_what_the_orm_reads_through_the_tz_type(edges: SqlUnitOfWorkFactory) -> None:
    start, end = SPRING.bounds(JST)
    C = ConsultationRow
    async with edges() as u:
        facts = await SqlReporting(u.session).facts(start, end, WEEK_START, NOW)
        orm = await u.session.execute(
            select(C.category, C.status, C.department, C.created_at, C.closed_at, C.hours_saved_per_month)
        )
        through_tz = {row.department: ConsultationFact(*row) for row in orm}
    assert len(facts) > len(EDGES)
    for f in facts:
        expected = through_tz[f.department]
        assert f == expected
        assert (f.created_at.tzinfo, f.closed_at and f.closed_at.tzinfo) == (
            expected.created_at.tzinfo,
            expected.closed_at and expected.closed_at.tzinfo,
        )


async def test_a_fiscal_year_starts_at_midnight_jst(edges: SqlUnitOfWorkFactory) -> None:
    async with edges() as u:
        reporting = SqlReporting(u.session)
        fy2025 = {f.department for f in await reporting.facts(*fiscal_year_period(2025).bounds(JST), WEEK_START, NOW)}
        fy2024 = {f.department for f in await reporting.facts(*fiscal_year_period(2024).bounds(JST), WEEK_START, NOW)}
    assert "fy2025 first" in fy2025 and "fy2024 last µs" not in fy2025
    assert "fy2024 last µs" in fy2024 and "fy2025 first" not in fy2024
    summary = await build_summary(edges, fiscal_year_period(2025), now=NOW, tz=JST)
    app = summary.categories[1]
    assert (app.received, app.completed) == (2, 1)  # "fy2025 first" (closed 1 µs later) and "this week app" (open)
    assert (app.lead_time_median_days, app.lead_time_p90_days) == (0.0, 0.0)
    assert summary.new_this_week == 2  # "this week app", and "week start, open" created at the week's first instant


async def test_facts_leave_the_garbage_collector_as_they_found_it(uow: SqlUnitOfWorkFactory) -> None:
    start, end = JUNE.bounds(JST)
    assert gc.isenabled()
    async with uow() as u:
        await SqlReporting(u.session).facts(start, end, WEEK_START, NOW)
    assert gc.isenabled()
    gc.disable()
    try:
        async with uow() as u:
            await SqlReporting(u.session).facts(start, end, WEEK_START, NOW)
        assert not gc.isenabled()
    finally:
        gc.enable()
