"""The weekly summary: posted once per week and channel (even with two instances), caught up on start, on demand."""

import asyncio
import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestClient, TestServer

from app import create_app, runtime_key
from bot.cards.summary_card import summary_card
from bot.domain.schedule import WeeklySchedule
from bot.jobs import WeeklySummaryJob
from storage.orm import SummaryRunRow
from tests.support import activities as a
from tests.support.cards import visible_text
from tests.support.clocks import FixedClock, TickingClock
from tests.support.conversation import remember_department, rows, say
from tests.support.factories import CLEAR_APP, CLEAR_BPR
from tests.support.harness import both_hosts, make_settings

JST = ZoneInfo("Asia/Tokyo")
MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=JST)


async def set_summary_channel(harness) -> None:  # type: ignore[no-untyped-def]
    await harness.post(a.channel_mention(harness.service_url, "設定 集計", sender=a.SUPPORT, post_id="1700000000500"))
    await harness.connector.wait_for(lambda: "集計の送信先に設定しました" in "".join(harness.connector.texts_sent()))


def job_for(harness, now: datetime = MONDAY_10) -> WeeklySummaryJob:  # type: ignore[no-untyped-def]
    runtime = harness.app[runtime_key]
    deps = runtime.deps
    from dataclasses import replace

    deps = replace(deps, clock=FixedClock(now.astimezone(UTC)))
    poster = runtime.poster
    return WeeklySummaryJob(deps, poster, lambda s: summary_card(s), WeeklySchedule.parse(0, "09:00", JST))


@both_hosts
async def test_summary_is_posted_once_per_week_and_channel(harness) -> None:
    await remember_department(harness, "aad-requester", "総務課")
    await say(harness, CLEAR_BPR)
    await say(harness, CLEAR_APP)
    await set_summary_channel(harness)
    before = len(harness.connector.sent)
    results = await asyncio.gather(job_for(harness).run_once(), job_for(harness).run_once())
    assert sorted(results) == [0, 1]
    posts = harness.connector.sent[before:]
    assert len(posts) == 1 and posts[0].conversation_id == a.CHANNEL  # a new post in the channel, not a thread
    card = posts[0].cards[0]
    assert len(json.dumps(card, ensure_ascii=False).encode("utf-16-le")) < 80_000
    types = {e.get("type") for e in card["body"]}
    assert {"Chart.Donut", "Chart.HorizontalBar.Stacked", "FactSet"} <= types
    shown = visible_text(card)
    assert "BPR 1件、完了0件（0%）／アプリ 1件、完了0件（0%）" in shown and "令和8年度" in shown
    assert await job_for(harness).run_once() == 0  # the same week again: nothing
    [run] = await rows(harness, SummaryRunRow)
    assert run.period_key == "2026-W48" and run.sent_at is not None and run.activity_id
    next_week = datetime(2026, 12, 7, 9, 0, tzinfo=JST)
    assert await job_for(harness, next_week).run_once() == 1


@both_hosts
async def test_a_second_instance_on_the_same_database_does_not_post_again(harness, database_url) -> None:
    await set_summary_channel(harness)
    assert await job_for(harness).run_once() == 1
    other = TestClient(TestServer(create_app(make_settings(database_url, harness.host, summary_enabled=False), clock=TickingClock()), host="127.0.0.1"))
    await other.start_server()
    try:
        assert await job_for(type("H", (), {"app": other.app})()).run_once() == 0
    finally:
        await other.close()


@both_hosts
async def test_missed_slot_is_sent_on_start(database_url, connector, bot_host) -> None:  # type: ignore[no-untyped-def]
    fake, url = connector
    first = TestClient(TestServer(create_app(make_settings(database_url, bot_host, summary_enabled=False), clock=TickingClock()), host="127.0.0.1"))
    await first.start_server()
    try:
        await first.post(
            "/api/messages", json=a.channel_mention(url, "設定 集計", sender=a.SUPPORT, post_id="17000005")
        )
        await fake.wait_for(lambda: fake.texts_sent())
    finally:
        await first.close()
    before = len(fake.sent)
    restarted = TestClient(TestServer(create_app(make_settings(database_url, bot_host), clock=TickingClock()), host="127.0.0.1"))
    await restarted.start_server()  # the bot was down at the last slot: it catches up once
    try:
        await fake.wait_for(lambda: len(fake.sent) > before, timeout=10)
        assert fake.sent[-1].conversation_id == a.CHANNEL and fake.sent[-1].cards
    finally:
        await restarted.close()


async def test_summary_command_on_demand(harness) -> None:
    await remember_department(harness, "aad-requester", "総務課")
    await say(harness, CLEAR_BPR)
    await say(harness, "集計 今年度")
    shown = visible_text(harness.connector.cards_sent()[-1])
    assert "DX相談 集計：令和8年度" in shown and "BPR 1件" in shown
    await say(harness, "集計 2024-04-01..2025-06-30")
    assert "2024年4月1日〜2025年6月30日" in visible_text(harness.connector.cards_sent()[-1])
    await say(harness, "集計 いつか")
    assert "期間を読み取れませんでした" in harness.connector.texts_sent()[-1]


async def test_department_master_and_silent_departments(harness) -> None:
    support = {"sender": a.SUPPORT, "conversation": a.personal("a:personal-support")}
    await say(harness, "部署 追加 総務課 市民課 税務課", **support)
    assert "3件の部署を登録しました" in harness.connector.texts_sent()[-1]
    await say(harness, "部署 変更 総務課 総務部総務課", **support)
    assert "旧名称の相談も" in harness.connector.texts_sent()[-1]
    await say(harness, "部署 追加 市民課", **support)
    assert "0件" in harness.connector.texts_sent()[-1]
    await remember_department(harness, "aad-requester", "総務課")  # filed under the old name
    await say(harness, CLEAR_BPR)
    await say(harness, "集計", **support)
    shown = visible_text(harness.connector.cards_sent()[-1])
    assert "総務部総務課: 1件" in shown and "相談のない部署：市民課、税務課" in shown
    await say(harness, "部署", sender=a.OUTSIDER, conversation=a.personal("a:outsider"))
    assert "支援チームのメンバーのみ" in harness.connector.texts_sent()[-1]
