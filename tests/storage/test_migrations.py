"""Alembic is the only way the schema is made: empty -> head -> base -> head, and no drift from the ORM."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from storage.db import make_engine
from storage.migrate import downgrade, upgrade
from storage.orm import Base

TABLES = {"consultations", "consultation_events", "number_sequences", "conversation_refs", "bot_state", "profiles"}


async def test_upgrade_downgrade_upgrade_and_no_drift(database_url: str) -> None:
    engine = make_engine(database_url, null_pool=True)
    try:
        await downgrade(engine, "base")
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
        assert tables <= {"alembic_version"}
        await upgrade(engine)
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
            diff = await conn.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c, opts={"compare_type": True}), Base.metadata)
            )
        assert TABLES <= tables
        assert diff == []
    finally:
        await engine.dispose()
