"""What a department answer (所属) may be, and what is a new consultation sent where the department was asked for."""

import pytest

from bot.domain.departments import (
    department_candidate,
    looks_like_consultation,
    plausible_department,
    shaped_like_department,
)
from tests.support.factories import CLEAR_APP, CLEAR_BPR


@pytest.mark.parametrize(
    "name",
    [
        "市民課",
        "情報政策課",
        "健康福祉部高齢者支援課地域包括ケア推進係",
        "市民課 窓口係",
        "秘書室",
        "総務部",
        "会計管理局",
        "北部支所",
        "保健センター",
        "中央図書館",
        "市民課（窓口）",
        "ＩＴ推進課",  # full width
        "Citizens Division",
        "IT Dept.",
    ],
)
def test_department_names_are_taken(name: str) -> None:
    assert shaped_like_department(name)


@pytest.mark.parametrize(
    "answer",
    [
        "",
        "はい",
        "よろしくお願いします",
        "山田です",
        "市民課、税務課",  # two departments in a sentence
        "市民課です。よろしくお願いします。",
        "わかりません",
    ],
)
def test_anything_else_is_not_a_department(answer: str) -> None:
    assert not shaped_like_department(department_candidate(answer))


def test_a_sixty_character_request_is_no_department_even_when_it_ends_in_a_department_suffix() -> None:
    request = (
        "申請書の押印を廃止して決裁ルートを見直したいので担当の方に相談したいのですがどうすればよいでしょうか市民課"
    )
    assert len(request) > 30
    assert not plausible_department(request)
    assert not shaped_like_department(department_candidate(request))


@pytest.mark.parametrize(
    ("answer", "candidate"),
    [
        ("市民課", "市民課"),
        ("  市民課\n 窓口係 ", "市民課 窓口係"),
        ("市民課です", "市民課"),
        ("市民課です。", "市民課"),
        ("所属は税務課です。", "税務課"),
        ("所属：情報政策課", "情報政策課"),
        ("総務課の所属です", "総務課"),
    ],
)
def test_a_polite_answer_gives_the_department_it_names(answer: str, candidate: str) -> None:
    assert department_candidate(answer) == candidate
    assert shaped_like_department(department_candidate(answer))


@pytest.mark.parametrize(
    "text", [CLEAR_BPR, CLEAR_APP, "会議室の予約を自動化したいです", "Excelの集計を楽にできませんか？"]
)
def test_requests_look_like_consultations(text: str) -> None:
    assert looks_like_consultation(text)


@pytest.mark.parametrize(
    "text", ["市民課", "市民課です。よろしくお願いします。", "わかりません", "情報政策課 データ活用推進係", "はい"]
)
def test_department_answers_and_short_replies_do_not(text: str) -> None:
    assert not looks_like_consultation(text)


def test_names_remembered_before_answers_were_checked_are_plausible_only_when_short_and_no_sentence() -> None:
    assert plausible_department("会計管理者")  # no department suffix, but a name (e.g. from the directory)
    assert not plausible_department(CLEAR_BPR)
    assert not plausible_department("市民課です。")
    assert not plausible_department("")
