"""Shared fixtures: a migrated database per test (SQLite file and PostgreSQL), the app on loopback, a fake connector,
the network guard. Fixtures only: their helpers live in tests/support."""

import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from aiohttp.test_utils import TestClient, TestServer

from storage.db import make_engine
from storage.migrate import upgrade
from tests.support.clocks import DEFAULT_NOW, FixedClock, TickingClock
from tests.support.databases import DATABASES, PG_ADMIN_URL, pg_admin, pg_url, run_sync
from tests.support.fake_connector import FakeConnector
from tests.support.harness import Harness, make_settings
from tests.support.network import guard_loopback

if TYPE_CHECKING:
    from storage.uow import SqlUnitOfWorkFactory


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`lean_matrix` tests leave out the Agents SDK × PostgreSQL pair (the feature's own code is host-free and is
    covered on PostgreSQL by the botbuilder run and on the Agents SDK by the SQLite run; the four pairs that must
    all run intake, card actions, proactive notices and authentication are not marked). Deselected, so the run
    reports how many were left out."""
    left_out = [item for item in items if item.get_closest_marker("lean_matrix") and _agents_on_postgresql(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if item not in left_out]


def _agents_on_postgresql(item: pytest.Item) -> bool:
    """The Agents SDK × PostgreSQL pair of an integration test; for a browser test (SQLite only), its Agents SDK run
    (the feature's integration tests cover that host)."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    if "bot_server" in params:  # tests/e2e: the bot_server fixture's host
        return params["bot_server"] == "agents"
    return params.get("bot_host") == "agents" and params.get("database_url") == "postgresql"


@pytest.fixture(autouse=True)
def _no_real_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never build a production-authenticated adapter by accident, nor read a developer's .env."""
    for name in (
        "MicrosoftAppId",
        "MicrosoftAppPassword",
        "MicrosoftAppTenantId",
        "DATABASE_URL",
        "SUPPORT_TEAM_IDS",
        "BOT_HOST",
    ):
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


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    name = f"consult_tpl_{uuid.uuid4().hex[:8]}"

    async def build() -> None:
        await pg_admin(f'CREATE DATABASE "{name}"')
        engine = make_engine(pg_url(name), null_pool=True)
        await upgrade(engine)
        await engine.dispose()

    try:
        run_sync(build)
    except OSError as e:  # fail, never skip: PostgreSQL is part of the test environment
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {e}. Start it (see .ci/run).")
    yield name
    run_sync(lambda: pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


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
    await pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield pg_url(name)
    await pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the app on loopback with a fake connector --------------------------------------------------------------------


@pytest.fixture
async def connector() -> AsyncIterator[tuple[FakeConnector, str]]:
    fake = FakeConnector()
    server = TestServer(fake.app(), host="127.0.0.1")
    await server.start_server()
    fake.url = str(server.make_url("/")).rstrip("/") + "/"
    yield fake, fake.url
    await server.close()


@pytest.fixture
def bot_host(request: pytest.FixtureRequest) -> str:
    """The host (BOT_HOST) of the app under test: botbuilder, or each of TEST_HOSTS for a test marked `both_hosts`."""
    return str(getattr(request, "param", "botbuilder"))


@pytest.fixture
def harness_settings() -> dict[str, object]:
    """Settings the `harness` app gets besides make_settings' (a test module overrides this fixture to add some)."""
    return {}


@pytest.fixture
async def harness(
    database_url: str,
    connector: tuple[FakeConnector, str],
    app_clock: TickingClock,
    bot_host: str,
    harness_settings: dict[str, object],
) -> AsyncIterator[Harness]:
    from app import create_app

    fake, url = connector
    app = create_app(make_settings(database_url, bot_host, **harness_settings), clock=app_clock)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    yield Harness(client, fake, url, app, app_clock, bot_host)
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
    await pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    yield pg_url(name)
    await pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- nothing leaves loopback ------------------------------------------------------------------------------------


@pytest.fixture
def network_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every name look-up and connection outside loopback is refused (tests/support/network.py), and fails the test
    even if the code under test swallowed the error. Yields the refused hosts (a test may inspect and clear them)."""
    guard = guard_loopback(monkeypatch)
    yield guard.attempts
    guard.check()


@pytest.fixture
def env_db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The test database as the `consult` command finds it (DATABASE_URL)."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    return database_url
