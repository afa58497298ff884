"""`WEB_WORKERS=2`: `consult serve` supervises two server processes behind one port (bot/workers.py), on each
database. Connections to the port reach both workers; concurrent intakes all get their card and a unique number;
SIGTERM (even twice) stops every worker gracefully with exit code 0; a worker that dies takes the service down with
a failing exit code, so that the platform restarts it whole."""

import asyncio
import os
import re
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from tests.support import activities as a
from tests.support.databases import department_remembered
from tests.support.factories import CLEAR_BPR
from tests.support.fake_connector import FakeConnector
from tests.support.processes import free_port

INTAKES = 12
TROUBLE = ("Traceback", "Task was destroyed", "Unclosed", '"level": "ERROR"')


@dataclass
class Service:
    proc: asyncio.subprocess.Process
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def workers(self) -> list[int]:
        """The supervisor's child processes (Linux: /proc/<pid>/task/<pid>/children)."""
        pid = self.proc.pid
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


def listening_sockets(port: int) -> int:
    """How many sockets listen on 127.0.0.1:`port` (each worker binds its own, with SO_REUSEPORT)."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for r in rows if r.split()[1] == f"0100007F:{port:04X}" and r.split()[3] == "0A")


@pytest.fixture
async def service(database_url: str, connector: tuple[FakeConnector, str], tmp_path: Path) -> AsyncIterator[Service]:
    await department_remembered(database_url)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MicrosoftApp", "MICROSOFT_APP"))}
    port, log = free_port(), tmp_path / "serve.log"
    env |= {"HOST": "127.0.0.1", "PORT": str(port), "DATABASE_URL": database_url, "WEB_WORKERS": "2"}
    env |= {"SUPPORT_TEAM_IDS": "aad-support", "SPOOL_DIR": str(tmp_path / "spool"), "LOG_LEVEL": "INFO"}
    with log.open("w") as out:  # cwd without a .env file
        proc = await asyncio.create_subprocess_exec(
            str(Path(sys.executable).parent / "consult"), "serve", cwd=tmp_path, env=env, stdout=out, stderr=out
        )
    served = Service(proc, port, log)
    try:
        await wait_until_both_listen(served)
        yield served
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def wait_until_both_listen(service: Service) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(300):
            if service.proc.returncode is not None:
                pytest.fail(f"consult serve exited with {service.proc.returncode}: {service.log.read_text()}")
            if listening_sockets(service.port) == 2:
                async with session.get(f"{service.url}/healthz") as r:
                    if r.status == 200:
                        return
            await asyncio.sleep(0.1)
    pytest.fail(f"two workers did not start listening: {service.log.read_text()}")


async def stopped(service: Service, sig: signal.Signals = signal.SIGTERM, times: int = 1) -> int:
    workers = service.workers()
    for _ in range(times):
        service.proc.send_signal(sig)
    code = await asyncio.wait_for(service.proc.wait(), 30)
    assert not [pid for pid in workers if alive(pid)]  # no worker left behind
    return code


async def test_two_workers_share_the_port_and_take_concurrent_intakes(
    service: Service, connector: tuple[FakeConnector, str]
) -> None:
    fake, url = connector
    assert len(service.workers()) == 2 and listening_sockets(service.port) == 2

    async def intake(i: int) -> int:
        activity = a.message(url, f"{CLEAR_BPR}（{i}）")
        activity["id"] = f"worker-intake-{i}"
        async with aiohttp.ClientSession() as session:  # a new connection each: the kernel spreads them
            async with session.post(f"{service.url}/api/messages", json=activity) as r:
                return r.status

    statuses = await asyncio.gather(*(intake(i) for i in range(INTAKES)))
    await fake.wait_for(lambda: len([s for s in fake.sent if s.cards]) >= INTAKES, timeout=30)

    assert statuses == [201] * INTAKES
    numbers = {card_number(s.cards[0]) for s in fake.sent if s.cards}
    assert len(numbers) == INTAKES
    assert await stopped(service, times=2) == 0  # a second SIGTERM is not passed on during the shutdown
    log = service.log.read_text()
    assert log.count("Consult Bot listening on") == 2
    assert not [line for line in log.splitlines() if any(t in line for t in TROUBLE)]


async def test_a_worker_that_dies_stops_the_service_with_a_failing_code(service: Service) -> None:
    first, second = service.workers()
    os.kill(first, signal.SIGKILL)

    code = await asyncio.wait_for(service.proc.wait(), 30)

    assert code != 0
    assert not alive(second)


def card_number(card: dict) -> str:
    found = re.search(r"R\d+-\d{4}", str(card))
    assert found is not None
    return found.group(0)
