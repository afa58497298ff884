"""要対応 and 担当する on the digest, with the in-memory Deps at Friday 2027-05-07 (after Golden Week): the support
team sees the digest, others a polite refusal; 担当する takes the consultation with the status card's own move (the
requester is told) and answers with the refreshed digest; a consultation someone else took meanwhile is refused on
the digest, and nothing changes."""

from bot.cards.verbs import Verb
from bot.domain.consultation import Status
from bot.handlers import build_router
from tests.support.calendars import city_rules
from tests.support.clocks import FixedClock, jst
from tests.support.handler_kit import (
    COLLEAGUE,
    OUTSIDER,
    REQUESTER,
    SUPPORT,
    TEAM,
    actor,
    click,
    given_consultation,
    say,
    visible_text,
)
from tests.support.memory import database, memory_deps

ROUTER = build_router()
MONDAY_BEFORE = jst(2027, 4, 26, 10)


def friday_deps(**overrides: object):
    return memory_deps(clock=FixedClock(jst(2027, 5, 7, 9, 30)), support=TEAM, ageing=city_rules(), **overrides)


async def test_the_digest_on_demand() -> None:
    deps = friday_deps()
    c = await given_consultation(deps, created_at=MONDAY_BEFORE)
    reply = await ROUTER.dispatch_message(actor(SUPPORT), say("要対応"), deps)
    shown = visible_text(reply.card)
    assert "本日の要対応（2027年5月7日）" in shown and c.number in shown and "受付から5営業日・担当者なし" in shown
    english = await ROUTER.dispatch_message(actor(SUPPORT, locale="en"), say("digest"), deps)
    assert "Needs attention today (2027-05-07)" in visible_text(english.card)


async def test_only_the_support_team_sees_it() -> None:
    deps = friday_deps()
    await given_consultation(deps, created_at=MONDAY_BEFORE)
    for person in (REQUESTER, OUTSIDER):
        reply = await ROUTER.dispatch_message(actor(person), say("要対応"), deps)
        assert reply.card is None and reply.text == "「要対応」は支援チームのメンバーのみ使えます。"


async def test_without_business_days_configured_it_says_so() -> None:
    deps = memory_deps(support=TEAM)
    reply = await ROUTER.dispatch_message(actor(SUPPORT), say("要対応"), deps)
    assert reply.card is None and "営業日の設定" in reply.text


async def test_taking_it_from_the_digest() -> None:
    deps = friday_deps()
    c = await given_consultation(deps, created_at=MONDAY_BEFORE)
    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.DIGEST_ASSIGN_SELF, c.id), deps)
    stored = database(deps).consultation(c.id)
    assert stored.status is Status.ASSIGNED and stored.assignee is not None and stored.assignee.id == SUPPORT.id
    assert f"{c.number} を担当しました" in visible_text(reply.card)
    assert c.number not in visible_text(reply.shared_card)  # everyone's digest: no longer flagged
    assert "要対応の相談はありません。" in visible_text(reply.shared_card)
    [notice] = reply.notices
    assert notice.recipient.person_id == REQUESTER.id and "佐藤 一郎" in notice.text


async def test_taken_meanwhile_is_refused_on_the_digest() -> None:
    deps = friday_deps()
    c = await given_consultation(deps, created_at=MONDAY_BEFORE, status=Status.ASSIGNED, assignee=COLLEAGUE)
    before = database(deps).consultation(c.id)
    reply = await ROUTER.dispatch_action(actor(COLLEAGUE), click(Verb.DIGEST_ASSIGN_SELF, c.id), deps)
    assert reply.text == "すでに 鈴木 次郎 さんが担当しています。"
    assert "本日の要対応" in visible_text(reply.card) and reply.shared_card is None and reply.notices == ()
    assert database(deps).consultation(c.id) == before


async def test_others_may_not_take_it() -> None:
    deps = friday_deps()
    c = await given_consultation(deps, created_at=MONDAY_BEFORE)
    reply = await ROUTER.dispatch_action(actor(OUTSIDER), click(Verb.DIGEST_ASSIGN_SELF, c.id), deps)
    assert "支援チームのメンバーのみ" in reply.text
    assert database(deps).consultation(c.id).assignee is None
