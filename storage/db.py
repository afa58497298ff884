"""The engine: one per process, with SQLite's transaction hooks, and the session factory."""

import logging
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, CursorResult, Result, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry, NullPool, PoolProxiedConnection

IDLE_PING_SECONDS = 5.0
STANDALONE = "consult_standalone"  # an execution option: no transaction is begun (see standalone_of)


def make_engine(url: str, *, null_pool: bool = False, idle_ping_seconds: float = IDLE_PING_SECONDS) -> AsyncEngine:
    """An async engine for `url`; a SQLite file's folder is created, and SQLAlchemy emits BEGIN itself."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {"poolclass": NullPool} if null_pool else {}
    kwargs["hide_parameters"] = True  # consultation text must never reach logs through SQL errors
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {})["timeout"] = 30
        if not null_pool:  # one writer at a time anyway (BEGIN IMMEDIATE): queue in the pool, not in SQLite's retries
            kwargs.update(pool_size=1, max_overflow=0)
        # aiosqlite's DEBUG records carry SQL parameters (consultation text): never let them through.
        logging.getLogger("aiosqlite").setLevel(max(logging.INFO, logging.getLogger("aiosqlite").level))
        engine = create_async_engine(url, **kwargs)
        install_sqlite_hooks(engine)
        return engine
    engine = create_async_engine(url, **kwargs)
    if not null_pool:
        install_idle_ping(engine, idle_ping_seconds)
    return engine


def install_idle_ping(engine: AsyncEngine, idle_seconds: float = IDLE_PING_SECONDS) -> None:
    """Pessimistic disconnect handling, only where it is needed: a pooled connection unused for `idle_seconds` is
    pinged when checked out, and a dead one is replaced before the caller sees it (a server restart, a connection a
    firewall dropped). A busy pool is not pinged: `pool_pre_ping` would add a round trip to every transaction."""
    pool = engine.sync_engine.pool
    dialect = engine.sync_engine.dialect

    @event.listens_for(pool, "checkin")
    def _checked_in(dbapi_connection: DBAPIConnection | None, record: ConnectionPoolEntry) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _checked_out(
        dbapi_connection: DBAPIConnection, record: ConnectionPoolEntry, proxy: PoolProxiedConnection
    ) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < idle_seconds:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError("pooled connection is dead") from error
        if not alive:
            raise DisconnectionError("pooled connection is dead")


def install_sqlite_hooks(engine: AsyncEngine) -> None:
    """SQLAlchemy docs, "Serializable isolation / Savepoints / Transactional DDL": let SQLAlchemy emit BEGIN,
    so savepoints and rollbacks work, and enable foreign keys and WAL for concurrent readers."""

    @event.listens_for(engine.sync_engine, "connect")
    def _connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:  # aiosqlite's adapted sqlite3 connection
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(conn: Connection) -> None:
        if not conn.get_execution_options().get(STANDALONE):
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def standalone_of(engine: AsyncEngine) -> AsyncEngine:
    """The same engine (same pool) for statements outside any transaction, each atomic on its own: PostgreSQL in
    AUTOCOMMIT (no BEGIN / COMMIT round trips), SQLite without BEGIN IMMEDIATE (a read takes no write lock)."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(**{STANDALONE: True})
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def rowcount(result: Result[*tuple[Any, ...]]) -> int:
    """The rows an INSERT, UPDATE or DELETE matched. `Session.execute` returns a CursorResult for those, but is typed
    as returning any Result."""
    if not isinstance(result, CursorResult):
        raise TypeError(f"not the result of a DML statement: {type(result).__name__}")
    return result.rowcount


async def database_ok(engine: AsyncEngine) -> bool:
    """True when a trivial query succeeds (for /healthz)."""
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
