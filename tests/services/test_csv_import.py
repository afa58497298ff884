"""CSV import: encodings, headers and values in English or Japanese, all-or-nothing validation with physical line
numbers, idempotent re-import, numbering after imported consultations, and the export that imports back."""

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, func, insert, select, update

from bot.domain.periods import date_range
from bot.services.csv_import import ImportLineError, ImportResult, import_csv, parse_csv
from bot.services.reports import export_csv
from storage.db import make_engine, make_sessionmaker
from storage.orm import ConsultationRow, NumberSequenceRow
from storage.uow import SqlUnitOfWorkFactory
from tests.support.programme import HEADER, programme_csv, programme_rows, to_csv

JST = ZoneInfo("Asia/Tokyo")
WHOLE_PROGRAMME = date_range(date(2024, 4, 1), date(2025, 6, 30))


def parse(text: str) -> tuple[dict, list[ImportLineError]]:
    return parse_csv(text.encode("utf-8"), tz=JST)


def errors_of(text: str) -> list[tuple[int, str]]:
    return [(e.line, e.message) for e in parse(text)[1]]


ROW = "R6-0001,件名,,bpr,received,総務課,2024-04-01,"
HEAD = ",".join(HEADER)


# --- parsing (no database) -------------------------------------------------------------------------------------------


def test_utf8_with_and_without_bom_and_cp932_read_the_same() -> None:
    rows = programme_rows()
    rows[0]["title"] = "髙橋係長の①申請書～様式"  # CP932-only characters (NEC/IBM extensions, full-width tilde)
    rows[0]["department"] = "㈱連携推進室"
    read = [parse_csv(to_csv(rows, encoding=enc), tz=JST) for enc in ("utf-8-sig", "utf-8", "cp932")]
    assert all(errors == [] for _, errors in read)
    assert read[0][0] == read[1][0] == read[2][0]
    first = read[2][0][2]
    assert first.title == "髙橋係長の①申請書～様式" and first.department == "㈱連携推進室"
    assert len(read[0][0]) == 211


def test_japanese_headers_in_any_order_and_japanese_values() -> None:
    text = (
        "受付日,番号,件名,区分,状況,所属,完了日,備考\r\n"
        "2024/4/1,Ｒ６－１,押印の廃止,業務改善,完了,総務課,2024/4/15,メモ\r\n"
        "2024-04-02T10:30,r6-2,Formsの集計,アプリ,対応中,市民課,,\r\n"
        "2024-04-03 08:00:00+00:00,R6-0003,取り下げた相談,BPR,取り下げ,税務課,2024-04-04,\r\n"
    )
    rows, errors = parse(text)
    assert errors == []
    one, two, three = rows[2], rows[3], rows[4]  # keyed by the line they are on
    assert (one.number, one.category, one.status, one.body) == ("R6-0001", "bpr", "done", "押印の廃止")
    assert one.created_at == datetime(2024, 4, 1, 0, 0, tzinfo=UTC)  # a date alone: 09:00 JST
    assert one.closed_at == datetime(2024, 4, 15, 0, 0, tzinfo=UTC)
    assert (two.number, two.category, two.status, two.closed_at) == ("R6-0002", "app", "in_progress", None)
    assert two.created_at == datetime(2024, 4, 2, 1, 30, tzinfo=UTC)  # a time without a zone is JST
    assert three.created_at == datetime(2024, 4, 3, 8, 0, tzinfo=UTC) and three.status == "withdrawn"


def test_headers_are_case_insensitive_and_body_defaults_to_the_title() -> None:
    rows, errors = parse("NUMBER,Title,Category,STATUS,Created,Extra\nR6-0001,件名,APP,Received,2024-04-01,x\n")
    assert errors == [] and rows[2].body == "件名" and rows[2].department == "" and rows[2].category == "app"


