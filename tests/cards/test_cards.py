"""Every card builder: valid Teams 1.5 JSON, what the user sees, every action routed, user text verbatim."""

import json
from dataclasses import replace
from datetime import date

import pytest

from bot.cards.elements import CARD_VERSION, MAX_CARD_BYTES
from bot.cards.intake_card import intake_form_card
from bot.cards.list_card import consultation_list_card
from bot.cards.status_card import status_card
from bot.domain.category import Category
from bot.domain.consultation import Person, Role, Status
from bot.handlers import build_router
from tests.support.cards import ACTIONS, ELEMENTS, action_titles, visible_text, walk
from tests.support.factories import NOW, a_consultation

HOSTILE = 'He said "hi" \\ {{x}} ${x} </at> <script>alert(1)</script>\n次の行'


def all_cards() -> list[dict]:
    c = a_consultation()
    return [
        status_card(c),
        status_card(c, "en"),
        status_card(replace(c, status=Status.DONE, closed_at=NOW)),
        status_card(replace(c, status=Status.WITHDRAWN)),
        status_card(c, notice="通知"),
        intake_form_card(),
        intake_form_card("en", values={"body": HOSTILE}, error="エラー"),
        consultation_list_card([c, replace(c, id=2, number="R8-0002")], "一覧"),
        consultation_list_card([], "一覧"),
    ]


@pytest.mark.parametrize("card", all_cards())
def test_card_is_valid_teams_json(card: dict) -> None:
    encoded = json.dumps(card, ensure_ascii=False)
    assert json.loads(encoded) == card
    assert card["type"] == "AdaptiveCard" and card["version"] == CARD_VERSION
    assert len(encoded.encode("utf-16-le")) < MAX_CARD_BYTES
    for node in walk(card.get("body", [])):
        if "type" in node:  # elements, and the actions of ActionSets
            assert node["type"] in (ACTIONS if node["type"].startswith("Action.") else ELEMENTS), node["type"]
    for node in walk(card.get("actions", [])):
        if "type" in node and node["type"].startswith("Action."):
            assert node["type"] in ACTIONS


def test_every_action_has_a_route_and_carries_only_an_int_id() -> None:
    router = build_router()
    for card in all_cards():
        for node in walk(card):
            if node.get("type") == "Action.Execute":
                route = router.route(node["verb"])
                assert route is not None, node["verb"]
                if route.needs_id:
                    assert set(node["data"]) == {"consultation_id"} and isinstance(node["data"]["consultation_id"], int)
        for node in walk(card.get("actions", [])):
            if node.get("type") == "Action.Execute":
                assert node["fallback"]["type"] == "Action.Submit"  # clients without Universal Actions


def test_status_card_shows_the_facts_in_japanese() -> None:
    c = a_consultation(assignee=Person("aad-support", "佐藤 一郎"), desired_due=date(2027, 1, 31))
    shown = visible_text(status_card(c))
    for expected in (
        "相談 R8-0001",
        "押印の見直し",
        "依頼者: 山田 花子",
        "所属: 総務課",
        "区分: 業務改善（BPR）（自動判定 80%）",
        "状況: 受付",
        "担当者: 佐藤 一郎",
        "受付日: 2026年11月28日",
        "希望期限: 2027年1月31日",
    ):
        assert expected in shown
    assert action_titles(status_card(c)) == ["担当する", "対応中", "保留", "完了", "区分変更", "その他"]


def test_buttons_follow_the_state_and_the_viewer() -> None:
    c = a_consultation()
    working = ["担当する", "保留", "完了", "区分変更", "その他"]
    assert action_titles(status_card(replace(c, status=Status.IN_PROGRESS))) == working
    assert action_titles(status_card(replace(c, status=Status.ON_HOLD))) == ["担当する", "対応中", *working[2:]]
    assert action_titles(status_card(replace(c, status=Status.WITHDRAWN))) == ["再開", "区分変更", "詳細"]
    assert action_titles(status_card(c, view=Role.REQUESTER)) == [
        "追記",
        "取り下げ",
        "As-Is/To-Be ワークシート",
        "詳細",
    ]
    assert action_titles(status_card(replace(c, category=Category.APP), view=Role.REQUESTER)) == [
        "追記",
        "取り下げ",
        "詳細",
    ]
    assert action_titles(status_card(c, view=Role.OTHER)) == []


def test_close_form_asks_artefacts_only_for_app_work_and_assign_lists_members() -> None:
    members = [Person("aad-1", "佐藤 一郎", "29:1"), Person("aad-2", "田中 三郎", "29:2")]
    bpr = status_card(a_consultation(), members=members)
    close = next(a for a in bpr["actions"] if a["title"] == "完了")
    assert [i["id"] for i in close["card"]["body"]] == ["resolution", "hours_saved"]
    app = status_card(replace(a_consultation(), category=Category.APP))
    close = next(a for a in app["actions"] if a["title"] == "完了")
    assert "artefact_name" in [i["id"] for i in close["card"]["body"]]
    more = next(a for a in bpr["actions"] if a["title"] == "その他")
    choices = more["card"]["body"][0]["choices"]
    assert [c["value"] for c in choices] == ["aad-1", "aad-2"]


def test_refresh_targets_at_most_60_users() -> None:
    ids = [f"29:{i}" for i in range(100)]
    card = status_card(a_consultation(), refresh_ids=ids)
    assert card["refresh"]["userIds"] == ids[:60]
    assert card["refresh"]["action"]["verb"] == "consultation.refresh"


def test_english_card() -> None:
    shown = visible_text(status_card(a_consultation(), "en"))
    assert (
        "Consultation R8-0001" in shown
        and "Status: Received" in shown
        and "Category: Process improvement (BPR)" in shown
    )


def test_user_text_survives_verbatim() -> None:
    c = a_consultation(title=HOSTILE, body=HOSTILE, department=HOSTILE)
    card = json.loads(json.dumps(status_card(c)))
    shown = visible_text(card)
    assert shown.count(HOSTILE) == 3
    form = json.loads(json.dumps(intake_form_card(values={"body": HOSTILE})))
    assert any(n.get("value") == HOSTILE for n in walk(form))


def test_huge_text_is_truncated_on_the_card() -> None:
    card = status_card(a_consultation(title="題" * 5000, body="本" * 10_000))
    assert len(json.dumps(card, ensure_ascii=False).encode("utf-16-le")) < MAX_CARD_BYTES
