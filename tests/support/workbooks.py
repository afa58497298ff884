"""The PDCA workbook in tests: read it back with openpyxl (`open_workbook`, a sheet's `header` and `records` under
its header row, the `charts` inside the file), and the programme's figures loaded with a worksheet, outcomes and a
横展開候補 (`load_programme`)."""

import io
import re
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from bot.domain.annual_review import AnnualReview, ReviewRow, annual_review
from bot.domain.consultation import Outcome, Reuse, Worksheet
from bot.domain.periods import Period, date_range
from bot.domain.ports import UnitOfWorkFactory
from bot.domain.stats import ConsultationFact, DepartmentDirectory, summarize
from bot.services.csv_import import import_csv
from tests.support.clocks import DEFAULT_NOW
from tests.support.programme import DEPARTMENTS, programme_csv, programme_rows

JST = ZoneInfo("Asia/Tokyo")
HEADER_ROW = 4  # the header's Excel row (1-based): three lines of title, period and note come first
SHEETS = ["概要", "月別推移", "部署別", "削減時間", "事例"]
PROGRAMME = date_range(date(2024, 4, 1), date(2025, 6, 30))
PROGRAMME_AS_OF = DEFAULT_NOW  # the suite's instant, long after the programme's last closing (2025-08)
QUIET_DEPARTMENTS = ("会計課", "議会事務局")  # in the master, never consulted


def review_of(
    rows: list[ReviewRow], period: Period, as_of: datetime, directory: DepartmentDirectory | None = None
) -> AnnualReview:
    """The review build_review would make of these rows (their facts summarised as the report does)."""
    facts = [
        ConsultationFact(r.category, r.status, r.department, r.created_at, r.closed_at, r.hours_saved_per_month)
        for r in rows
    ]
    summary = summarize(facts, period, as_of=as_of, tz=JST, departments=directory)
    return annual_review(rows, summary, tz=JST, departments=directory)


def a_row(number: str, created: datetime, **fields: Any) -> ReviewRow:
    """A received BPR consultation of 総務課 unless `fields` say otherwise."""
    values: dict[str, Any] = {"title": f"相談 {number}", "category": "bpr", "status": "received"}
    values |= {"department": "総務課", "closed_at": None, "hours_saved_per_month": None} | fields
    return ReviewRow(number=number, created_at=created, **values)


def open_workbook(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def header(sheet: Any, first_col: int = 1) -> list[str]:
    """The header row's texts from `first_col` to the first empty cell."""
    out = []
    for cell in sheet[HEADER_ROW][first_col - 1 :]:
        if cell.value is None:
            break
        out.append(cell.value)
    return out


def records(sheet: Any, first_col: int = 1) -> list[tuple[Any, ...]]:
    """The rows under the header (as many columns as the header has) down to the first with `first_col` empty."""
    width = len(header(sheet, first_col))
    out = []
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=first_col, max_col=first_col + width - 1):
        if row[0].value is None:
            break
        out.append(tuple(c.value for c in row))
    return out


def cells(sheet: Any, first_col: int = 1) -> list[tuple[Any, ...]]:
    """As `records`, the cells themselves (for their number formats)."""
    width = len(header(sheet, first_col))
    rows = sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=first_col, max_col=first_col + width - 1)
    return [tuple(row) for row in rows if row[0].value is not None]


def charts(data: bytes) -> dict[str, str]:
    """Chart part name -> its XML, read from the zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode() for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)}


def by_label(sheet: Any, first_col: int = 1) -> dict[Any, tuple[Any, ...]]:
    return {r[0]: r for r in records(sheet, first_col)}


async def load_programme(uow: UnitOfWorkFactory) -> dict[str, str]:
    """The programme's 211 consultations (tests/support/programme.py) and a department master with two more
    departments that never consulted; then, on three completed ones: an outcome with hours saved, a BPR worksheet
    (no hours entered), and a 横展開候補. Returns which number got which."""
    result = await import_csv(uow, programme_csv(), tz=JST)
    assert not result.errors and result.imported == 211
    done = [r for r in programme_rows() if r["status"] == "done"]
    with_outcome = next(r for r in done if r["category"] == "app")
    with_worksheet = next(r for r in done if r["category"] == "bpr")
    reused = with_outcome
    now = PROGRAMME_AS_OF
    async with uow() as u:
        for name in (*DEPARTMENTS, *QUIET_DEPARTMENTS):
            await u.departments.add(name, now)
        c = await u.consultations.get_by_number(with_outcome["number"])
        assert c is not None
        outcome = Outcome("受付をFormsにしました", 12.5, "転入届受付フォーム", "Microsoft Forms", "市民課")
        marked = datetime(2025, 6, 2, 1, 0, tzinfo=UTC)
        reuse = Reuse("=様式を差し替えれば他の届出にも使えます", marked, "support-1")
        assert await u.consultations.update(replace(c, outcome=outcome, reuse=reuse), expected_version=c.version)
        w = await u.consultations.get_by_number(with_worksheet["number"])
        assert w is not None
        await u.worksheets.save(w.id, Worksheet(yearly_count=1200, minutes_per_case=15), by="support-1", now=now)
    return {"outcome": with_outcome["number"], "worksheet": with_worksheet["number"], "reuse": reused["number"]}
