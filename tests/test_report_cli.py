"""`consult import` and `consult report` with the programme's own numbers: 179 BPR consultations (105 done) and 32 app
consultations (17 done) from 2024-04-01 to 2025-06-30 — 59% and 53% completed."""

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest

from storage.uow import SqlUnitOfWorkFactory
from tests.support.cli import consult, run_consult
from tests.support.clocks import DEFAULT_NOW
from tests.support.programme import (
    APP,
    APP_DONE,
    BPR,
    BPR_DONE,
    DEPARTMENTS,
    a_week_with_two_withdrawals,
    programme_csv,
    programme_rows,
    to_csv,
)


def test_the_generated_file_has_the_programme_numbers() -> None:
    rows = programme_rows()
    assert len(rows) == 211 and len({r["number"] for r in rows}) == 211
    assert sum(r["category"] == "bpr" for r in rows) == BPR and sum(r["category"] == "app" for r in rows) == APP
    assert sum(r["category"] == "bpr" and r["status"] == "done" for r in rows) == BPR_DONE
    assert sum(r["category"] == "app" and r["status"] == "done" for r in rows) == APP_DONE
    assert rows[0]["created"] == "2024-04-01" and rows[-1]["created"] == "2025-06-30"
    assert rows[0]["number"] == "R6-0001" and rows[-1]["number"].startswith("R7-")
    assert {r["number"][:3] for r in rows} == {"R6-", "R7-"}


