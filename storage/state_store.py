"""Key/value documents in SQL for conversation and user state (the botbuilder Storage sits on top of this)."""

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.orm import BotStateRow


class SqlStateStore:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def read(self, keys: Iterable[str]) -> dict[str, str]:
        keys = list(keys)
        if not keys:
            return {}
        rows = await self._s.execute(select(BotStateRow.key, BotStateRow.data).where(BotStateRow.key.in_(keys)))
        return {key: data for key, data in rows}

    async def write(self, documents: Mapping[str, str], *, now: datetime) -> None:
        for key, data in documents.items():
            row = await self._s.get(BotStateRow, key)
            if row is None:
                self._s.add(BotStateRow(key=key, data=data, etag=1, updated_at=now))
            elif row.data != data:
                row.data, row.etag, row.updated_at = data, row.etag + 1, now
        await self._s.flush()

    async def delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        if keys:
            await self._s.execute(delete(BotStateRow).where(BotStateRow.key.in_(keys)))
