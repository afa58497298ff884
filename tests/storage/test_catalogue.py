"""The catalogue of reusable solutions (事例集) in SQL: only completed consultations marked 横展開候補, newest mark
first, by the window they were marked in; the dashboard's filters; the weekly summary's new candidates (SQLite and
PostgreSQL)."""

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.catalogue import CatalogueFilter, tags_in
from bot.domain.consultation import Reuse
from bot.domain.periods import fiscal_year_period
from bot.domain.register_rows import ImportRow
from bot.domain.stats import DepartmentDirectory
from bot.services.reports import build_summary
from bot.views.summary import report_text
from storage.db import make_engine, make_sessionmaker
from storage.importer import SqlImporter
from storage.uow import SqlUnitOfWorkFactory

JST = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)  # Thursday 2026-11-26 12:00 JST; its week began Monday 11-23


def jst(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=JST).astimezone(UTC)


def done(number: str, title: str, department: str, category: str = "app", status: str = "done") -> ImportRow:
    closed = status in ("done", "withdrawn")
    return ImportRow(
        number=number,
        title=title,
        body=title,
        category=category,
        status=status,
        department=department,
        created_at=jst("2026-05-01"),
        closed_at=jst("2026-06-01") if closed else None,
        resolution="Formsとフローで受付を自動化" if status == "done" else "",
        artefact_name="受付フォーム" if category == "app" and status == "done" else "",
    )


ROWS = [
    done("R8-0001", "窓口予約の受付", "市民課"),
    done("R8-0002", "押印欄の削除", "総務課", "bpr"),
    done("R8-0003", "研修申込の集計", "人事課"),
    done("R8-0004", "まだ対応中の相談", "税務課", status="in_progress"),
    done("R8-0005", "取り下げた相談", "税務課", status="withdrawn"),
]
MARKS = {  # number -> (when it was marked, tags)
    "R8-0001": (jst("2026-11-24"), ("ms-forms", "power-automate")),  # this week
    "R8-0002": (jst("2026-11-20"), ("paper-reduction",)),  # last week
    "R8-0003": (jst("2026-11-26", 11), ("ms-forms",)),  # this week, before NOW (12:00)
    "R8-0004": (jst("2026-11-25"), ()),  # marked, then reopened: not a completed solution now
    "R8-0005": (jst("2026-11-25"), ()),
}


@pytest.fixture
async def uow(database_url: str) -> AsyncIterator[SqlUnitOfWorkFactory]:
    engine = make_engine(database_url, null_pool=True)
    factory = SqlUnitOfWorkFactory(make_sessionmaker(engine))
    async with factory() as u:
        await SqlImporter(u.session).insert(ROWS)
        for number, (at, tags) in MARKS.items():
            c = await u.consultations.get_by_number(number)
            assert c is not None
            marked = replace(c, tags=tags, reuse=Reuse(f"{c.title}の仕組みを流用できる", at, "aad-support"))
            assert await u.consultations.update(marked, expected_version=c.version) is not None
    yield factory
    await engine.dispose()


async def test_only_completed_consultations_marked_as_reusable_are_listed_newest_mark_first(
    uow: SqlUnitOfWorkFactory,
) -> None:
    async with uow() as u:
        entries = await u.catalogue.entries()
    assert [e.number for e in entries] == ["R8-0003", "R8-0001", "R8-0002"]
    first = entries[1]
    assert (first.title, first.department, first.category, first.tags) == (
        "窓口予約の受付",
        "市民課",
        "app",
        ("ms-forms", "power-automate"),
    )
    assert (first.resolution, first.artefact, first.note) == (
        "Formsとフローで受付を自動化",
        "受付フォーム",
        "窓口予約の受付の仕組みを流用できる",
    )
    assert first.marked_at == jst("2026-11-24") and first.closed_at == jst("2026-06-01")
    assert tags_in(entries) == ["ms-forms", "paper-reduction", "power-automate"]


async def test_the_window_a_mark_was_made_in(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as u:
        week = await u.catalogue.entries(marked_from=jst("2026-11-23", 0), marked_until=NOW)
    assert [e.number for e in week] == ["R8-0003", "R8-0001"]


async def test_the_dashboard_filters_by_category_tag_and_any_name_of_a_department(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as u:
        entries = await u.catalogue.entries()
    renamed = DepartmentDirectory(names=("市民窓口課", "総務課", "人事課"), aliases={"市民課": "市民窓口課"})

    def numbers(f: CatalogueFilter) -> list[str]:
        return [e.number for e in f.select(entries, renamed.canonical)]

    assert numbers(CatalogueFilter(category="bpr")) == ["R8-0002"]
    assert numbers(CatalogueFilter(tag="ms-forms")) == ["R8-0003", "R8-0001"]
    assert numbers(CatalogueFilter(department="市民窓口課")) == ["R8-0001"]  # recorded under its old name
    assert numbers(CatalogueFilter(department="市民課", tag="ms-forms", category="app")) == ["R8-0001"]
    assert numbers(CatalogueFilter(department="福祉課")) == []
    assert numbers(CatalogueFilter()) == ["R8-0003", "R8-0001", "R8-0002"]


async def test_the_weekly_summary_lists_the_candidates_marked_in_its_week(uow: SqlUnitOfWorkFactory) -> None:
    summary = await build_summary(uow, fiscal_year_period(2026), now=NOW, tz=JST)

    assert [e.number for e in summary.new_reuse] == ["R8-0003", "R8-0001"]
    text = report_text(summary)
    assert "今週の横展開候補（2件）" in text
    assert "R8-0001 窓口予約の受付（市民課）：窓口予約の受付の仕組みを流用できる" in text
    assert "R8-0002" not in text

    a_week_later = await build_summary(uow, fiscal_year_period(2026), now=NOW + timedelta(days=7), tz=JST)
    assert a_week_later.new_reuse == () and "横展開候補" not in report_text(a_week_later)