async def test_import_then_report_gives_59_and_53_percent(
    env_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "相談台帳.csv"
    path.write_bytes(programme_csv())
    code, out, err = await consult(capsys, "import", str(path))
    assert (code, err) == (0, "") and "取り込み 211件" in out and "スキップ 0件" in out

    code, out, _ = await consult(capsys, "report", "--from", "2024-04-01", "--to", "2025-06-30", "--format", "json")
    report = json.loads(out)
    bpr, app = report["categories"]["bpr"], report["categories"]["app"]
    assert code == 0 and report["period"]["key"] == "2024-04-01..2025-06-30"
    assert (bpr["received"], bpr["completed"], bpr["completion_rate"]) == (179, 105, 59)
    assert (app["received"], app["completed"], app["completion_rate"]) == (32, 17, 53)
    assert report["total"]["received"] == 211 and report["total"]["completed"] == 122
    assert sum(report["open_by_status"].values()) == 211 - 122
    assert {d["name"] for d in report["top_departments"]} <= set(DEPARTMENTS) and len(report["top_departments"]) == 5

    code, out, _ = await consult(capsys, "report", "--from", "2024-04-01", "--to", "2025-06-30", "--format", "text")
    assert code == 0
    assert "BPR 179件、完了105件（59%）／アプリ 32件、完了17件（53%）" in out
    assert "2024年4月1日〜2025年6月30日" in out and "59%" in out and "53%" in out

    code, out, _ = await consult(capsys, "report", "--period", "2024-04-01..2025-06-30", "--format", "json")
    assert json.loads(out)["categories"] == report["categories"]
    code, out, _ = await consult(capsys, "report", "--period", "R6年度", "--format", "json")
    fy2024 = json.loads(out)
    in_fy2024 = [r for r in programme_rows() if r["number"].startswith("R6-")]
    assert fy2024["period"]["key"] == "FY2024" and fy2024["total"]["received"] == len(in_fy2024)


async def test_reimporting_the_same_file_imports_nothing(
    env_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "import.csv"
    path.write_bytes(programme_csv())
    assert (await consult(capsys, "import", str(path)))[0] == 0
    code, out, err = await consult(capsys, "import", str(path))
    assert (code, err) == (0, "") and "取り込み 0件" in out and "スキップ 211件" in out


async def test_a_file_with_bad_rows_is_rejected_with_every_line(
    env_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = programme_rows()
    rows[9]["status"] = "終わった"  # line 11 (the header is line 1) ...
    rows[49]["closed"] = ""  # ... but some bodies span two lines, so these sit further down
    rows[49]["status"] = "done"
    rows[99]["number"] = "42"
    path = tmp_path / "bad.csv"
    path.write_bytes(to_csv(rows))
    code, out, err = await consult(capsys, "import", str(path))
    lines = [line for line in err.splitlines() if line.startswith("行 ")]
    physical = _physical_lines(path.read_bytes())
    assert code == 1 and out == ""
    assert [line.split(":")[0] for line in lines] == [f"行 {physical[i]}" for i in (9, 49, 99)]
    assert "終わった" in lines[0] and "完了日がありません" in lines[1] and "「42」" in lines[2]
    code, out, _ = await consult(capsys, "report", "--period", "2024-04-01..2025-06-30", "--format", "json")
    assert json.loads(out)["total"]["received"] == 0  # nothing imported


def _physical_lines(data: bytes) -> list[int]:
    """The line each data row starts on, counted independently of the importer (quoted newlines included)."""
    text = data.decode("utf-8-sig")
    starts, line, quoted = [], 1, False
    at_start = True
    for ch in text:
        if at_start and not quoted:
            starts.append(line)
            at_start = False
        if ch == '"':
            quoted = not quoted
        elif ch == "\n":
            line += 1
            at_start = not quoted
    return starts[1:]  # without the header


async def test_report_csv_is_excel_ready(
    env_db: str, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = tmp_path / "import.csv"
    path.write_bytes(programme_csv())
    assert await asyncio.to_thread(run_consult, "import", str(path)) == 0
    capsysbinary.readouterr()
    code = await asyncio.to_thread(run_consult, "report", "--period", "R7年度", "--format", "csv")
    data = capsysbinary.readouterr().out
    assert code == 0 and data.startswith("\ufeff番号,件名,内容,区分,状況,所属,受付日,完了日,".encode())
    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert all(n.startswith("R7-") for n, *_ in records[1:])
    assert len(records) - 1 == sum(r["number"].startswith("R7-") for r in programme_rows())
    assert data.count(b"\r\n") == len(records)  # CRLF after every record (a body's own line breaks stay \n)
    assert {r[3] for r in records[1:]} == {"業務改善（BPR）", "アプリ・自動化"}
    assert {r[4] for r in records[1:]} == {"受付", "担当決定", "対応中", "保留", "完了"}

    code = await asyncio.to_thread(run_consult, "report", "--period", "R7年度", "--format", "csv", "--labels", "codes")
    codes = capsysbinary.readouterr().out
    assert code == 0 and codes.startswith(b"\xef\xbb\xbfnumber,title,body,category,status,department,created,closed,")
    coded = list(csv.reader(io.StringIO(codes.decode("utf-8-sig"), newline="")))
    assert [r[0] for r in coded] == ["number", *(r[0] for r in records[1:])]
    assert {r[3] for r in coded[1:]} == {"bpr", "app"} and "in_progress" in {r[4] for r in coded[1:]}


PROGRAMME_REPORT = ("report", "--period", "2024-04-01..2025-06-30", "--as-of", "2025-07-01T00:00")


async def test_a_japanese_export_imports_into_another_database(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """The desk's Excel file: exported with Japanese words, imported as is (the codes come back the same)."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    path = tmp_path / "import.csv"
    path.write_bytes(programme_csv())
    assert await asyncio.to_thread(run_consult, "import", str(path)) == 0
    capsysbinary.readouterr()
    assert await asyncio.to_thread(run_consult, *PROGRAMME_REPORT, "--format", "csv") == 0
    japanese = capsysbinary.readouterr().out
    assert japanese.startswith("\ufeff番号,件名,".encode()) and "業務改善（BPR）".encode() in japanese
    assert await asyncio.to_thread(run_consult, *PROGRAMME_REPORT, "--format", "json") == 0
    before = json.loads(capsysbinary.readouterr().out)

    other = tmp_path / "other.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{other}")
    assert await asyncio.to_thread(run_consult, "migrate") == 0
    (tmp_path / "台帳.csv").write_bytes(japanese)
    capsysbinary.readouterr()
    assert await asyncio.to_thread(run_consult, "import", str(tmp_path / "台帳.csv")) == 0
    assert "取り込み 211件".encode() in capsysbinary.readouterr().out
    assert await asyncio.to_thread(run_consult, *PROGRAMME_REPORT, "--format", "json") == 0
    after = json.loads(capsysbinary.readouterr().out)
    assert after["categories"] == before["categories"] and after["total"] == before["total"]
    assert await asyncio.to_thread(run_consult, *PROGRAMME_REPORT, "--format", "csv") == 0
    assert capsysbinary.readouterr().out == japanese


async def test_report_refuses_unreadable_periods(env_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = await consult(capsys, "report", "--period", "いつか", "--format", "json")
    assert code == 2 and "period" in err
    code, _, err = await consult(capsys, "report", "--from", "2025-06-30", "--to", "2024-04-01")
    assert code == 2
    code, _, err = await consult(capsys, "report", "--from", "2025-06-30")
    assert code == 2 and "--to" in err


async def test_import_of_a_missing_file_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = await consult(capsys, "import", str(tmp_path / "nothing.csv"))
    assert code == 2 and "nothing.csv" in err


async def test_report_as_of_a_moment_reads_the_year_of_that_moment(
    env_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "相談台帳.csv"
    path.write_bytes(programme_csv())
    assert (await consult(capsys, "import", str(path)))[0] == 0
    # 今年度 as of 2025-03-31 (JST, no zone given) is fiscal year 2024, all of whose consultations were received
    code, out, _ = await consult(capsys, "report", "--period", "今年度", "--as-of", "2025-03-31T23:59", "--format", "json")
    report = json.loads(out)
    in_fy2024 = [r for r in programme_rows() if r["number"].startswith("R6-")]
    assert code == 0 and report["period"]["key"] == "FY2024" and report["total"]["received"] == len(in_fy2024)
    assert report["as_of"].startswith("2025-03-31T23:59")
    # a minute later (UTC given) it is fiscal year 2025
    code, out, _ = await consult(capsys, "report", "--period", "今年度", "--as-of", "2025-03-31T15:00+00:00", "--format", "json")
    assert json.loads(out)["period"]["key"] == "FY2025"


async def test_received_means_the_same_in_every_figure_after_withdrawals(
    env_db: str, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """Eleven consultations this week, two withdrawn: 合計, the week's 新規, the categories and the departments all
    say 9 received, and the two withdrawn ones are named apart (they were 合計 9件 but 新規 11件)."""
    path = tmp_path / "week.csv"
    path.write_bytes(to_csv(a_week_with_two_withdrawals()))
    assert await asyncio.to_thread(run_consult, "import", str(path)) == 0
    this_year = ("report", "--period", "今年度", "--as-of", DEFAULT_NOW.isoformat())

    async def report_as(form: str) -> bytes:
        capsysbinary.readouterr()
        assert await asyncio.to_thread(run_consult, *this_year, "--format", form) == 0
        return capsysbinary.readouterr().out

    out = (await report_as("text")).decode()
    assert "合計：9件、完了3件（33%）\n取り下げ（受付に含めず）：2件\n" in out
    assert "：新規 9件（取り下げ 2件を除く）／完了 3件\n" in out

    report = json.loads(await report_as("json"))
    total, week = report["total"]["received"], report["new_this_week"]
    assert total == week == sum(c["received"] for c in report["categories"].values()) == 9
    assert sum(d["received"] for d in report["top_departments"]) == total
    assert report["withdrawn"] == report["withdrawn_this_week"] == 2
    assert sum(report["open_by_status"].values()) == total - report["total"]["completed"] == 6

    records = list(csv.reader(io.StringIO((await report_as("csv")).decode("utf-8-sig"), newline="")))
    assert len(records) - 1 == total + report["withdrawn"]  # the file lists the withdrawn ones too
    assert sum(r[4] == "取り下げ" for r in records[1:]) == report["withdrawn"]


async def test_the_report_counts_messages_turned_away_as_not_a_dx_consultation(
    env_db: str, uow: SqlUnitOfWorkFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """対象外: how many messages were answered with where to go instead, and how many were registered after all."""
    async with uow() as u:
        for topic in ("printer", "room", "greeting"):
            await u.turned_away.add(topic, DEFAULT_NOW)
        await u.turned_away.mark_registered(1, DEFAULT_NOW)
        await u.turned_away.add("pc", DEFAULT_NOW.replace(year=2025))  # another fiscal year
    code, out, _ = await consult(capsys, "report", "--period", "R8年度", "--format", "text", "--as-of", "2026-12-31")
    assert code == 0 and "対象外として案内：3件（うち相談として登録 1件）" in out
    code, out, _ = await consult(capsys, "report", "--period", "R8年度", "--format", "json", "--as-of", "2026-12-31")
    assert json.loads(out)["turned_away"] == {"count": 3, "registered": 1}
