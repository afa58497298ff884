"""INSERT ... ON CONFLICT in the dialect of a session's database (SQLite and PostgreSQL share the syntax)."""

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.orm import Base, table_of

ConflictInsert = postgresql.Insert | sqlite.Insert


def conflict_insert(session: AsyncSession, table: type[Base] | Table) -> ConflictInsert:
    """`insert(table)` with `.on_conflict_do_nothing()` / `.on_conflict_do_update()` for the session's database."""
    target = table if isinstance(table, Table) else table_of(table)
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(target)
    return sqlite.insert(target)