def test_every_bad_row_is_reported_with_its_physical_line() -> None:
    text = (
        f"{HEAD}\r\n"  # 1
        'R6-0001,ok,"二行の\r\n本文",bpr,done,総務課,2024-04-01,2024-04-10\r\n'  # 2-3
        "R6-0002,,,bpr,received,総務課,2024-04-02,\r\n"  # 4: no title
        "\r\n"  # 5: blank lines are skipped
        "R6-0003,ok,,xyz,received,総務課,2024-04-03,\r\n"  # 6: unknown category
        "R6-0004,ok,,app,received,総務課,2024-04-04,2024-04-05\r\n"  # 7: closed although open
        ",,,,,,,\r\n"  # 8: an empty row as Excel writes it
        "R6-0005,ok,,app,done,総務課,2024-04-05,2024-04-06\r\n"  # 9: fine
    )
    assert [line for line, _ in errors_of(text)] == [4, 6, 7]
    messages = dict(errors_of(text))
    assert "件名" in messages[4] and "xyz" in messages[6] and "完了日があります" in messages[7]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("R6-0001,件名,,bpr,done,総務課,2024-04-01,", "完了日がありません"),
        ("R6-0001,件名,,bpr,withdrawn,総務課,2024-04-01,", "完了日がありません"),
        ("R6-0001,件名,,bpr,on_hold,総務課,2024-04-01,2024-04-02", "完了日があります"),
        ("R6-0001,件名,,bpr,done,総務課,2024-04-10,2024-04-09", "受付日より前"),
        ("R6-0001,件名,,bpr,done,総務課,2024-04-10,昨日", "完了日「昨日」"),
        ("R6-0001,件名,,bpr,received,総務課,2024-02-30,", "ありえない日付"),
        ("R6-0001,件名,,bpr,received,総務課,,", "受付日がありません"),
        ("R6-0001,件名,,bpr,received,総務課,2025-04-01,", "年度"),  # R6 is April 2024 - March 2025
        ("6-0001,件名,,bpr,received,総務課,2024-04-01,", "R6-0042 の形"),
        ("R6-0000,件名,,bpr,received,総務課,2024-04-01,", "R6-0042 の形"),
        ("R6-0001,件名,,bpr,done?,総務課,2024-04-01,", "状況「done?」"),
        (f"R6-0001,{'長' * 201},,bpr,received,総務課,2024-04-01,", "件名が長すぎます"),
    ],
)
def test_row_rules(row: str, expected: str) -> None:
    [(line, message)] = errors_of(f"{HEAD}\n{row}\n")
    assert line == 2 and expected in message


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("R6-0001,件名,,bpr,in_progress,総務課,2024-04-01,,,フォームを作成", "解決内容・成果物は完了した相談にだけ書けます（状況：対応中）"),
        (f"R6-0001,件名,,bpr,done,総務課,2024-04-01,2024-04-02,,{'解' * 2001}", "解決内容が長すぎます"),
        (f"R6-0001,件名,,app,done,総務課,2024-04-01,2024-04-02,,対応,{'成' * 201}", "成果物が長すぎます"),
    ],
)
def test_solution_rules(row: str, expected: str) -> None:
    [(line, message)] = errors_of(f"{HEAD},hours_saved_per_month,resolution,artefact_name\n{row}\n")
    assert line == 2 and expected in message


def test_a_number_twice_in_one_file_is_an_error() -> None:
    text = f"{HEAD}\n{ROW}\nR6-0002,b,,bpr,received,総務課,2024-04-01,\nr6-1,c,,bpr,received,総務課,2024-04-01,\n"
    assert errors_of(text) == [(4, "番号 R6-0001 が 2 行目と重複しています")]


def test_file_level_problems() -> None:
    assert [e.line for e in parse_csv(b"number,title\x81\x20\n", tz=JST)[1]] == [0]  # neither UTF-8 nor CP932
    [utf16] = parse_csv(f"{HEAD}\n{ROW}\n".encode("utf-16"), tz=JST)[1]
    assert utf16.line == 0 and "UTF-16" in utf16.message
    [(line, message)] = errors_of("number,title,body\nR6-0001,a,b\n")
    assert line == 1 and "category" in message and "status" in message and "created" in message
    assert "区分" in message and "番号,件名,内容" in message  # the Japanese header the export writes
    assert errors_of("番号,number,title,category,status,created\n")[0][0] == 1  # the same column twice
    assert errors_of(f"{HEAD}\n") == [(2, "データ行がありません")]


# --- importing into the database (SQLite and PostgreSQL) ---------------------------------------------------------


@pytest.fixture
async def uow(database_url: str) -> AsyncIterator[SqlUnitOfWorkFactory]:
    engine = make_engine(database_url, null_pool=True)
    yield SqlUnitOfWorkFactory(make_sessionmaker(engine))
    await engine.dispose()


