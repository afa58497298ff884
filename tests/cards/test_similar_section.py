"""「類似の相談」: what the support team sees of similar earlier consultations, what the requester does not see, and
the 開く button that opens one (the 詳細 verb of that consultation)."""

import json

import pytest

from bot.cards.details_card import details_card
from bot.cards.elements import CARD_VERSION, MAX_CARD_BYTES
from bot.cards.similar_section import similar_list_card
from bot.cards.status_card import status_card
from bot.cards.verbs import Verb
from bot.domain.category import Category
from bot.domain.consultation import Role, Status
from bot.domain.similar import SimilarCase
from bot.handlers import build_router
from tests.support.cards import ACTIONS, ELEMENTS, visible_text, walk
from tests.support.factories import NOW, a_consultation

HOSTILE = 'He said "hi" \\ {{x}} ${x} </at> <script>alert(1)</script>\n次の行'
DONE = SimilarCase(
    7,
    "R7-0042",
    "出張命令書の電子化",
    "総務課",
    Category.BPR,
    Status.DONE,
    NOW,
    "承認フローに置き換えた",
    "出張申請アプリ",
)
REUSABLE = SimilarCase(
    9, "R7-0100", "押印の見直し", "行政管理課", Category.BPR, Status.DONE, NOW, "様式改正", reusable=True
)
OPEN = SimilarCase(8, "R8-0003", "休暇届の押印", "人事課", Category.APP, Status.IN_PROGRESS, NOW, "まだ", "まだ")


def open_buttons(card: dict) -> list[tuple[str, str, int]]:
    return [
        (n["title"], n["verb"], n["data"]["consultation_id"])
        for n in walk(card.get("body", []))
        if n.get("type") == "Action.Execute"
    ]


def test_the_support_view_shows_each_case_with_its_department_resolution_and_artefact() -> None:
    card = status_card(a_consultation(), similar=[REUSABLE, DONE, OPEN])
    shown = visible_text(card)

    assert "類似の相談" in shown
    for expected in (
        "R7-0100 押印の見直し（横展開候補）",
        "所属: 行政管理課",
        "R7-0042 出張命令書の電子化",
        "所属: 総務課",
        "状況: 完了",
        "解決内容: 承認フローに置き換えた",
        "成果物: 出張申請アプリ",
        "R8-0003 休暇届の押印",
        "状況: 対応中",
    ):
        assert expected in shown, expected
    assert "まだ" not in shown  # an open one has no resolution or artefact to show
    assert open_buttons(card) == [("開く", Verb.DETAILS, 9), ("開く", Verb.DETAILS, 7), ("開く", Verb.DETAILS, 8)]


def test_the_requester_does_not_see_the_section() -> None:
    for view in (Role.REQUESTER, Role.OTHER):
        card = status_card(a_consultation(), view=view, similar=[DONE])
        assert "類似の相談" not in visible_text(card) and "R7-0042" not in visible_text(card)
        assert open_buttons(card) == []


def test_no_similar_case_means_no_section() -> None:
    assert "類似の相談" not in visible_text(status_card(a_consultation(), similar=[]))


def test_english_viewers_get_english_labels() -> None:
    shown = visible_text(status_card(a_consultation(), "en", similar=[REUSABLE, DONE]))

    assert "Similar consultations" in shown
    assert "R7-0100 押印の見直し (Reusable)" in shown
    assert "Department: 総務課" in shown and "Status: Done" in shown
    assert "Resolution: 承認フローに置き換えた" in shown and "Artefact: 出張申請アプリ" in shown
    assert open_buttons(status_card(a_consultation(), "en", similar=[DONE])) == [("Open", Verb.DETAILS, 7)]


def test_details_show_the_same_section_at_the_end() -> None:
    card = details_card(a_consultation(), [], [], None, similar=[DONE])
    shown = visible_text(card)

    assert shown.index("履歴") < shown.index("類似の相談") < shown.index("R7-0042 出張命令書の電子化")
    assert "解決内容: 承認フローに置き換えた" in shown
    assert ("開く", Verb.DETAILS, 7) in open_buttons(card)


def test_what_people_typed_is_shown_as_typed() -> None:
    hostile = SimilarCase(3, "R8-0009", HOSTILE, HOSTILE, Category.APP, Status.DONE, NOW, HOSTILE, HOSTILE)
    shown = visible_text(status_card(a_consultation(), similar=[hostile]))

    assert 'He said "hi" \\ {{x}} ${x} </at> <script>alert(1)</script>' in shown
    assert f"所属: {HOSTILE.splitlines()[0]}" in shown and "解決内容: He said" in shown


@pytest.mark.parametrize(
    "card",
    [
        status_card(a_consultation(), similar=[REUSABLE, DONE, OPEN]),
        details_card(a_consultation(), [], [], None, "en", similar=[DONE, OPEN]),
        similar_list_card([DONE, OPEN, REUSABLE] * 5, "類似", "なし", "ja"),
        similar_list_card([], "事例", "見つかりませんでした", "en"),
    ],
)
def test_cards_with_similar_cases_are_valid_and_every_button_has_a_route(card: dict) -> None:
    encoded = json.dumps(card, ensure_ascii=False)
    assert json.loads(encoded) == card and card["version"] == CARD_VERSION
    assert len(encoded.encode("utf-16-le")) < MAX_CARD_BYTES
    router = build_router()
    for node in walk(card.get("body", [])):
        if "type" in node:
            assert node["type"] in (ACTIONS if node["type"].startswith("Action.") else ELEMENTS), node["type"]
        if node.get("type") == "Action.Execute":
            assert router.route(node["verb"]) is not None
            assert set(node["data"]) == {"consultation_id"} and isinstance(node["data"]["consultation_id"], int)


def test_a_list_shows_at_most_ten_cases_or_says_there_is_none() -> None:
    assert len(open_buttons(similar_list_card([DONE] * 15, "類似", "なし", "ja"))) == 10
    assert "見つかりませんでした" in visible_text(similar_list_card([], "事例", "見つかりませんでした", "ja"))
