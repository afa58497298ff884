"""The PDCA workbook over a real database (SQLite and PostgreSQL): the programme's own figures imported with
`consult import`'s service land in 概要 — BPR 179 received, 105 completed, 59%; app 32, 17, 53% — and the other
sheets hold the month-by-month trend with its chart, every department of the master, hours saved with their source,
and the 横展開候補."""

import re
from datetime import datetime

import pytest

from bot.services.reports import build_summary
from bot.services.workbook import build_review
from bot.views.workbook import workbook_bytes
from storage.uow import SqlUnitOfWorkFactory
from tests.support.programme import APP, APP_DONE, BPR, BPR_DONE, DEPARTMENTS, programme_rows
from tests.support.workbooks import (
    JST,
    PROGRAMME,
    PROGRAMME_AS_OF,
    QUIET_DEPARTMENTS,
    SHEETS,
    by_label,
    cells,
    charts,
    header,
    load_programme,
    open_workbook,
    records,
)


@pytest.fixture
async def programme(uow: SqlUnitOfWorkFactory) -> dict[str, str]:
    return await load_programme(uow)


async def programme_workbook(uow: SqlUnitOfWorkFactory) -> bytes:
    review = await build_review(uow, PROGRAMME, now=PROGRAMME_AS_OF, tz=JST)
    return workbook_bytes(review, tz=JST)


async def test_the_programme_figures_land_in_the_overview(uow: SqlUnitOfWorkFactory, programme: dict) -> None:
    book = open_workbook(await programme_workbook(uow))
    assert book.sheetnames == SHEETS
    sheet = book["概要"]
    assert header(sheet) == ["区分", "相談件数", "完了", "完了率"]
    assert [c.value for c in sheet["A5:D5"][0]] == ["業務改善（BPR）", BPR, BPR_DONE, pytest.approx(105 / 179)]
    assert [c.value for c in sheet["A6:D6"][0]] == ["アプリ・自動化", APP, APP_DONE, pytest.approx(17 / 32)]
    assert [c.value for c in sheet["A7:D7"][0]] == ["合計", BPR + APP, BPR_DONE + APP_DONE, pytest.approx(122 / 211)]
    assert (BPR, BPR_DONE, APP, APP_DONE) == (179, 105, 32, 17)
    for row in (5, 6, 7):
        assert sheet[f"D{row}"].number_format == "0%"  # shown as 59%, 53%, 58%: a number, not the text "59%"
        assert all(isinstance(sheet[f"{col}{row}"].value, int) for col in "BC")
    assert f"{sheet['D5'].value:.0%}" == "59%" and f"{sheet['D6'].value:.0%}" == "53%"
    assert sheet.freeze_panes == "A5"
    assert sheet["A1"].value == "DX相談 年次集計（PDCA）：2024年4月1日〜2025年6月30日"
    assert sheet["A2"].value == "期間：2024年4月1日〜2025年6月30日　2026年11月28日 10:00 時点"  # DEFAULT_NOW in JST


async def test_the_overview_agrees_with_the_report(uow: SqlUnitOfWorkFactory, programme: dict) -> None:
    summary = await build_summary(uow, PROGRAMME, now=PROGRAMME_AS_OF, tz=JST)
    rows = records(open_workbook(await programme_workbook(uow))["概要"])
    for row, figures in zip(rows, [*summary.categories, summary.total], strict=True):
        assert row[1:3] == (figures.received, figures.completed)
        assert round(row[3] * 100 + 1e-9) == figures.completion_rate  # Excel's 0% rounds half up, as the report