async def count(uow: SqlUnitOfWorkFactory) -> int:
    async with uow() as u:
        return await u.consultations.count()


async def test_a_bad_file_imports_nothing(uow: SqlUnitOfWorkFactory) -> None:
    rows = programme_rows()
    for i in (3, 100, 200):
        rows[i]["category"] = "その他"
    result = await import_csv(uow, to_csv(rows), tz=JST)
    assert (result.imported, result.skipped, len(result.errors)) == (0, 0, 3)
    assert all("その他" in e.message for e in result.errors)
    assert await count(uow) == 0


async def test_reimport_skips_what_is_there(uow: SqlUnitOfWorkFactory) -> None:
    rows = programme_rows()
    assert await import_csv(uow, to_csv(rows[:100]), tz=JST) == ImportResult(100, 0, [])
    assert await import_csv(uow, programme_csv(), tz=JST) == ImportResult(111, 100, [])
    assert await import_csv(uow, programme_csv("cp932"), tz=JST) == ImportResult(0, 211, [])
    assert await count(uow) == 211
    async with uow() as u:
        row = await u.consultations.get_by_number("R6-0001")
    assert row is not None and row.requester.id == "import" and row.category_source == "manual"
    assert row.confidence == 1.0 and row.version == 1 and row.updated_at == (row.closed_at or row.created_at)
    assert row.fiscal_year == 2024 and row.seq == 1


async def test_new_consultations_are_numbered_after_the_imported_ones(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as u:  # the bot handed out R7-0001..R7-0003 before the import (and R8 runs far ahead)
        for _ in range(3):
            await u.consultations.next_seq(2025)
        await u.session.execute(insert(NumberSequenceRow).values(fiscal_year=2026, last_seq=500))
    rows = programme_rows()
    rows.append({**rows[-1], "number": "R8-0100", "status": "done", "created": "2026-04-02", "closed": "2026-04-03"})
    last_r6 = max(int(r["number"][3:]) for r in rows if r["number"].startswith("R6-"))
    last_r7 = max(int(r["number"][3:]) for r in rows if r["number"].startswith("R7-"))
    rows = [r for r in rows if r["number"] not in ("R7-0001", "R7-0002", "R7-0003")]  # those are the bot's
    assert (await import_csv(uow, to_csv(rows), tz=JST)).imported == len(rows)
    async with uow() as u:
        assert await u.consultations.next_seq(2024) == last_r6 + 1
        assert await u.consultations.next_seq(2025) == last_r7 + 1
        assert await u.consultations.next_seq(2026) == 501  # never moved backwards


async def test_a_number_the_bot_gave_to_another_consultation_rejects_the_file(uow: SqlUnitOfWorkFactory) -> None:
    rows = programme_rows()
    await import_csv(uow, to_csv(rows[:1]), tz=JST)
    async with uow() as u:  # as if the bot had received R6-0001 itself
        stmt = update(ConsultationRow).where(ConsultationRow.number == "R6-0001").values(source_id="teams:abc")
        await u.session.execute(stmt)
    result = await import_csv(uow, to_csv(rows), tz=JST)
    [error] = result.errors
    assert result.imported == 0 and error.line == 2 and error.message.startswith("番号 R6-0001 は、ボットで")
    assert await count(uow) == 1


TRICKY = [
    {"title": '=HYPERLINK("http://evil.example","click")', "body": "+SUM(A1:A9)", "department": "@総務課"},
    {"title": "-2+3", "body": '本文に, カンマと "引用符" と\n改行', "department": "-税務課"},
    {"title": "'=そのまま", "body": "=1+1", "department": "市民課"},
]


def tricky_rows() -> list[dict[str, str]]:
    rows = programme_rows()
    for i, extra in enumerate(TRICKY):
        rows[i * 50] = {**rows[i * 50], **extra}
    rows[0]["created"] = "2024-04-01T00:30+09:00"  # early morning JST is still April 1 (March 31 in UTC)
    return rows


async def test_export_is_excel_safe_and_imports_back_unchanged(uow: SqlUnitOfWorkFactory) -> None:
    original = tricky_rows()
    assert (await import_csv(uow, to_csv(original), tz=JST)).imported == 211
    exported = await export_csv(uow, WHOLE_PROGRAMME, tz=JST, labels="codes")
    assert exported.startswith("\ufeffnumber,title,body,category,status,department,created,closed,".encode())
    records = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"), newline="")))
    assert records[0] == [*HEADER, "hours_saved_per_month", "resolution", "artefact_name"] and len(records) == 212
    assert exported.count(b"\r\n") == 212
    by_number = {r[0]: r for r in records[1:]}
    first, second, third = (by_number[original[i * 50]["number"]] for i in range(3))
    assert first[1:3] == ['\'=HYPERLINK("http://evil.example","click")', "'+SUM(A1:A9)"] and first[5] == "'@総務課"
    assert second[1] == "'-2+3" and second[5] == "'-税務課"
    assert third[1:3] == ["'=そのまま", "'=1+1"]  # ' before a formula is Excel's text mark: read as "=そのまま"
    assert first[6] == "2024-04-01"  # JST dates
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in records for cell in r)

    before = {r.number: r for r in parse_csv(to_csv(original), tz=JST)[0].values()}
    read_back, errors = parse_csv(exported, tz=JST)
    after = {r.number: r for r in read_back.values()}
    first_number = original[0]["number"]
    assert errors == [] and before[first_number].title.startswith("=HYPERLINK")
    assert after[first_number].created_at == datetime(2024, 4, 1, 0, 0, tzinfo=UTC)  # the day survives, not the time
    assert after == {**before, first_number: replace(before[first_number], created_at=after[first_number].created_at)}

    async with uow() as u:
        await u.session.execute(delete(ConsultationRow))
    assert await import_csv(uow, exported, tz=JST) == ImportResult(211, 0, [])
    assert await export_csv(uow, WHOLE_PROGRAMME, tz=JST, labels="codes") == exported


