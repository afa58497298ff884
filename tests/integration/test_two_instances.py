"""Two real `consult serve` processes on one PostgreSQL database, behind a round-robin "load balancer" (the test).

Both bots reply through the same loopback fake connector. What several replicas must guarantee:
(a) concurrent intake on both gets unique, gap-free fiscal-year numbers (number_sequences: UPDATE ... RETURNING);
(b) concurrent card actions on one consultation, spread over both, lose no update (row version + retry);
(c) a due weekly summary is posted once although both instances start with it due (claim row, unique key).

One pair of processes serves the whole module (starting two bots is most of the cost): they start with a summary
channel configured, so (c) is decided at start-up, and (a) and (b) then run against the same pair. At the end both
get SIGTERM and must exit 0 with clean logs.
"""

import asyncio
import json
import os
import signal
import sys
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio
from aiohttp.test_utils import TestServer
from botbuilder.core import TurnContext
from botbuilder.schema import Activity
from sqlalchemy import func, select

from bot.domain.fiscal_year import consultation_number
from bot.domain.ports import ChannelSetting
from bot.texts import t
from storage.db import make_engine, make_sessionmaker
from storage.orm import ConsultationRow, EventRow, NumberSequenceRow, SummaryRunRow
from storage.uow import SqlUnitOfWorkFactory
from tests.support import activities as a
from tests.support.clocks import DEFAULT_NOW
from tests.support.databases import pg_admin, pg_url
from tests.support.factories import CLEAR_BPR
from tests.support.fake_connector import FakeConnector
from tests.support.harness import ACCEPTED, HOSTS
from tests.support.processes import free_port

pytestmark = [
    pytest.mark.asyncio(loop_scope="module"),  # the fake connector lives as long as the two bots
]

CONCURRENT_INTAKE = 40
CONCURRENT_CLICKS = 20
TROUBLE = ("Traceback", "Task was destroyed", "Unclosed", "Error handling request", '"level": "ERROR"')
CONFLICT = t("error.conflict", "ja")
SUMMARY_THREAD = "1700000000700"


@dataclass
class Bot:
    port: int
    proc: asyncio.subprocess.Process
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Cluster:
    bots: list[Bot]
    connector: FakeConnector
    service_url: str
    database_url: str
    accepted: int  # the host's answer to a message (ACCEPTED)


def output(bot: Bot) -> str:
    return bot.log.read_text()


@asynccontextmanager
async def units_of_work(url: str) -> AsyncIterator[SqlUnitOfWorkFactory]:
    engine = make_engine(url, null_pool=True)
    try:
        yield SqlUnitOfWorkFactory(make_sessionmaker(engine))
    finally:
        await engine.dispose()


async def all_rows(url: str, model, *where) -> list:  # type: ignore[no-untyped-def]
    engine = make_engine(url, null_pool=True)
    try:
        async with make_sessionmaker(engine)() as s:
            stmt = select(model).where(*where).order_by(*model.__table__.primary_key.columns)
            return list((await s.execute(stmt)).scalars())
    finally:
        await engine.dispose()


async def consultation_count(url: str) -> int:
    engine = make_engine(url, null_pool=True)
    try:
        async with make_sessionmaker(engine)() as s:
            return (await s.execute(select(func.count()).select_from(ConsultationRow))).scalar_one()
    finally:
        await engine.dispose()


def requester(i: int) -> dict:
    return {"id": f"29:req-{i:02d}", "name": f"職員 {i:02d}", "aadObjectId": f"aad-req-{i:02d}"}


async def seed(url: str, service_url: str) -> None:
    """Before any start: departments known for every requester (intake asks no question), and what `設定 集計` in
    the DX team's channel leaves behind: the summary channel and the channel's conversation reference."""
    thread = a.channel_mention(service_url, "設定 集計", sender=a.SUPPORT, post_id=SUMMARY_THREAD)
    reference = TurnContext.get_conversation_reference(Activity().deserialize(thread)).serialize()
    reference.pop("activityId", None)
    now = DEFAULT_NOW
    async with units_of_work(url) as uow, uow() as u:
        for person in ["aad-requester", *(requester(i)["aadObjectId"] for i in range(CONCURRENT_INTAKE))]:
            await u.profiles.remember_department(person, "総務課", now)
        await u.channel_settings.set(
            ChannelSetting("summary", a.CHANNEL, tenant_id=a.TENANT), by="aad-support", now=now
        )
        await u.conversation_refs.save(
            thread["conversation"]["id"], reference, now=now, tenant_id=a.TENANT, conversation_type="channel"
        )


