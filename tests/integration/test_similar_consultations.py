"""類似の相談 through the real app on both hosts and both databases: the support team's view of a new card shows
similar earlier consultations from other departments, the requester's does not; 詳細, 類似 and 事例; and an
instance answers with what another instance wrote to the shared database."""

from dataclasses import replace

import pytest

from app import runtime_key, settings_key
from bot.services import similar
from storage.db import make_engine, make_sessionmaker
from storage.orm import ConsultationRow
from storage.uow import SqlUnitOfWorkFactory
from tests.support import activities as a
from tests.support.cards import visible_text
from tests.support.conversation import click, remember_department, rows, say
from tests.support.harness import Harness, both_hosts
from tests.support.similar_cases import labelled_pairs, store

pytestmark = pytest.mark.lean_matrix  # the Agents SDK × PostgreSQL pair is left out (tests/conftest.py)

PAIRS = labelled_pairs(12)
TRIP = PAIRS[0]  # 出張命令書の電子化 (総務課), asked again by 消防本部 in other words


async def given_history(harness: Harness) -> None:
    """Past consultations that were in the database before the app started: stored by another process, then read
    as the app's start-up read does (a card reads another instance's writes only every similar.CARD_MAX_AGE)."""
    await store(harness.app[settings_key].database_url, [p.past for p in PAIRS])
    deps = harness.app[runtime_key].deps
    await similar.refresh(deps.library, deps.uow)


async def the_new_one(harness: Harness) -> ConsultationRow:
    return [r for r in await rows(harness, ConsultationRow) if r.status == "received"][-1]


def last_card(harness: Harness) -> dict:
    return next(s.cards[0] for s in reversed(harness.connector.sent) if s.cards)


@both_hosts
async def test_the_support_view_of_a_new_card_shows_similar_consultations(harness: Harness) -> None:
    await given_history(harness)
    await remember_department(harness, "aad-requester", TRIP.department)

    await say(harness, TRIP.request)
    new = await the_new_one(harness)
    requester_card = last_card(harness)
    _, support = await click(harness, "consultation.refresh", {"consultation_id": new.id}, new.card_activity_id)
    _, own = await click(
        harness, "consultation.refresh", {"consultation_id": new.id}, new.card_activity_id, sender=a.REQUESTER
    )

    shown = visible_text(support["value"])
    assert "類似の相談" in shown
    assert f"{TRIP.past.number} 職員の出張命令書を電子化したい" in shown
    assert "所属: 総務課" in shown and "成果物: 出張申請アプリ（SharePointリスト＋承認フロー）" in shown
    assert "解決内容: 紙の出張命令書を廃止し、SharePointリストの申請とPower Automateの承認フローに置き換えた。" in shown
    assert shown.count("開く") <= 3
    assert "類似の相談" not in visible_text(requester_card)
    assert "類似の相談" not in visible_text(own["value"])


@both_hosts
async def test_a_request_in_the_intake_channel_gets_the_section_on_its_card(harness: Harness) -> None:
    await given_history(harness)
    await remember_department(harness, "aad-requester", TRIP.department)
    before = len(harness.connector.sent)

    response = await harness.post(a.channel_mention(harness.service_url, TRIP.request))

    assert response.status == harness.accepted
    await harness.connector.wait_for(lambda: any(s.cards for s in harness.connector.sent[before:]))
    shown = visible_text(last_card(harness))
    assert "類似の相談" in shown and TRIP.past.number in shown


@both_hosts
async def test_open_details_and_the_similar_command(harness: Harness) -> None:
    await given_history(harness)
    await remember_department(harness, "aad-requester", TRIP.department)
    await say(harness, TRIP.request)
    new = await the_new_one(harness)
    past_id = next(r.id for r in await rows(harness, ConsultationRow) if r.number == TRIP.past.number)

    _, opened = await click(harness, "consultation.details", {"consultation_id": past_id}, new.card_activity_id)
    _, details = await click(harness, "consultation.details", {"consultation_id": new.id}, new.card_activity_id)
    await say(harness, f"類似 {new.number}", sender=a.SUPPORT, conversation=a.personal("a:personal-support"))
    listed = last_card(harness)
    await say(harness, f"類似 {new.number}", sender=a.REQUESTER)
    refused = harness.connector.sent[-1]

    assert f"相談 {TRIP.past.number} の詳細" in visible_text(opened["value"])
    assert "類似の相談" in visible_text(details["value"]) and TRIP.past.number in visible_text(details["value"])
    assert f"{new.number} に類似の相談（最大10件、完了したものが先）" in visible_text(listed)
    assert TRIP.past.number in visible_text(listed)
    assert not refused.cards and refused.body["text"] == "この操作は支援チームのメンバーのみ行えます。"


@both_hosts
async def test_an_instance_answers_with_what_another_instance_wrote(harness: Harness) -> None:
    """The app's library is built on its first question; rows another instance writes afterwards (a new completed
    consultation, a changed resolution) are read before the next one."""
    await given_history(harness)
    support_chat = a.personal("a:personal-support")
    await say(harness, "事例 承認フロー", sender=a.SUPPORT, conversation=support_chat)
    assert TRIP.past.number in visible_text(last_card(harness))

    database_url = harness.app[settings_key].database_url
    engine = make_engine(database_url, null_pool=True)  # the other instance
    try:
        other = SqlUnitOfWorkFactory(make_sessionmaker(engine))
        async with other() as u:
            trip = await u.consultations.get_by_number(TRIP.past.number)
            assert trip is not None and trip.outcome is not None
            changed = replace(trip, outcome=replace(trip.outcome, resolution="電子決裁に一本化した"))
            await u.consultations.update(replace(changed, updated_at=harness.clock.now()), expected_version=1)
    finally:
        await engine.dispose()
    (later,) = labelled_pairs(1, first_seq=500)
    await store(database_url, [replace(later.past, title="押印欄の全廃")])

    await say(harness, "事例 承認フロー", sender=a.SUPPORT, conversation=support_chat)
    after_change = visible_text(last_card(harness))
    await say(harness, "事例 押印欄", sender=a.SUPPORT, conversation=support_chat)
    new_row = visible_text(last_card(harness))

    assert "解決内容: 電子決裁に一本化した" in after_change  # still found by its artefact, with the new resolution
    assert "R7-0500 押印欄の全廃" in new_row
