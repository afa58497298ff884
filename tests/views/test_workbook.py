"""The workbook file (bot/views/workbook.py), read back with openpyxl: every sheet framed the same way (three lines,
a frozen header, set widths), numbers as numbers and dates as dates, user text kept as text, an empty period still a
whole workbook, and bytes that depend on the figures only."""

from datetime import UTC, date, datetime

from bot.domain.periods import fiscal_year_period, week_of
from bot.domain.stats import DepartmentDirectory
from bot.views.workbook import workbook_bytes
from bot.views.workbook_cells import MAX_CELL
from tests.support.workbooks import JST, SHEETS, a_row, charts, header, open_workbook, records, review_of

FY2025 = fiscal_year_period(2025)
AS_OF = datetime(2026, 4, 10, 0, 0, tzinfo=UTC)
HOSTILE = '=HYPERLINK("http://example.invalid","押して")'


def jst(*args: int) -> datetime:
    return datetime(*args, tzinfo=JST).astimezone(UTC)


def a_year() -> bytes:
    rows = [
        a_row(
            "R7-0001",
            jst(2025, 4, 1),
            title=HOSTILE,
            status="done",
            closed_at=jst(2025, 4, 30),
            hours_saved_per_month=2.5,
            resolution="@SUM(A1)\n2行目",
            reuse_note="+1",
            reuse_marked_at=jst(2025, 5, 1),
            artefact_name="-受付",
            department="=総務課",
        ),
        a_row(
            "R7-0002",
            jst(2025, 6, 1),
            category="app",
            title="長い" * MAX_CELL,
            department="市民課",
            reuse_marked_at=jst(2025, 6, 2),
        ),
    ]
    return workbook_bytes(review_of(rows, FY2025, AS_OF, DepartmentDirectory(("市民課", "総務課"))), tz=JST)


def test_every_sheet_has_its_title_lines_a_frozen_header_and_set_widths() -> None:
    book = open_workbook(a_year())
    assert book.sheetnames == SHEETS
    frozen = {"概要": "A5", "月別推移": "B5", "部署別": "B5", "削減時間": "A5", "事例": "B5"}
    for sheet in book.worksheets:
        assert sheet["A1"].value == "DX相談 年次集計（PDCA）：令和7年度", sheet.title
        assert sheet["A2"].value == "期間：2025年4月1日〜2026年3月31日　2026年4月10日 09:00 時点", sheet.title
        assert sheet["A3"].value, sheet.title  # what the sheet holds
        assert sheet.freeze_panes == frozen[sheet.title]
        assert header(sheet) and sheet["A4"].font.b
        widths = [sheet.column_dimensions[c].width for c in "ABC"]
        assert all(w and w >= 10 for w in widths), (sheet.title, widths)


def test_user_text_stays_text_and_long_text_fits_a_cell() -> None:
    book = open_workbook(a_year())
    savings = {r[0]: r for r in records(book["削減時間"], first_col=7)}
    assert savings["R7-0001"][3] == HOSTILE and savings["R7-0001"][1] == "=総務課"
    case, long = records(book["事例"])
    assert long[3] == "長い" * (MAX_CELL // 2) + "長"  # cut at Excel's 32,767 characters, not refused
    assert case[1:7] == ("=総務課", "業務改善（BPR）", HOSTILE, "@SUM(A1)\n2行目", "-受付", "+1")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)  # no formula anywhere
    departments = [r[0] for r in records(book["部署別"])]
    assert departments == ["市民課", "総務課", "=総務課", "合計"]  # "=総務課" is not in the master: listed after it
    assert records(book["部署別"])[2][6] == "部署マスタにない名前"


def test_numbers_are_numbers_and_dates_are_dates() -> None:
    book = open_workbook(a_year())
    overview = records(book["概要"])
    assert [r[1:3] for r in overview] == [(1, 1), (1, 0), (2, 1)] and overview[0][3] == 1.0 and overview[2][3] == 0.5
    months = book["月別推移"]
    assert all(isinstance(months.cell(r, 1).value, datetime) and months.cell(r, 1).is_date for r in range(5, 17))
    assert months.cell(17, 1).value == "合計" and months.cell(17, 2).value == 1
    savings = book["削減時間"]
    assert savings["B5"].value == 2.5 and savings["B5"].number_format == "#,##0.0" and savings["E16"].value == 2.5
    assert savings["K5"].value == datetime(2025, 4, 30) and savings["K5"].number_format == "yyyy/mm/dd"
    cases = book["事例"]
    assert cases["H5"].value == datetime(2025, 5, 1) and cases["I5"].value == datetime(2025, 4, 30)
    assert cases["H5"].is_date and cases["I5"].is_date


def test_an_empty_week_is_still_a_whole_workbook_with_its_chart() -> None:
    week = week_of(date(2025, 12, 29))  # Monday 12/29 to Sunday 1/4: two months
    data = workbook_bytes(review_of([], week, AS_OF, DepartmentDirectory(("総務課",))), tz=JST)
    book = open_workbook(data)
    assert book.sheetnames == SHEETS
    assert [r[1:4] for r in records(book["概要"])] == [(0, 0, 0.0), (0, 0, 0.0), (0, 0, 0.0)]
    assert [r[0] for r in records(book["月別推移"])] == [datetime(2025, 12, 1), datetime(2026, 1, 1), "合計"]
    assert records(book["部署別"]) == [("総務課", 0, 0, 0, 0, 0.0, None), ("合計", 0, 0, 0, 0, 0.0, None)]
    assert records(book["事例"]) == [] and records(book["削減時間"], first_col=7) == []
    assert len(charts(data)) == 1


def test_the_file_depends_on_the_figures_only() -> None:
    assert a_year() == a_year()
    book = open_workbook(a_year())
    assert book.properties.created == AS_OF.replace(tzinfo=None)
    assert book.properties.title == "DX相談 年次集計（PDCA）：令和7年度"


def test_english_when_asked() -> None:
    data = workbook_bytes(review_of([], FY2025, AS_OF), tz=JST, locale="en")
    book = open_workbook(data)
    assert book.sheetnames == ["Overview", "Monthly trend", "By department", "Hours saved", "Reusable solutions"]
    assert header(book["Overview"]) == ["Category", "Received", "Completed", "Completion rate"]
    assert book["Monthly trend"]["A5"].number_format == "mmm yyyy"
