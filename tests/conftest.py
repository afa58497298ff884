"""Shared fixtures: a migrated database per test (SQLite file and PostgreSQL), the app on loopback, a fake connector."""

import asyncio
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.settings import Settings
from storage.db import make_engine
from storage.migrate import upgrade
from tests.fake_connector import FakeConnector
from tests.support.clocks import DEFAULT_NOW, FixedClock, TickingClock

if TYPE_CHECKING:
    from storage.uow import SqlUnitOfWorkFactory


def run_sync(coro_fn):  # type: ignore[no-untyped-def]
    """Run a coroutine function to completion in its own loop and thread (session fixtures are sync)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coro_fn())).result()


PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
DATABASES = [d for d in os.environ.get("TEST_DATABASES", "sqlite,postgresql").split(",") if d]


@pytest.fixture(autouse=True)
def _no_real_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never build a production-authenticated adapter by accident, nor read a developer's .env."""
    for name in ("MicrosoftAppId", "MicrosoftAppPassword", "MicrosoftAppTenantId", "DATABASE_URL", "SUPPORT_TEAM_IDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(Path(__file__).parent)  # no .env here


@pytest.fixture
def clock() -> FixedClock:
    """The suite's instant, standing still (Saturday 2026-11-28 10:00 JST, fiscal year R8)."""
    return FixedClock(DEFAULT_NOW)


@pytest.fixture
def app_clock() -> TickingClock:
    """The clock of the app under test: the suite's instant, then ticking (never the machine's date)."""
    return TickingClock(DEFAULT_NOW)


# --- databases -----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"

    async def build() -> None:
        engine = make_engine(f"sqlite+aiosqlite:///{path}", null_pool=True)
        await upgrade(engine)
        await engine.dispose()

    run_sync(build)
    return path


async def _pg_admin(sql: str) -> None:
    engine = make_engine(PG_ADMIN_URL, null_pool=True)
    try:
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(sql))
    finally:
        await engine.dispose()


def _pg_url(name: str) -> str:
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    name = f"consult_tpl_{uuid.uuid4().hex[:8]}"

    async def build() -> None:
        await _pg_admin(f'CREATE DATABASE "{name}"')
        engine = make_engine(_pg_url(name), null_pool=True)
        await upgrade(engine)
        await engine.dispose()

    try:
        run_sync(build)
    except OSError as e:  # fail, never skip: PostgreSQL is part of the test environment
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {e}. Start it (see .ci/run).")
    yield name
    run_sync(lambda: _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=DATABASES)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A freshly migrated, empty database for one test."""
    if request.param == "sqlite":
        path = tmp_path / "consult.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    template = request.getfixturevalue("pg_template")
    name = f"consult_t_{uuid.uuid4().hex[:10]}"
    await _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield _pg_url(name)
    await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the app on loopback with a fake connector --------------------------------------------------------------------


@dataclass
class Harness:
    client: TestClient
    connector: FakeConnector
    service_url: str
    app: web.Application
    clock: "TickingClock"

    async def post(self, activity: dict, headers: dict | None = None):  # type: ignore[no-untyped-def]
        return await self.client.post("/api/messages", json=activity, headers=headers)


@pytest.fixture
async def connector() -> AsyncIterator[tuple[FakeConnector, str]]:
    fake = FakeConnector()
    server = TestServer(fake.app(), host="127.0.0.1")
    await server.start_server()
    fake.url = str(server.make_url("/")).rstrip("/") + "/"
    yield fake, fake.url
    await server.close()


def make_settings(database_url: str, **overrides: object) -> Settings:
    spool = tempfile.mkdtemp(prefix="consult-spool-")  # never under the working tree
    values = {"database_url": database_url, "support_team_ids": ("aad-support",), "spool_dir": spool, **overrides}
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
async def harness(
    database_url: str, connector: tuple[FakeConnector, str], app_clock: TickingClock
) -> AsyncIterator[Harness]:
    from app import create_app

    fake, url = connector
    app = create_app(make_settings(database_url), clock=app_clock)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    yield Harness(client, fake, url, app, app_clock)
    await client.close()


@pytest.fixture
async def uow(database_url: str) -> AsyncIterator["SqlUnitOfWorkFactory"]:
    """Units of work on the test's database (a pooled engine, disposed afterwards)."""
    from storage.db import make_sessionmaker
    from storage.uow import SqlUnitOfWorkFactory

    engine = make_engine(database_url)
    yield SqlUnitOfWorkFactory(make_sessionmaker(engine))
    await engine.dispose()


@pytest.fixture
async def postgres_url(pg_template: str) -> AsyncIterator[str]:
    """A fresh migrated PostgreSQL database (for tests that need a server, e.g. to cut its connections)."""
    name = f"consult_t_{uuid.uuid4().hex[:10]}"
    await _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    yield _pg_url(name)
    await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
