"""`consult report --format xlsx --output FILE`: the PDCA workbook of the programme's own numbers, written by the
command after `consult import`, with the report's periods and `--as-of`; and what it says when asked wrongly."""

from pathlib import Path

import pytest

from tests.support.cli import consult
from tests.support.clocks import DEFAULT_NOW
from tests.support.programme import programme_csv, programme_rows
from tests.support.workbooks import SHEETS, open_workbook, records


@pytest.fixture
async def imported(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    path = tmp_path / "相談台帳.csv"
    path.write_bytes(programme_csv())
    code, out, _ = await consult(capsys, "import", str(path))
    assert code == 0 and "取り込み 211件" in out


AS_OF = ("--as-of", DEFAULT_NOW.isoformat())


async def test_the_command_writes_the_programme_workbook(
    imported: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "PDCA.xlsx"
    code, out, err = await consult(
        capsys,
        "report",
        "--from",
        "2024-04-01",
        "--to",
        "2025-06-30",
        *AS_OF,
        "--format",
        "xlsx",
        "--output",
        str(out_file),
    )
    assert (code, err) == (0, "") and out.startswith(f"wrote {out_file}: 2024年4月1日〜2025年6月30日")
    book = open_workbook(out_file.read_bytes())
    assert book.sheetnames == SHEETS
    overview = records(book["概要"])
    assert overview[0][:3] == ("業務改善（BPR）", 179, 105) and f"{overview[0][3]:.0%}" == "59%"
    assert overview[1][:3] == ("アプリ・自動化", 32, 17) and f"{overview[1][3]:.0%}" == "53%"

    again = tmp_path / "again.xlsx"
    code, _, _ = await consult(
        capsys, "report", "--period", "2024-04-01..2025-06-30", *AS_OF, "--format", "xlsx", "--output", str(again)
    )
    assert code == 0 and again.read_bytes() == out_file.read_bytes()  # the same data and moment: the same bytes


async def test_a_fiscal_year_has_its_twelve_months(
    imported: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "R6.xlsx"
    code, _, _ = await consult(
        capsys, "report", "--period", "R6年度", *AS_OF, "--format", "xlsx", "--output", str(out_file)
    )
    book = open_workbook(out_file.read_bytes())
    months = records(book["月別推移"])[:-1]
    assert code == 0 and len(months) == 12 and months[0][0].month == 4 and months[-1][0].month == 3
    r6 = [r for r in programme_rows() if r["number"].startswith("R6-")]
    assert sum(m[5] for m in months) == len(r6)
    assert book["概要"]["A1"].value == "DX相談 年次集計（PDCA）：令和6年度"


async def test_xlsx_needs_an_output_file_and_output_needs_xlsx(
    imported: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = await consult(capsys, "report", "--period", "R6年度", *AS_OF, "--format", "xlsx")
    assert code == 2 and out == "" and "--output" in err
    code, out, err = await consult(capsys, "report", "--period", "R6年度", *AS_OF, "--output", str(tmp_path / "x.xlsx"))
    assert code == 2 and out == "" and "--format xlsx" in err and not (tmp_path / "x.xlsx").exists()
    missing = tmp_path / "no such folder" / "x.xlsx"
    code, out, err = await consult(
        capsys, "report", "--period", "R6年度", *AS_OF, "--format", "xlsx", "--output", str(missing)
    )
    assert code == 2 and f"cannot write {missing}" in err
    code, _, err = await consult(
        capsys, "report", "--period", "いつか", *AS_OF, "--format", "xlsx", "--output", str(missing)
    )
    assert code == 2 and "period" in err