async def start_bot(database_url: str, folder: Path, n: int, host: str) -> Bot:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MicrosoftApp", "MICROSOFT_APP"))}
    port, log = free_port(), folder / f"bot{n}.log"
    env |= {"HOST": "127.0.0.1", "PORT": str(port), "DATABASE_URL": database_url, "SUPPORT_TEAM_IDS": "aad-support"}
    env |= {"SUMMARY_ENABLED": "true", "LOG_LEVEL": "INFO", "BOT_HOST": host}
    with log.open("w") as out:  # cwd without a .env file; logs to a file, so no pipe can fill up
        proc = await asyncio.create_subprocess_exec(
            str(Path(sys.executable).parent / "consult"), "serve", cwd=folder, env=env, stdout=out, stderr=out
        )
    return Bot(port, proc, log)


async def wait_healthy(session: aiohttp.ClientSession, bot: Bot) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if bot.proc.returncode is not None:
            pytest.fail(f"a bot exited with {bot.proc.returncode}: {output(bot)}")
        try:
            async with session.get(f"{bot.url}/healthz") as r:
                if r.status == 200 and (await r.json())["database"] == "ok":
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    pytest.fail("a bot did not become healthy")


async def stop(bot: Bot) -> int:
    if bot.proc.returncode is None:
        bot.proc.send_signal(signal.SIGTERM)
    try:
        return await asyncio.wait_for(bot.proc.wait(), 15)
    except TimeoutError:
        bot.proc.kill()
        return await bot.proc.wait()


@pytest_asyncio.fixture(loop_scope="module", scope="module", params=HOSTS)
async def cluster(
    request: pytest.FixtureRequest, pg_template: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Cluster]:
    """A fresh PostgreSQL database from the migrated template, seeded, and two bots on one host (TEST_HOSTS) started
    on it at the same time."""
    name = f"consult_2i_{uuid.uuid4().hex[:10]}"
    await pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    url, folder = pg_url(name), tmp_path_factory.mktemp("two_instances")
    fake = FakeConnector()
    server = TestServer(fake.app(), host="127.0.0.1")
    await server.start_server()
    fake.url = str(server.make_url("/")).rstrip("/") + "/"
    bots: list[Bot] = []
    try:
        await seed(url, fake.url)
        bots = [await start_bot(url, folder, n, request.param) for n in range(2)]
        async with aiohttp.ClientSession() as session:
            await asyncio.gather(*(wait_healthy(session, bot) for bot in bots))
        yield Cluster(bots, fake, fake.url, url, ACCEPTED[request.param])
        codes = [await stop(bot) for bot in bots]
        logs = [output(bot) for bot in bots]
        assert codes == [0, 0], logs
        for log in logs:
            assert not [line for line in log.splitlines() if any(mark in line for mark in TROUBLE)], log
    finally:
        for bot in bots:
            if bot.proc.returncode is None:
                bot.proc.kill()
                await bot.proc.wait()
        await server.close()
        await pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def post(session: aiohttp.ClientSession, bot: Bot, activity: dict) -> tuple[int, dict | None]:
    async with session.post(f"{bot.url}/api/messages", json=activity) as r:
        body = await r.read()
        return r.status, json.loads(body) if body else None


async def test_due_weekly_summary_is_posted_once_when_both_instances_start(cluster: Cluster) -> None:
    fake = cluster.connector

    def summary_posts() -> list:
        return [r for r in fake.sent if r.conversation_id == a.CHANNEL]

    await fake.wait_for(lambda: summary_posts(), timeout=15)  # the latest slot is always due on a first start

    def decided(bot: Bot) -> bool:  # this instance's start-up pass sent the summary or found it claimed
        return '"weekly summary sent"' in output(bot) or '"weekly summary already claimed"' in output(bot)

    deadline = time.monotonic() + 15
    while not all(decided(bot) for bot in cluster.bots):  # their logs, polled: nothing else tells
        assert time.monotonic() < deadline, [output(bot)[-2000:] for bot in cluster.bots]
        await asyncio.sleep(0.05)
    [posted] = summary_posts()
    assert posted.cards and "DX相談" in json.dumps(posted.cards[0], ensure_ascii=False)
    [run] = await all_rows(cluster.database_url, SummaryRunRow)
    assert run.conversation_id == a.CHANNEL and run.sent_at is not None and run.activity_id.startswith("bot-activity-")
    sent_by = [bot.port for bot in cluster.bots if '"weekly summary sent"' in output(bot)]
    assert len(sent_by) == 1  # one instance sent it; the other found the claim taken and skipped