JAPANESE_HEADER = ["番号", "件名", "内容", "区分", "状況", "所属", "受付日", "完了日", "削減時間（時間／月）", "解決内容", "成果物"]
CATEGORY_WORDS = {"bpr": "業務改善（BPR）", "app": "アプリ・自動化"}
STATUS_WORDS = {
    "received": "受付",
    "assigned": "担当決定",
    "in_progress": "対応中",
    "on_hold": "保留",
    "done": "完了",
    "withdrawn": "取り下げ",
}


def every_status_rows() -> list[dict[str, str]]:
    """tricky_rows() with a withdrawn one and hours saved, so that every category and status is written."""
    rows = tricky_rows()
    rows[7] = {**rows[7], "status": "withdrawn", "closed": rows[7]["created"]}
    return rows


async def test_the_default_export_is_in_japanese_for_excel_and_still_excel_safe(uow: SqlUnitOfWorkFactory) -> None:
    original = every_status_rows()
    assert (await import_csv(uow, to_csv(original), tz=JST)).imported == 211
    exported = await export_csv(uow, WHOLE_PROGRAMME, tz=JST)
    assert exported == await export_csv(uow, WHOLE_PROGRAMME, tz=JST, labels="ja")
    assert exported.startswith("\ufeff番号,件名,内容,区分,状況,所属,受付日,完了日,".encode())
    assert exported.count(b"\r\n") == 212
    records = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"), newline="")))
    assert records[0] == JAPANESE_HEADER
    by_number = {r[0]: r for r in records[1:]}
    for row in original:
        written = by_number[row["number"]]
        assert (written[3], written[4]) == (CATEGORY_WORDS[row["category"]], STATUS_WORDS[row["status"]])
    assert {r[4] for r in records[1:]} == set(STATUS_WORDS.values())
    assert {r[3] for r in records[1:]} == set(CATEGORY_WORDS.values())
    first = by_number[original[0]["number"]]
    assert first[1:3] == ['\'=HYPERLINK("http://evil.example","click")', "'+SUM(A1:A9)"] and first[5] == "'@総務課"
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in records for cell in r)


