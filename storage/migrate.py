"""Apply Alembic migrations programmatically (start-up, `consult migrate`, tests) through connection sharing."""

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

import migrations

SCRIPTS = Path(migrations.__file__).resolve().parent  # shipped in the package, so an installed bot can migrate
MIGRATION_LOCK = 7_361_626_575  # PostgreSQL advisory lock: replicas starting together migrate one at a time


def alembic_config(url: str = "") -> Config:
    """The same settings as [tool.alembic] in pyproject.toml (used by the `alembic` command in development)."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        await run_command(conn, command.upgrade, revision)


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    async with engine.begin() as conn:
        await run_command(conn, command.downgrade, revision)


async def run_command(conn: AsyncConnection, fn: Callable[..., None], *args: object) -> None:
    def _run(sync_conn: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = sync_conn
        fn(config, *args)

    await conn.run_sync(_run)
