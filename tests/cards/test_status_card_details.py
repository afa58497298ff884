"""The status card's facts and buttons: the date a withdrawal happened, sub-tags by name, hours as people write
them, 担当する only for those not already handling it, 取り下げ asked twice, and list rows that open their card."""

from dataclasses import replace

import pytest

from bot.cards.list_card import consultation_list_card
from bot.cards.queue_card import queue_card, results_card
from bot.cards.status_card import status_card
from bot.cards.verbs import Verb
from bot.domain.consultation import Outcome, Person, Role, Status
from bot.domain.queue import QueueFilter
from tests.support.cards import action_titles, visible_text, walk
from tests.support.factories import NOW, a_consultation

HANDLER = Person("aad-support", "佐藤 一郎")


def test_a_withdrawn_consultation_shows_its_withdrawal_date() -> None:
    withdrawn = a_consultation(status=Status.WITHDRAWN, closed_at=NOW)
    shown = visible_text(status_card(withdrawn))
    assert "取り下げ日: 2026年11月28日" in shown and "完了日" not in shown
    assert "Withdrawn on: 2026-11-28" in visible_text(status_card(withdrawn, "en"))
    done = a_consultation(status=Status.DONE, closed_at=NOW, outcome=Outcome("押印を廃止しました"))
    assert "完了日: 2026年11月28日" in visible_text(status_card(done))


def test_tags_are_shown_by_name_in_the_viewer_language() -> None:
    c = a_consultation(tags=("counter-service", "paper-reduction", "as-is-to-be", "power-apps"))
    assert "タグ: 窓口業務、紙の削減、業務の見直し（As-Is/To-Be）、Power Apps" in visible_text(status_card(c))
    assert "Tags: Counter service, Paper reduction, As-Is/To-Be review, Power Apps" in visible_text(
        status_card(c, "en")
    )
    assert "タグ: 窓口業務、new-tag" in visible_text(status_card(replace(c, tags=("counter-service", "new-tag"))))


@pytest.mark.parametrize(
    ("hours", "shown"), [(600.0, "600時間"), (12.5, "12.5時間"), (0.25, "0.25時間"), (1200, "1,200時間")]
)
def test_hours_saved_show_decimals_only_when_there_are_some(hours: float, shown: str) -> None:
    c = a_consultation(status=Status.DONE, closed_at=NOW, outcome=Outcome("対応しました", hours))
    assert f"削減時間（月）: {shown}" in visible_text(status_card(c))


def test_take_it_is_not_offered_to_the_person_already_handling_it() -> None:
    mine = a_consultation(status=Status.ASSIGNED, assignee=HANDLER)
    assert "担当する" not in action_titles(status_card(mine, viewer_id=HANDLER.id))
    assert action_titles(status_card(mine, viewer_id=HANDLER.id)) == ["対応中", "保留", "完了", "区分変更", "その他"]
    assert "担当する" in action_titles(status_card(mine, viewer_id="aad-colleague"))  # a colleague may take it over
    assert "担当する" in action_titles(status_card(mine))  # the card everyone sees before their own view arrives
    unassigned = a_consultation()
    assert "担当する" in action_titles(status_card(unassigned, viewer_id=HANDLER.id))


def test_withdrawing_asks_for_confirmation_first() -> None:
    card = status_card(a_consultation(), view=Role.REQUESTER)
    withdraw = next(a for a in card["actions"] if a["title"] == "取り下げ")
    assert withdraw["type"] == "Action.ShowCard"  # the first click only opens the question
    form = withdraw["card"]
    assert "ご自身では元に戻せません" in visible_text(form)
    (confirm,) = form["actions"]
    assert (confirm["type"], confirm["title"], confirm["verb"]) == ("Action.Execute", "取り下げる", Verb.WITHDRAW)
    assert confirm["data"] == {"consultation_id": 1}
    english = next(
        a for a in status_card(a_consultation(), "en", view=Role.REQUESTER)["actions"] if a["title"] == "Withdraw"
    )
    assert english["card"]["actions"][0]["title"] == "Withdraw it"


def open_buttons(card: dict) -> list[tuple[str, int]]:
    return [
        (n["title"], n["data"]["consultation_id"])
        for n in walk(card["body"])
        if n.get("type") == "Action.Execute" and n.get("verb") == Verb.REFRESH
    ]


def test_every_row_of_a_list_has_a_button_that_opens_its_card() -> None:
    rows = [a_consultation(id=i, number=f"R8-000{i}") for i in (1, 2, 3)]
    expected = [("開く", 1), ("開く", 2), ("開く", 3)]
    assert open_buttons(consultation_list_card(rows, "一覧")) == expected
    queue = queue_card(rows, queue_filter=QueueFilter.OPEN, page=1, total=3, workload=[], locale="ja")
    assert open_buttons(queue) == expected
    assert open_buttons(results_card(rows, "押印")) == expected
    assert open_buttons(results_card(rows, "seal", "en")) == [("Open", 1), ("Open", 2), ("Open", 3)]


def test_a_search_without_hits_says_nothing_matched_and_echoes_the_query() -> None:
    query = "**押印** [x](http://evil.example)"
    shown = visible_text(results_card([], query))
    assert f"「{query}」に一致する相談はありませんでした。" in shown
    assert "まだ相談はありません" not in shown
    assert f'No consultation matches "{query}".' in visible_text(results_card([], query, "en"))


def test_an_empty_filter_of_the_queue_says_nothing_matches_it() -> None:
    card = queue_card([], queue_filter=QueueFilter.UNASSIGNED, page=1, total=0, workload=[], locale="ja")
    assert "この条件に合う相談はありません。" in visible_text(card)