async def test_japanese_and_code_exports_import_into_each_other(uow: SqlUnitOfWorkFactory) -> None:
    """Codes -> import -> Japanese export -> import -> codes export gives the first file back, and the other way."""
    assert (await import_csv(uow, to_csv(every_status_rows()), tz=JST)).imported == 211
    codes = await export_csv(uow, WHOLE_PROGRAMME, tz=JST, labels="codes")
    japanese = await export_csv(uow, WHOLE_PROGRAMME, tz=JST, labels="ja")
    assert parse_csv(codes, tz=JST) == parse_csv(japanese, tz=JST)  # the same rows, read from either file

    for first, second in ((japanese, codes), (codes, japanese)):
        async with uow() as u:
            await u.session.execute(delete(ConsultationRow))
        assert await import_csv(uow, first, tz=JST) == ImportResult(211, 0, [])
        assert await export_csv(uow, WHOLE_PROGRAMME, tz=JST, labels="codes") == codes
        assert await export_csv(uow, WHOLE_PROGRAMME, tz=JST, labels="ja") == japanese
        assert await import_csv(uow, second, tz=JST) == ImportResult(0, 211, [])  # the same consultations


def test_the_words_of_cards_and_exports_are_read_in_either_language() -> None:
    text = (
        "Number,Title,Category,Status,Received on,Closed on,削減時間（時間／月）\n"
        "R6-0001,a,Process improvement (BPR),In progress,2024-04-01,,\n"
        "R6-0002,b,App / automation,Withdrawn,2024-04-01,2024-04-02,3\n"
        "R6-0003,c,アプリ・自動化,担当決定,2024-04-01,,\n"
        "R6-0004,d,業務改善（BPR）,完了,2024-04-01,2024-04-05,1.5\n"
    )
    rows, errors = parse(text)
    assert errors == []
    assert [(r.category, r.status, r.hours_saved_per_month) for r in rows.values()] == [
        ("bpr", "in_progress", None),
        ("app", "withdrawn", 3.0),
        ("app", "assigned", None),
        ("bpr", "done", 1.5),
    ]


async def test_hours_saved_survive_the_round_trip(uow: SqlUnitOfWorkFactory) -> None:
    text = f"{HEAD},hours_saved_per_month\nR6-0001,件名,,bpr,done,総務課,2024-04-01,2024-04-02,12.5\n"
    assert (await import_csv(uow, text.encode(), tz=JST)).imported == 1
    exported = await export_csv(uow, WHOLE_PROGRAMME, tz=JST)
    assert exported.decode("utf-8-sig").splitlines()[1].endswith(",12.5,,")
    async with uow() as u:
        hours = (await u.session.execute(select(func.sum(ConsultationRow.hours_saved_per_month)))).scalar_one()
    assert hours == 12.5


async def test_past_records_bring_their_solutions_with_them(uow: SqlUnitOfWorkFactory) -> None:
    """解決内容 and 成果物 (with the 完了日 the programme already imported) become the consultation's outcome: cards,
    similar-case search and the catalogue read them like a solution recorded at 完了."""
    text = (
        "番号,件名,内容,区分,状況,所属,受付日,完了日,削減時間,解決内容,成果物\n"
        "R6-0001,窓口予約の受付,,アプリ,完了,市民課,2024-04-01,2024/5/7,4,Formsと自動返信のフローで受付,窓口予約フォーム\n"
        "R6-0002,押印の見直し,,BPR,完了,総務課,2024-04-02,2024-04-30,,押印欄を削除し電子決裁に移行,\n"
    )
    assert (await import_csv(uow, text.encode(), tz=JST)).imported == 2
    async with uow() as u:
        app = await u.consultations.get_by_number("R6-0001")
        bpr = await u.consultations.get_by_number("R6-0002")
    assert app is not None and app.outcome is not None and bpr is not None and bpr.outcome is not None
    assert (app.outcome.resolution, app.outcome.artefact_name, app.outcome.hours_saved_per_month) == (
        "Formsと自動返信のフローで受付",
        "窓口予約フォーム",
        4.0,
    )
    assert app.closed_at == datetime(2024, 5, 7, 0, 0, tzinfo=UTC)  # 09:00 JST
    assert (bpr.outcome.resolution, bpr.outcome.artefact_name) == ("押印欄を削除し電子決裁に移行", "")

    exported = (await export_csv(uow, WHOLE_PROGRAMME, tz=JST)).decode("utf-8-sig").splitlines()
    assert exported[0].endswith("削減時間（時間／月）,解決内容,成果物")
    assert exported[1].endswith(",4,Formsと自動返信のフローで受付,窓口予約フォーム")
