"""The test databases: which ones the suite runs on (TEST_DATABASES), and PostgreSQL administration (create and drop
databases from a template) on the server at TEST_POSTGRES_URL."""

import asyncio
import os
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import make_engine

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
