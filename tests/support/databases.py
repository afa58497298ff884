"""The test databases: which ones the suite runs on (TEST_DATABASES), and PostgreSQL administration (create and drop
databases from a template) on the server at TEST_POSTGRES_URL."""

import asyncio
import os
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import make_engine, make_sessionmaker
from storage.uow import SqlUnitOfWorkFactory
from tests.support.clocks import DEFAULT_NOW

T = TypeVar("T")

PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
DATABASES = [d for d in os.environ.get("TEST_DATABASES", "sqlite,postgresql").split(",") if d]


def run_sync(coro_fn: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine function to completion in its own loop and thread (session fixtures are sync)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coro_fn())).result()


async def pg_admin(sql: str) -> None:
    """Run one statement on the PostgreSQL server outside a transaction (CREATE/DROP DATABASE, pg_terminate_backend)."""
    engine = make_engine(PG_ADMIN_URL, null_pool=True)
    try:
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(sql))
    finally:
        await engine.dispose()


def pg_url(name: str) -> str:
    """The URL of database `name` on the test server."""
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


async def department_remembered(
    database_url: str, person_id: str = "aad-requester", department: str = "総務課"
) -> None:
    """As if `person_id` had answered the 所属 question before, written from outside the app (a process under test):
    their message then becomes a consultation at once."""
    engine = make_engine(database_url, null_pool=True)
    try:
        async with SqlUnitOfWorkFactory(make_sessionmaker(engine))() as u:
            await u.profiles.remember_department(person_id, department, DEFAULT_NOW)
    finally:
        await engine.dispose()
