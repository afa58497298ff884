"""The support team's members in SQL: the configured team's roster (replaced on each sync) and configured people."""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.consultation import Person
from storage.conflicts import ConflictInsert, conflict_insert
from storage.orm import SupportMemberRow

ROSTER = "roster"
CONFIG = "config"
SOURCES = (ROSTER, CONFIG)
MAX_NAME = 200


class SqlSupportMembers:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def replace_roster(self, members: Sequence[Person], now: datetime) -> int:
        """Make the roster rows exactly `members` (in the caller's transaction). A configured person who is also on
        the roster keeps source 'config' (so they stay when they leave the team) and gets the roster's name.
        Returns the number of distinct members written."""
        unique = {m.id: m for m in members if m.id}
        await self._s.execute(delete(SupportMemberRow).where(SupportMemberRow.source == ROSTER))
        if unique:
            rows = [_values(m, ROSTER, now) for m in unique.values()]
            stmt = self._insert()
            stmt = stmt.on_conflict_do_update(
                index_elements=[SupportMemberRow.person_id],
                set_={"teams_id": stmt.excluded.teams_id, "name": stmt.excluded.name, "updated_at": now},
            )
            await self._s.execute(stmt, rows)
        return len(unique)

    async def upsert(self, person: Person, source: str, now: datetime) -> None:
        if source not in SOURCES:
            raise ValueError(f"unknown support member source {source!r}")
        stmt = self._insert().values(**_values(person, source, now))
        stmt = stmt.on_conflict_do_update(
            index_elements=[SupportMemberRow.person_id],
            set_={"teams_id": person.teams_id, "name": person.name[:MAX_NAME], "source": source, "updated_at": now},
        )
        await self._s.execute(stmt)

    async def remove(self, person_id: str) -> None:
        await self._s.execute(delete(SupportMemberRow).where(SupportMemberRow.person_id == person_id))

    async def all(self) -> list[Person]:
        """Ordered by name, then id, by code point (the same on every backend, whatever the collation)."""
        people = [
            Person(r.person_id, r.name, r.teams_id) for r in (await self._s.execute(select(SupportMemberRow))).scalars()
        ]
        return sorted(people, key=lambda p: (p.name, p.id))

    async def contains_any(self, ids: Iterable[str]) -> bool:
        """True when any id is a member's Entra object id or Teams user id."""
        wanted = sorted({i for i in ids if i})
        if not wanted:
            return False
        stmt = (
            select(SupportMemberRow.person_id)
            .where(or_(SupportMemberRow.person_id.in_(wanted), SupportMemberRow.teams_id.in_(wanted)))
            .limit(1)
        )
        return (await self._s.execute(stmt)).first() is not None

    def _insert(self) -> ConflictInsert:
        return conflict_insert(self._s, SupportMemberRow)


def _values(person: Person, source: str, now: datetime) -> dict[str, Any]:
    return {
        "person_id": person.id,
        "teams_id": person.teams_id,
        "name": person.name[:MAX_NAME],
        "source": source,
        "updated_at": now,
    }
