"""The daily digest as the support team sees it: the day, the counts, each flagged consultation with its reasons in
business days, 開く on every row, 担当する only where nobody handles it, typed text shown as typed."""

from dataclasses import replace
from datetime import date

from bot.cards.digest_card import MAX_ROWS, digest_card
from bot.cards.verbs import Verb
from bot.domain.ageing import report
from bot.domain.consultation import Place, Status
from bot.domain.people import Names
from tests.support.calendars import city_rules
from tests.support.cards import visible_text, walk
from tests.support.clocks import JST, jst
from tests.support.factories import SUPPORT, a_consultation

FRIDAY = date(2027, 5, 7)


def received(n: int, day: date, **overrides: object):
    at = jst(day.year, day.month, day.day, 10)
    return a_consultation(id=n, number=f"R9-{n:04d}", created_at=at, updated_at=at, **overrides)


def buttons(card: dict) -> list[tuple[str, str, object]]:
    return [
        (e["title"], e["verb"], e["data"].get("consultation_id"))
        for e in walk(card)
        if e.get("type") == "Action.Execute"
    ]


def test_what_the_support_team_sees() -> None:
    unassigned = received(1, date(2027, 4, 26), title='申請の "押印" を *なくしたい*', department="総務課")
    held = received(2, date(2027, 3, 1), status=Status.ON_HOLD, assignee=SUPPORT)
    due = received(3, date(2027, 4, 26), status=Status.IN_PROGRESS, assignee=SUPPORT, desired_due=date(2027, 5, 10))
    r = report([unassigned, held, due], today=FRIDAY, rules=city_rules(), tz=JST, on_hold_since={2: jst(2027, 4, 1, 9)})
    card = digest_card(r, "ja", Names({SUPPORT.id: "佐藤 一郎"}))
    shown = visible_text(card)
    assert "本日の要対応（2027年5月7日）" in shown
    assert "3件 ・ 担当者なし 1 ・ 保留が長い 1 ・ 希望期限が近い／過ぎた 1" in shown
    assert '申請の "押印" を *なくしたい*' in shown and "総務課 ・ 担当 未割当" in shown
    assert "受付から5営業日・担当者なし" in shown
    assert "保留して22営業日" in shown  # after Thu 4/1: 20 in April (4/29 is a holiday), then 5/6 and 5/7
    assert "希望期限 2027年5月10日（あと1営業日）" in shown and "担当 佐藤 一郎" in shown
    assert "営業日は土日・祝日・閉庁日を除いて数えています。" in shown
    assert buttons(card) == [  # the nearest 希望期限 first, then the oldest
        ("開く", Verb.REFRESH, 3),
        ("開く", Verb.REFRESH, 2),
        ("開く", Verb.REFRESH, 1),
        ("担当する", Verb.DIGEST_ASSIGN_SELF, 1),
    ]


def test_a_consultation_in_a_channel_opens_its_thread() -> None:
    place = Place(
        conversation_id="19:desk@thread.tacv2;messageid=171", channel_id="19:desk@thread.tacv2", thread_id="171"
    )
    c = received(1, date(2027, 4, 26), place=place)
    card = digest_card(report([c], today=FRIDAY, rules=city_rules(), tz=JST, on_hold_since={}))
    [opening] = [e for e in walk(card) if e.get("type") == "Action.OpenUrl"]
    assert opening["title"] == "開く" and opening["url"].startswith("https://teams.microsoft.com/l/message/")
    assert buttons(card) == [("担当する", Verb.DIGEST_ASSIGN_SELF, 1)]


def test_at_most_fifteen_rows_and_the_rest_counted() -> None:
    many = [received(n, date(2027, 3, 1)) for n in range(1, MAX_ROWS + 5)]
    card = digest_card(report(many, today=FRIDAY, rules=city_rules(), tz=JST, on_hold_since={}), "en")
    assert sum(1 for b in buttons(card) if b[0] == "Open") == MAX_ROWS
    assert '4 more: see "list".' in visible_text(card)


def test_nothing_flagged() -> None:
    fresh = received(1, date(2027, 5, 6))
    done = replace(received(2, date(2027, 3, 1)), status=Status.DONE)
    card = digest_card(report([fresh, done], today=FRIDAY, rules=city_rules(), tz=JST, on_hold_since={}))
    assert "要対応の相談はありません。" in visible_text(card) and buttons(card) == []
