"""Ageing on business days through the real app on loopback (fake Bot Connector), on both databases and hosts: the
9:00 digest is posted once even with two instances on one database, never on a holiday, caught up on start; the
assignee's nudge comes at most once per consultation and business day; 担当する on the digest takes the
consultation and refreshes the digest; 要対応 shows it on demand."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import date

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app import ageing_job, create_app, runtime_key, settings_key
from bot.cards.summary_card import summary_card
from bot.cards.verbs import Verb
from bot.domain.schedule import WeeklySchedule
from bot.jobs import WeeklySummaryJob
from storage.orm import ConsultationRow, NudgeRow, SummaryRunRow
from tests.support import activities as a
from tests.support.cards import visible_text
from tests.support.clocks import JST, FixedClock, TickingClock, jst
from tests.support.conversation import click, remember_department, rows, say
from tests.support.factories import CLEAR_APP, CLEAR_BPR
from tests.support.fake_connector import FakeConnector
from tests.support.harness import Harness, both_hosts, make_settings

pytestmark = pytest.mark.lean_matrix  # the Agents SDK × PostgreSQL pair is left out (tests/conftest.py)

DIGEST_HEADING = "本日の要対応"
NUDGE = "要対応です"


async def golden_week_desk(harness: Harness) -> tuple[int, int]:
    """On Monday 2027-04-26: two consultations from the requester (R9-0001 nobody takes; R9-0002 the support member
    takes, desired by Thursday 5/6), and the summary channel set. Returns their ids."""
    harness.clock.set(jst(2027, 4, 26, 10))
    await remember_department(harness, "aad-requester", "総務課")
    await say(harness, CLEAR_BPR)
    await say(harness, CLEAR_APP)
    first, second = await rows(harness, ConsultationRow)
    status, _ = await click(harness, Verb.ASSIGN_SELF, {"consultation_id": second.id}, second.card_activity_id)
    assert status == 200
    deps = harness.app[runtime_key].deps
    async with deps.uow() as u:
        c = await u.consultations.get(second.id)
        assert c is not None
        await u.consultations.update(replace(c, desired_due=date(2027, 5, 6)), expected_version=c.version)
    await harness.post(a.channel_mention(harness.service_url, "設定 集計", sender=a.SUPPORT, post_id="1800000000001"))
    await harness.connector.wait_for(lambda: "集計の送信先に設定しました" in "".join(harness.connector.texts_sent()))
    return first.id, second.id


@asynccontextmanager
async def instance(
    database_url: str, bot_host: str, clock: TickingClock, **settings: object
) -> AsyncIterator[TestClient]:
    """Another `consult serve` on the same database, with its own clock (its background loops run; the weekly
    summary's is off, so that only ageing posts)."""
    values = {"summary_enabled": False, **settings}
    client = TestClient(
        TestServer(create_app(make_settings(database_url, bot_host, **values), clock=clock), host="127.0.0.1")
    )
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


async def run_job(client: TestClient) -> tuple[int, int]:
    return await ageing_job(client.app[settings_key], client.app[runtime_key]).run_once()


def digests(fake: FakeConnector) -> list:
    return [
        r
        for r in fake.sent
        if r.conversation_id == a.CHANNEL and any(DIGEST_HEADING in visible_text(c) for c in r.cards)
    ]


def nudges(fake: FakeConnector) -> list:
    return [r for r in fake.sent if NUDGE in r.text]


@both_hosts
async def test_the_digest_goes_out_once_from_two_instances_and_never_on_a_holiday(harness, database_url) -> None:
    await golden_week_desk(harness)
    fake = harness.connector
    before = len(fake.sent)
    showa_day = TickingClock(jst(2027, 4, 29, 9, 30))  # 昭和の日: no digest, no nudge
    async with (
        instance(database_url, harness.host, showa_day) as b,
        instance(database_url, harness.host, showa_day) as c,
    ):
        assert await asyncio.gather(run_job(b), run_job(c)) == [(0, 0), (0, 0)]
    assert fake.sent[before:] == []

    friday = jst(2027, 5, 7, 9, 0)  # after Golden Week; both instances start at 9:00 and catch up at once
    async with (
        instance(database_url, harness.host, TickingClock(friday)) as b,
        instance(database_url, harness.host, TickingClock(friday)) as c,
    ):
        await fake.wait_for(lambda: digests(fake) and nudges(fake), timeout=15)
        assert await asyncio.gather(run_job(b), run_job(c)) == [(0, 0), (0, 0)]  # both loops, and again: nothing
    [digest] = digests(fake)
    shown = visible_text(digest.cards[0])
    assert "本日の要対応（2027年5月7日）" in shown
    assert "受付から5営業日・担当者なし" in shown  # 4/27, 4/28, 4/30, 5/6, 5/7: not 昭和の日 nor 5/3–5/5
    assert "希望期限 2027年5月6日 を過ぎています（1営業日超過）" in shown
    [nudge] = nudges(fake)
    assert "R9-0002" in nudge.text and "R9-0001" not in nudge.text  # only the assignee's own
    [run] = await rows(harness, SummaryRunRow)
    assert run.period_key == "digest:2027-05-07" and run.sent_at is not None


@both_hosts
async def test_the_nudge_comes_at_most_once_per_business_day(harness, database_url) -> None:
    _, taken = await golden_week_desk(harness)
    fake = harness.connector
    monday = TickingClock(jst(2027, 5, 10, 9, 5))
    async with instance(database_url, harness.host, TickingClock(jst(2027, 5, 7, 9, 1)), digest_enabled=False) as b:
        await fake.wait_for(lambda: len(nudges(fake)) == 1, timeout=15)
        assert await run_job(b) == (0, 0)
    async with instance(database_url, harness.host, TickingClock(jst(2027, 5, 7, 15)), digest_enabled=False) as b:
        assert await run_job(b) == (0, 0)  # later the same day, another instance: not again
    async with instance(database_url, harness.host, monday, digest_enabled=False) as b:
        await fake.wait_for(lambda: len(nudges(fake)) == 2, timeout=15)  # the next business day: once more
    assert [(n.consultation_id, n.business_day) for n in await rows(harness, NudgeRow)] == [
        (taken, date(2027, 5, 7)),
        (taken, date(2027, 5, 10)),
    ]
    assert fake.created and fake.created[0]["members"][0]["id"] == a.SUPPORT["id"]  # a 1:1 chat with the assignee


async def test_nudges_and_digest_can_be_turned_off(harness, database_url) -> None:
    await golden_week_desk(harness)
    before = len(harness.connector.sent)
    friday = TickingClock(jst(2027, 5, 7, 9, 1))
    async with instance(database_url, harness.host, friday, digest_enabled=False, nudges_enabled=False) as b:
        assert await run_job(b) == (0, 0)
    assert harness.connector.sent[before:] == []


@both_hosts
async def test_taking_a_consultation_from_the_digest(harness, database_url) -> None:
    unassigned, _ = await golden_week_desk(harness)
    fake = harness.connector
    async with instance(database_url, harness.host, TickingClock(jst(2027, 5, 7, 9, 0))):
        await fake.wait_for(lambda: digests(fake), timeout=15)
    [digest] = digests(fake)
    harness.clock.set(jst(2027, 5, 7, 9, 10))
    status, body = await click(
        harness,
        Verb.DIGEST_ASSIGN_SELF,
        {"consultation_id": unassigned},
        digest.answered_id,
        conversation=a.channel_thread(digest.answered_id),
    )
    assert status == 200
    mine = visible_text(body["value"])
    assert "R9-0001 を担当しました" in mine and "受付から5営業日" not in mine
    await fake.wait_for(lambda: any(u.activity_id == digest.answered_id for u in fake.updated))
    [update] = [u for u in fake.updated if u.activity_id == digest.answered_id]
    assert "R9-0001" not in visible_text(update.cards[0])  # everyone's digest: no longer flagged
    await fake.wait_for(lambda: any("担当" in t and "R9-0001" in t for t in fake.texts_sent()[-3:]))
    [row] = [r for r in await rows(harness, ConsultationRow) if r.id == unassigned]
    assert row.assignee_id == "aad-support" and row.status == "assigned"


async def test_the_digest_on_demand_is_for_the_support_team(harness) -> None:
    await golden_week_desk(harness)
    harness.clock.set(jst(2027, 5, 7, 11))
    support = {"sender": a.SUPPORT, "conversation": a.personal("a:personal-support")}
    await say(harness, "要対応", **support)
    shown = visible_text(harness.connector.cards_sent()[-1])
    assert "本日の要対応（2027年5月7日）" in shown and "R9-0001" in shown and "R9-0002" in shown
    await say(harness, "要対応")
    assert "支援チームのメンバーのみ" in harness.connector.texts_sent()[-1]


async def test_the_summary_shows_ageing_in_business_days(harness) -> None:
    await golden_week_desk(harness)
    harness.clock.set(jst(2027, 5, 7, 11))
    await say(harness, "集計", sender=a.SUPPORT, conversation=a.personal("a:personal-support"))
    shown = visible_text(harness.connector.cards_sent()[-1])
    assert "要対応（営業日）: 2件" in shown  # R9-0001 unassigned, R9-0002 past its 希望期限
    assert "経過 3-5営業日: 2件" in shown and "経過 0-2営業日: 0件" in shown
    assert "最も古い相談: R9-0001：5営業日、R9-0002：5営業日" in shown


async def test_the_weekly_summary_shows_ageing_in_business_days(harness) -> None:
    await golden_week_desk(harness)
    runtime = harness.app[runtime_key]
    monday = FixedClock(jst(2027, 5, 10, 9))  # reports the week 5/3–5/9, as of its end
    job = WeeklySummaryJob(
        replace(runtime.deps, clock=monday),
        runtime.poster,
        lambda s: summary_card(s, "ja", heading_key="summary.weekly_heading"),
        WeeklySchedule.parse(0, "09:00", JST),
    )
    assert await job.run_once() == 1
    shown = visible_text(harness.connector.sent[-1].cards[0])
    assert "要対応（営業日）: 2件" in shown and "経過 3-5営業日: 2件" in shown
