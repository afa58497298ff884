"""Graceful shutdown of a real `consult serve` process: SIGTERM while a turn is in flight.

The loopback connector holds the bot's reply for REPLY_DELAY seconds, so the turn is still running when SIGTERM
arrives. aiohttp's run_app then closes the listening socket, waits for in-flight handlers (up to its shutdown
timeout), and only afterwards runs the cleanup contexts (weekly summary loop cancelled, background sends drained,
engine disposed). The test shows each step from the outside.
"""

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from sqlalchemy import select

from storage.db import make_engine, make_sessionmaker
from storage.orm import ConsultationRow, EventRow
from tests.support import activities as a
from tests.support.databases import department_remembered
from tests.support.factories import CLEAR_BPR
from tests.support.fake_connector import FakeConnector
from tests.support.processes import free_port

REPLY_DELAY = 1.5  # seconds the connector holds the reply: the turn is in flight for at least this long
EXIT_WITHIN = 8.0  # seconds from SIGTERM to exit: the held reply plus clean-up (~1 s), far below aiohttp's 60 s
TROUBLE = ("Traceback", "Task was destroyed", "Unclosed", "Error handling request", '"level": "ERROR"')


@dataclass
class SlowConnector(FakeConnector):
    """The fake connector, but every send waits REPLY_DELAY seconds before it is recorded and answered."""

    delay: float = REPLY_DELAY
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def _send(self, request: web.Request) -> web.Response:
        self.arrived.set()
        await asyncio.sleep(self.delay)
        return await super()._send(request)


@pytest.fixture
async def slow_connector() -> AsyncIterator[SlowConnector]:
    fake = SlowConnector()
    server = TestServer(fake.app(), host="127.0.0.1")
    await server.start_server()
    fake.url = str(server.make_url("/")).rstrip("/") + "/"
    yield fake
    await server.close()


async def _rows(database_url: str, model) -> list:  # type: ignore[no-untyped-def]
    engine = make_engine(database_url, null_pool=True)
    try:
        async with make_sessionmaker(engine)() as s:
            return list((await s.execute(select(model).order_by(model.id))).scalars())
    finally:
        await engine.dispose()


def _output(log: Path) -> str:
    return log.read_text()


async def _wait_healthy(session: aiohttp.ClientSession, port: int, proc: asyncio.subprocess.Process, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.returncode is not None:
            pytest.fail(f"the bot exited with {proc.returncode}: {_output(log)}")
        try:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as r:
                if r.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    pytest.fail("the bot did not become healthy")


async def _refuses_connections(session: aiohttp.ClientSession, port: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as r:
                await r.read()
        except aiohttp.ClientConnectionError:
            return True
        await asyncio.sleep(0.05)
    return False


async def test_sigterm_lets_the_in_flight_turn_finish_then_exits_cleanly(
    database_url: str, slow_connector: SlowConnector, tmp_path: Path
) -> None:
    await department_remembered(database_url)  # the message becomes a consultation at once
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "DATABASE_URL": database_url}
    env |= {"SUPPORT_TEAM_IDS": "aad-support", "SUMMARY_ENABLED": "true", "LOG_LEVEL": "INFO"}
    log = tmp_path / "bot.log"
    consult = str(Path(sys.executable).parent / "consult")
    with log.open("w") as out:  # cwd without a .env file; logs to a file, so no pipe can fill up
        proc = await asyncio.create_subprocess_exec(consult, "serve", cwd=tmp_path, env=env, stdout=out, stderr=out)
    try:
        # a new connection per request: each health probe really knocks on the listening socket
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as session:
            await _wait_healthy(session, port, proc, log)
            activity = a.message(slow_connector.url, CLEAR_BPR)

            async def post() -> tuple[int, str]:
                async with session.post(f"http://127.0.0.1:{port}/api/messages", json=activity) as response:
                    return response.status, await response.text()

            posted = asyncio.create_task(post())
            await asyncio.wait_for(slow_connector.arrived.wait(), 10)  # the reply is being sent: turn in flight
            assert not posted.done() and slow_connector.sent == []

            proc.send_signal(signal.SIGTERM)
            stopped_at = time.monotonic()
            # new connections are refused at once, while the in-flight turn is still waiting for the connector
            assert await _refuses_connections(session, port, within=REPLY_DELAY / 2)
            assert not posted.done()

            status, body = await posted  # the in-flight request is answered normally
            assert status == 201, body
            returncode = await asyncio.wait_for(proc.wait(), EXIT_WITHIN)
            took = time.monotonic() - stopped_at
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()

    output = _output(log)
    assert returncode == 0, output
    assert REPLY_DELAY / 2 <= took < EXIT_WITHIN, took  # it waited for the turn, and not for much else
    assert not [line for line in output.splitlines() if any(mark in line for mark in TROUBLE)], output

    [reply] = slow_connector.sent  # the connector got the reply the turn was sending
    assert reply.conversation_id == "a:personal-requester" and reply.cards
    [row] = await _rows(database_url, ConsultationRow)  # committed, including the write after the send
    assert row.body == CLEAR_BPR and row.seq == 1
    assert row.card_activity_id == "bot-activity-1"
    assert [e.kind for e in await _rows(database_url, EventRow)] == ["created"]
