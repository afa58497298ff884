"""The support team's buttons on the status card in every state: Teams shows at most six actions per set, and taking
a consultation (担当する) stays one click wherever it is legal — also on a 要確認 card, which offers both categories."""

from dataclasses import replace

import pytest

from bot.cards.status_card import status_card
from bot.cards.verbs import Verb
from bot.domain.category import Category
from bot.domain.consultation import TRANSITIONS, Status
from tests.support.cards import walk
from tests.support.factories import OTHER, SUPPORT, a_consultation

TEAMS_MAX_ACTIONS = 6
STATUS_MOVES = {Status.IN_PROGRESS: Verb.START, Status.ON_HOLD: Verb.HOLD}


def verbs(actions: list[dict]) -> list[str]:
    return [a["verb"] for a in actions if a["type"] == "Action.Execute"]


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("triage", [False, True], ids=["sure", "needs-triage"])
@pytest.mark.parametrize("category", list(Category))
@pytest.mark.parametrize("assignee", [None, SUPPORT], ids=["unassigned", "assigned"])
@pytest.mark.parametrize("locale", ["ja", "en"])
def test_take_is_one_click_wherever_it_is_legal(
    status: Status, triage: bool, category: Category, assignee: object, locale: str
) -> None:
    c = replace(a_consultation(), status=status, needs_triage=triage, category=category, assignee=assignee)
    card = status_card(c, locale, members=[SUPPORT, OTHER])
    top = card["actions"]
    assert len(top) <= TEAMS_MAX_ACTIONS
    for node in walk(card):  # the その他 and 完了 cards are action sets too
        if node.get("type") == "AdaptiveCard":
            assert len(node.get("actions", [])) <= TEAMS_MAX_ACTIONS
    # 担当する: on top in every open state (assigning someone else's consultation to oneself is legal too)
    assert (Verb.ASSIGN_SELF in verbs(top)) is (not status.is_closed)
    # every legal status move can be reached (on top or under その他), and no illegal one is offered
    everywhere = [n["verb"] for n in walk(card) if n.get("type") == "Action.Execute"]
    for target, verb in STATUS_MOVES.items():
        legal = not status.is_closed and target in TRANSITIONS[status]
        assert (verb in everywhere) is legal, (target, verb)
    # a 要確認 card offers both categories on top; otherwise one flip
    open_triage = triage and not status.is_closed
    assert (Verb.SET_BPR in verbs(top) and Verb.SET_APP in verbs(top)) is open_triage
    assert (Verb.RECLASSIFY in verbs(top)) is not open_triage
    if not status.is_closed:
        assert [a["type"] for a in top if a["type"] == "Action.ShowCard"] == ["Action.ShowCard"] * 2  # 完了, その他
        assert verbs(top)[0] == Verb.ASSIGN_SELF


def test_on_a_needs_triage_card_hold_moves_under_more() -> None:
    card = status_card(replace(a_consultation(), needs_triage=True))
    assert [a["title"] for a in card["actions"]] == [
        "担当する",
        "対応中",
        "完了",
        "BPRにする",
        "アプリにする",
        "その他",
    ]
    more = card["actions"][-1]["card"]["actions"]
    assert [a["title"] for a in more][:2] == ["保留", "この人を担当にする"]
