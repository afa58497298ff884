"""People's display names in SQL: one row per person, written only when a fresher, different name is seen."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.consultation import Person
from bot.domain.people import shown_name
from storage.conflicts import conflict_insert
from storage.db import rowcount
from storage.orm import PersonRow, table_of

PEOPLE = table_of(PersonRow)
P = PEOPLE.c
MAX_IDS = 500  # per look-up statement (bound parameters stay far below every driver's limit)
MAX_ROWS = 1000  # per INSERT (4 parameters a row)


class SqlPeopleRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def remember(self, people: Sequence[Person], now: datetime) -> int:
        """One multi-row INSERT … ON CONFLICT (per 1,000 people): new people are inserted; a known person's row is
        updated only when the name or Teams id differs and the stored name is not newer. People without a name are
        skipped (an empty name never hides a known one); a Teams id is never replaced by an empty one."""
        rows: dict[str, dict[str, Any]] = {}
        for person in people:
            name = shown_name(person.name)
            if person.id and name:
                rows[person.id] = {
                    "person_id": person.id,
                    "teams_id": person.teams_id,
                    "display_name": name,
                    "updated_at": now,
                }
        values, written = list(rows.values()), 0
        for start in range(0, len(values), MAX_ROWS):
            stmt = conflict_insert(self._s, PEOPLE).values(values[start : start + MAX_ROWS])
            new = stmt.excluded
            teams_id = case((new.teams_id != "", new.teams_id), else_=P.teams_id)
            stmt = stmt.on_conflict_do_update(
                index_elements=[P.person_id],
                set_={"display_name": new.display_name, "teams_id": teams_id, "updated_at": new.updated_at},
                where=(P.updated_at <= new.updated_at)
                & ((P.display_name != new.display_name) | ((new.teams_id != "") & (P.teams_id != new.teams_id))),
            )
            written += max(rowcount(await self._s.execute(stmt)), 0)
        return written

    async def names_of(self, ids: Iterable[str]) -> Mapping[str, str]:
        wanted = sorted({i for i in ids if i})
        found: dict[str, str] = {}
        for start in range(0, len(wanted), MAX_IDS):
            chunk = wanted[start : start + MAX_IDS]
            stmt = select(P.person_id, P.teams_id, P.display_name).where(
                or_(P.person_id.in_(chunk), P.teams_id.in_(chunk))
            )
            asked = set(chunk)
            for person_id, teams_id, name in await self._s.execute(stmt):
                if person_id in asked:
                    found[person_id] = name
                if teams_id and teams_id in asked:
                    found.setdefault(teams_id, name)
        return found
