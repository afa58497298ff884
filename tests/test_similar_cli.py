"""`consult similar` over a real database (SQLite and PostgreSQL): the past consultations most like a text, best
first, completed ones first; and `consult similar-eval`, the figure on the labelled pairs."""

import json
from dataclasses import replace

import pytest

from bot.domain.consultation import Status
from tests.support.cli import consult
from tests.support.similar_cases import labelled_pairs, store


async def test_similar_prints_a_json_list_best_first(env_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    pairs = labelled_pairs(12)
    await store(env_db, [p.past for p in pairs])
    trip = pairs[0]  # 出張命令書 (総務課) ← 県外の研修に行く際のハンコ待ち (消防本部)

    code, out, err = await consult(capsys, "similar", trip.request, "--limit", "3", "--format", "json")

    found = json.loads(out)
    assert (code, err) == (0, "") and 1 <= len(found) <= 3
    assert set(found[0]) == {
        "number",
        "title",
        "department",
        "category",
        "status",
        "score",
        "resolution",
        "artefact",
        "reusable",
    }
    assert trip.past.number in [f["number"] for f in found]
    best = next(f for f in found if f["number"] == trip.past.number)
    assert (best["title"], best["department"], best["category"], best["status"]) == (
        "職員の出張命令書を電子化したい",
        "総務課",
        "bpr",
        "done",
    )
    assert best["resolution"].startswith("紙の出張命令書を廃止し") and best["artefact"].startswith("出張申請アプリ")
    assert [f["score"] for f in found] == sorted((f["score"] for f in found), reverse=True)
    assert all(0 < f["score"] <= 1 for f in found)


async def test_completed_ones_come_before_open_ones(env_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    (pair,) = labelled_pairs(1)
    still_open = replace(pair.past, number="R8-0001", fiscal_year=2026, seq=1, status=Status.IN_PROGRESS, outcome=None)
    await store(env_db, [still_open, pair.past])

    code, out, _ = await consult(capsys, "similar", pair.past.body, "--format", "json")

    assert code == 0
    assert [(f["number"], f["status"]) for f in json.loads(out)] == [("R7-0001", "done"), ("R8-0001", "in_progress")]


async def test_the_text_format_is_for_people(env_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    pairs = labelled_pairs(3)
    await store(env_db, [p.past for p in pairs])

    code, out, _ = await consult(capsys, "similar", "会議室の予約を紙の予約簿で受けています", "--limit", "1")
    nothing_code, nothing, _ = await consult(capsys, "similar", "よろしくお願いします")

    assert code == 0
    assert out.startswith("1. R7-0003 会議室の予約簿をやめたい\n   総務課 / app / done / ")
    assert (
        "   解決内容: Power Appsで会議室予約アプリを作成" in out and "   成果物: 会議室予約アプリ（Power Apps）" in out
    )
    assert (nothing_code, nothing) == (0, "類似の相談は見つかりませんでした。\n")


async def test_a_limit_below_one_is_refused(env_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = await consult(capsys, "similar", "押印", "--limit", "0")

    assert (code, out) == (2, "") and "--limit" in err


async def test_similar_eval_prints_the_top_3_rate(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = await consult(capsys, "similar-eval", "--format", "json")
    text_code, text, _ = await consult(capsys, "similar-eval")

    figures = json.loads(out)
    shipped = figures["bigrams + concepts"]
    assert (code, text_code) == (0, 0) and figures["target"] == 0.85
    assert set(shipped) == {"tune", "holdout", "all"} and shipped["all"]["pairs"] >= 140
    assert shipped["tune"]["rate"] >= 0.85
    assert figures["bigrams only"]["all"]["rate"] < shipped["all"]["rate"]
    assert shipped["holdout"]["rate_top10"] >= shipped["holdout"]["rate"]
    verdict = text.splitlines()[-1]
    assert verdict.startswith("target 85% in the top 3: holdout ") and "tune " in verdict
    assert ("NOT met" in verdict) == any(shipped[s]["rate"] < 0.85 for s in shipped)