async def test_the_monthly_trend_has_every_month_and_a_native_chart(uow: SqlUnitOfWorkFactory, programme: dict) -> None:
    data = await programme_workbook(uow)
    sheet = open_workbook(data)["月別推移"]
    assert header(sheet) == ["月", "BPR 受付", "BPR 完了", "アプリ 受付", "アプリ 完了", "合計 受付", "合計 完了"]
    rows = records(sheet)
    months, total = rows[:-1], rows[-1]
    assert [m[0] for m in months] == [datetime(2024 + (3 + i) // 12, (3 + i) % 12 + 1, 1) for i in range(15)]
    assert sheet["A5"].number_format == 'yyyy"年"m"月"' and sheet["A5"].is_date
    assert total[0] == "合計" and total[1] == BPR and total[3] == APP and total[5] == BPR + APP
    expected = {}
    for r in programme_rows():
        key = datetime.fromisoformat(r["created"]).replace(day=1)
        expected[key] = expected.get(key, 0) + 1
    assert {m[0]: m[5] for m in months} == expected
    closed_in_period = [r for r in programme_rows() if r["closed"] and r["closed"] <= "2025-06-30"]
    assert total[6] == len(closed_in_period)  # 完了: completed in the month, whenever received
    assert all(isinstance(v, int) for m in months for v in m[1:])

    (xml,) = charts(data).values()
    assert "<c:barChart>" in xml and "<c:lineChart>" in xml  # columns for 受付, lines for 完了
    formulas = set(re.findall(r"<c:f>([^<]*)</c:f>", xml))
    series = {f"月別推移!${c}$4" for c in "BCDE"} | {f"月別推移!${c}$5:${c}$19" for c in "BCDE"}
    assert formulas == series | {"月別推移!$A$5:$A$19"}  # each category's 受付 and 完了 by month, not the totals
    assert "月別の受付と完了" in xml


async def test_every_department_of_the_master_is_listed_with_zeros(uow: SqlUnitOfWorkFactory, programme: dict) -> None:
    sheet = open_workbook(await programme_workbook(uow))["部署別"]
    assert header(sheet) == ["部署", "BPR", "アプリ", "相談件数", "完了", "完了率", "備考"]
    rows = by_label(sheet)
    assert set(rows) == {*DEPARTMENTS, *QUIET_DEPARTMENTS, "合計"}
    for name in QUIET_DEPARTMENTS:
        assert rows[name][1:6] == (0, 0, 0, 0, 0)
    for name in DEPARTMENTS:
        mine = [r for r in programme_rows() if r["department"] == name]
        done = sum(r["status"] == "done" for r in mine)
        assert rows[name][3:5] == (len(mine), done)
        assert rows[name][5] == pytest.approx(done / len(mine)) and rows[name][6] is None
    assert rows["合計"][1:5] == (BPR, APP, BPR + APP, BPR_DONE + APP_DONE)
    assert all(row[5].number_format == "0%" for row in cells(sheet))


async def test_hours_saved_say_where_each_figure_came_from(uow: SqlUnitOfWorkFactory, programme: dict) -> None:
    sheet = open_workbook(await programme_workbook(uow))["削減時間"]
    assert header(sheet) == [
        "月",
        "完了時の入力（時間／月）",
        "業務シートから（時間／月）",
        "計（時間／月）",
        "累計（時間／月）",
    ]
    detail_header = [
        "番号",
        "部署",
        "区分",
        "件名",
        "完了日",
        "削減時間（時間／月）",
        "出典",
        "年間件数",
        "1件あたり時間（分）",
    ]
    assert header(sheet, first_col=7) == detail_header
    detail = {r[0]: r for r in records(sheet, first_col=7)}
    closed_in_period = [r for r in programme_rows() if r["closed"] and r["closed"] <= "2025-06-30"]
    assert set(detail) == {r["number"] for r in closed_in_period}
    from_outcome, from_worksheet = detail[programme["outcome"]], detail[programme["worksheet"]]
    assert from_outcome[5:7] == (12.5, "完了時の入力")
    assert from_worksheet[5] == pytest.approx(1200 * 15 / 60 / 12)  # 25 hours a month
    assert from_worksheet[6].startswith("業務シート") and from_worksheet[7:9] == (1200, 15)
    assert isinstance(from_worksheet[4], datetime) and sheet.cell(5, 11).number_format == "yyyy/mm/dd"
    others = [r for n, r in detail.items() if n not in (programme["outcome"], programme["worksheet"])]
    assert {r[6] for r in others} == {"記録なし"} and {r[5] for r in others} == {None}

    months = records(sheet)
    total = months[-1]
    assert total[0] == "合計" and total[1:4] == (12.5, 25.0, 37.5)
    assert months[-2][4] == pytest.approx(37.5)  # 累計 at the last month: both improvements in effect
    assert [m[4] for m in months[:-1]] == sorted(m[4] for m in months[:-1])


async def test_the_reusable_solutions_sheet_lists_the_candidates(uow: SqlUnitOfWorkFactory, programme: dict) -> None:
    sheet = open_workbook(await programme_workbook(uow))["事例"]
    assert header(sheet) == [
        "番号",
        "部署",
        "区分",
        "件名",
        "対応内容",
        "成果物",
        "横展開のポイント",
        "候補にした日",
        "完了日",
    ]
    (case,) = records(sheet)
    row = next(r for r in programme_rows() if r["number"] == programme["reuse"])
    assert case[:4] == (row["number"], row["department"], "アプリ・自動化", row["title"])
    assert case[4:7] == (
        "受付をFormsにしました",
        "転入届受付フォーム（Microsoft Forms）",
        "=様式を差し替えれば他の届出にも使えます",
    )
    assert case[7] == datetime(2025, 6, 2) and case[8] == datetime.fromisoformat(row["closed"])
    assert sheet["G5"].data_type == "s"  # text starting with "=" stays text, never a formula


async def test_the_same_data_gives_the_same_bytes(uow: SqlUnitOfWorkFactory, programme: dict) -> None:
    first, second = await programme_workbook(uow), await programme_workbook(uow)
    assert first == second
    assert open_workbook(first).properties.created == PROGRAMME_AS_OF.replace(tzinfo=None)