async def test_concurrent_intake_on_two_instances_numbers_unique_and_gap_free(cluster: Cluster) -> None:
    fake, bots, url = cluster.connector, cluster.bots, cluster.database_url
    before = await consultation_count(url)
    conversations = [f"a:personal-{i:02d}" for i in range(CONCURRENT_INTAKE)]
    activities = [
        a.message(cluster.service_url, f"{CLEAR_BPR}（{i}）", sender=requester(i), conversation=a.personal(cid))
        for i, cid in enumerate(conversations)
    ]
    async with aiohttp.ClientSession() as s:
        results = await asyncio.gather(*(post(s, bots[i % 2], act) for i, act in enumerate(activities)))
    assert [status for status, _ in results] == [cluster.accepted] * CONCURRENT_INTAKE

    def replies() -> list:
        return [r for r in fake.sent if r.conversation_id in conversations]

    await fake.wait_for(lambda: len(replies()) >= CONCURRENT_INTAKE, timeout=15)
    everyone = await all_rows(url, ConsultationRow)
    fy = everyone[0].fiscal_year  # the bots' own (system) clock decides it; one fiscal year for the whole run
    assert {r.fiscal_year for r in everyone} == {fy}
    assert sorted(r.seq for r in everyone) == list(range(1, len(everyone) + 1))  # unique, no gap
    ours = [r for r in everyone if r.requester_id.startswith("aad-req-")]
    expected = [consultation_number(fy, n) for n in range(before + 1, before + CONCURRENT_INTAKE + 1)]
    assert sorted(r.number for r in ours) == expected  # e.g. R8-0001..R8-0040 when this test runs first
    assert len({r.requester_id for r in ours}) == CONCURRENT_INTAKE
    [sequence] = await all_rows(url, NumberSequenceRow)
    assert (sequence.fiscal_year, sequence.last_seq) == (fy, len(everyone))
    own_number = {r.conversation_id: r.number for r in ours}
    assert len(replies()) == CONCURRENT_INTAKE  # one reply each, carrying that requester's own number
    assert all(own_number[r.conversation_id] in json.dumps(r.cards, ensure_ascii=False) for r in replies())


async def test_concurrent_card_actions_on_two_instances_lose_no_update(cluster: Cluster) -> None:
    fake, bots, url = cluster.connector, cluster.bots, cluster.database_url
    conversation = "a:personal-clicks"
    async with aiohttp.ClientSession() as s:
        status, _ = await post(
            s, bots[0], a.message(cluster.service_url, CLEAR_BPR, conversation=a.personal(conversation))
        )
        assert status == cluster.accepted
        await fake.wait_for(lambda: any(r.conversation_id == conversation for r in fake.sent))
        [created] = await all_rows(url, ConsultationRow, ConsultationRow.conversation_id == conversation)
        assert (created.category, created.version) == ("bpr", 1)
        data = {"consultation_id": created.id}
        clicks = [
            a.card_invoke(cluster.service_url, "consultation.reclassify", data, reply_to_id=created.card_activity_id)
            for _ in range(CONCURRENT_CLICKS)
        ]
        results = await asyncio.gather(*(post(s, bots[i % 2], click) for i, click in enumerate(clicks)))

    assert [status for status, _ in results] == [200] * CONCURRENT_CLICKS
    assert all(body and body["statusCode"] == 200 for _, body in results)
    refused = sum(CONFLICT in json.dumps(body, ensure_ascii=False) for _, body in results)
    [row] = await all_rows(url, ConsultationRow, ConsultationRow.id == created.id)
    events = await all_rows(url, EventRow, EventRow.consultation_id == created.id)
    changes = [e for e in events if e.kind == "reclassified"]
    assert [e.kind for e in events] == ["created"] + ["reclassified"] * len(changes)
    assert len(changes) == CONCURRENT_CLICKS - refused >= 1  # every answer without the conflict notice is a change
    assert row.version == 1 + len(changes)  # ... and every change is in the row
    chain = ["bpr"] + [e.to_value for e in changes]
    assert [e.from_value for e in changes] == chain[:-1]  # each change started from the one before: none lost
    assert row.category == chain[-1]
