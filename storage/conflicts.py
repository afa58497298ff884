"""INSERT ... ON CONFLICT in the dialect of a session's database (SQLite and PostgreSQL share the syntax)."""

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def conflict_insert(session: AsyncSession, table: Any) -> Any:
    """`insert(table)` with `.on_conflict_do_nothing()` / `.on_conflict_do_update()` for the session's database."""
    dialect = session.get_bind().dialect.name
    target: Table = getattr(table, "__table__", table)
    return (postgresql if dialect == "postgresql" else sqlite).insert(target)
