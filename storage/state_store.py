"""Key/value documents in SQL for conversation and user state (the botbuilder Storage sits on top of this)."""

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.conflicts import conflict_insert
from storage.orm import BotStateRow, table_of

STATE = table_of(BotStateRow)


class SqlStateStore:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def read(self, keys: Iterable[str]) -> dict[str, str]:
        keys = list(keys)
        if not keys:
            return {}
        rows = await self._s.execute(select(STATE.c.key, STATE.c.data).where(STATE.c.key.in_(keys)))
        return {key: data for key, data in rows}

    async def write(self, documents: Mapping[str, str], *, now: datetime) -> None:
        """Insert or replace each document; an unchanged document is not rewritten (its etag stays)."""
        for key, data in documents.items():
            stmt = conflict_insert(self._s, STATE).values(key=key, data=data, etag=1, updated_at=now)
            stmt = stmt.on_conflict_do_update(
                index_elements=[STATE.c.key],
                set_={"data": stmt.excluded.data, "etag": STATE.c.etag + 1, "updated_at": stmt.excluded.updated_at},
                where=STATE.c.data != stmt.excluded.data,
            )
            await self._s.execute(stmt)

    async def delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if keys:
            await self._s.execute(delete(STATE).where(STATE.c.key.in_(keys)))
