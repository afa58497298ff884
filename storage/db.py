"""The engine: one per process, with SQLite's transaction hooks, and the session factory."""

import logging
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool


def make_engine(url: str, *, null_pool: bool = False) -> AsyncEngine:
    """An async engine for `url`; a SQLite file's folder is created, and SQLAlchemy emits BEGIN itself."""
    parsed = make_url(url)
    kwargs: dict = {"poolclass": NullPool} if null_pool else {"pool_pre_ping": True}
    kwargs["hide_parameters"] = True  # consultation text must never reach logs through SQL errors
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {})["timeout"] = 30
        if not null_pool:  # one writer at a time anyway (BEGIN IMMEDIATE): queue in the pool, not in SQLite's retries
            kwargs.update(pool_size=1, max_overflow=0, pool_pre_ping=False)
        # aiosqlite's DEBUG records carry SQL parameters (consultation text): never let them through.
        logging.getLogger("aiosqlite").setLevel(max(logging.INFO, logging.getLogger("aiosqlite").level))
        engine = create_async_engine(url, **kwargs)
        install_sqlite_hooks(engine)
        return engine
    return create_async_engine(url, **kwargs)


def install_sqlite_hooks(engine: AsyncEngine) -> None:
    """SQLAlchemy docs, "Serializable isolation / Savepoints / Transactional DDL": let SQLAlchemy emit BEGIN,
    so savepoints and rollbacks work, and enable foreign keys and WAL for concurrent readers."""

    @event.listens_for(engine.sync_engine, "connect")
    def _connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def database_ok(engine: AsyncEngine) -> bool:
    """True when a trivial query succeeds (for /healthz)."""
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
