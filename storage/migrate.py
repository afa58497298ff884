"""Apply Alembic migrations programmatically (start-up, `consult migrate`, tests) through connection sharing."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(url: str = "") -> Config:
    config = Config(toml_file=str(ROOT / "pyproject.toml"))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    async with engine.begin() as conn:
        await run_command(conn, command.upgrade, revision)


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    async with engine.begin() as conn:
        await run_command(conn, command.downgrade, revision)


async def run_command(conn: AsyncConnection, fn, *args: object) -> None:  # type: ignore[no-untyped-def]
    def _run(sync_conn):  # type: ignore[no-untyped-def]
        config = alembic_config()
        config.attributes["connection"] = sync_conn
        fn(config, *args)

    await conn.run_sync(_run)
