"""What staff see of 対象外: the answer card (where to go, the text as sent, the button that keeps the text) and the
turn-away counts on the weekly summary card and in the report text."""

from dataclasses import replace

from bot.cards.scope_card import register_data, scope_card
from bot.cards.summary_card import summary_card
from bot.domain.scope import Contacts, Topic, TurnedAwayCounts
from bot.views.summary import report_text
from tests.support.card_samples import HOSTILE, SUMMARY
from tests.support.cards import action_titles, visible_text

CONTACTS = Contacts(helpdesk="ヘルプデスク（内線1234）", helpdesk_url="https://help.example.lg.jp/", personnel="職員課")


def test_each_topic_says_where_to_go() -> None:
    def shown(topic: Topic) -> str:
        return visible_text(scope_card(topic, CONTACTS, "x", register_data(1, "x", "aad-1", True)))

    for topic in (Topic.PC, Topic.PRINTER, Topic.PASSWORD, Topic.VPN, Topic.HOWTO):
        assert "ヘルプデスク（内線1234）にお問い合わせください" in shown(topic)
    assert "総務課（庁舎・施設担当）" in shown(Topic.ROOM)
    assert "休暇・給与・異動など人事のことは、職員課にお問い合わせください。" in shown(Topic.PERSONNEL)


def test_the_text_is_shown_as_sent_and_carried_whole_by_the_button() -> None:
    text = HOSTILE + "あ" * 3000
    card = scope_card(Topic.PC, CONTACTS, text, register_data(7, text, "aad-1", False), "en")
    assert HOSTILE.split("\n")[0] in visible_text(card)  # as typed: markup characters shown, not read
    assert action_titles(card) == ["Register as a consultation", "Open the helpdesk"]
    [submit] = [a for a in card["actions"] if a["type"] == "Action.Submit"]
    assert submit["data"]["text"] == text and submit["data"]["turned_away_id"] == 7


def test_the_summary_counts_the_turned_away_and_those_registered_after_all() -> None:
    summary = replace(SUMMARY, turned_away=TurnedAwayCounts(12, 2))
    assert "12件（うち相談として登録 2件）" in visible_text(summary_card(summary))
    assert "対象外として案内：12件（うち相談として登録 2件）" in report_text(summary)
    assert "Turned away (not a DX consultation)：12 (registered as consultations after all: 2)" in report_text(
        summary, "en"
    )
