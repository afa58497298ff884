"""The support team's roster, for both hosts: membership from configured ids and the synced Teams team (SQL),
cached per process; what a roster sync stores, and when a membership change calls for one. Reading a team's members
is each host's own (bot/teams/roster.py, bot/agents/roster.py)."""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.deps import Deps
from bot.domain.consultation import Person
from bot.domain.ports import Clock, UnitOfWorkFactory
from bot.edge.translate import json_object
from bot.services import channels

log = logging.getLogger("consult.roster")
PAGE_SIZE = 100
MAX_NAME = 200
ROSTER_EVENTS = frozenset({"teamMemberAdded", "teamMemberRemoved"})
ReadTeam = Callable[[dict[str, Any], str], Awaitable[list[Person]]]  # (reference of the team's channel, team id)


@dataclass(frozen=True)
class _Snapshot:
    members: tuple[Person, ...]
    ids: frozenset[str]  # Entra object ids and Teams user ids of the members
    loaded_at: datetime


class SupportRoster:
    """Implements bot.domain.ports.SupportRoster: configured ids plus the `support_members` rows. The rows are read
    into a snapshot that is reloaded when older than `ttl_seconds`, so several bot instances converge after a sync."""

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, configured_ids: frozenset[str], ttl_seconds: float = 60
    ) -> None:
        self._uow, self._clock, self._ttl = uow, clock, ttl_seconds
        self._configured = frozenset(i for i in configured_ids if i)
        self._snapshot: _Snapshot | None = None
        self._generation = 0  # bumped by invalidate(), so a load that started before it is not kept
        self._lock = asyncio.Lock()

    async def is_member(self, person_ids: Iterable[str]) -> bool:
        ids = {i for i in person_ids if i}
        if not ids:
            return False
        if not ids.isdisjoint(self._configured):
            return True
        return not ids.isdisjoint((await self._current()).ids)

    async def members(self) -> Sequence[Person]:
        """Roster members (with names, ordered by name), then configured ids that have no row (name "")."""
        snapshot = await self._current()
        extra = [Person(i, "", i if i.startswith("29:") else "") for i in sorted(self._configured - snapshot.ids)]
        return [*snapshot.members, *extra]

    def invalidate(self) -> None:
        """Forget the snapshot: the next call reads SQL again (after a sync, or a membership change)."""
        self._snapshot = None
        self._generation += 1

    async def _current(self) -> _Snapshot:
        snapshot = self._snapshot
        if snapshot is not None and self._fresh(snapshot):
            return snapshot
        async with self._lock:  # one reload at a time; the others use its result
            snapshot = self._snapshot
            if snapshot is not None and self._fresh(snapshot):
                return snapshot
            generation = self._generation
            async with self._uow() as uow:
                members = tuple(await uow.support_members.all())
            ids = frozenset({m.id for m in members} | {m.teams_id for m in members if m.teams_id})
            snapshot = _Snapshot(members, ids, self._clock.now())
            if generation == self._generation:
                self._snapshot = snapshot
            return snapshot

    def _fresh(self, snapshot: _Snapshot) -> bool:
        age = (self._clock.now() - snapshot.loaded_at).total_seconds()
        return 0 <= age < self._ttl


def channel_reference(team_reference: dict) -> dict:
    """A stored reference of a conversation in the team, pointed at its channel (not a thread in it)."""
    reference = dict(team_reference)
    conversation = dict(reference.get("conversation") or {})
    conversation["id"] = str(conversation.get("id") or "").split(";messageid=", 1)[0]
    reference["conversation"] = conversation
    return reference


async def store_roster(people: list[Person], conversation_id: str, uow: UnitOfWorkFactory, clock: Clock) -> int:
    """Make `people` the roster (their names also go to the people store: the roster's names are Teams' current
    ones). An empty member list is not stored (a team always has members: it means the wrong conversation). Returns
    the number of members stored."""
    if not people:
        log.warning("roster sync read no members; roster kept", extra={"conversation_id": conversation_id})
        return 0
    async with uow() as unit:
        count = await unit.support_members.replace_roster(people, clock.now())
        await unit.people.remember(people, clock.now())
    log.info("roster synced", extra={"conversation_id": conversation_id, "members": count})
    return count


async def sync_support_team(deps: Deps, conversation_id: str, read_team: ReadTeam) -> int:
    """Read the members of the team that `conversation_id` belongs to into the support team (`read_team` reads a
    team's members with the host's SDK)."""
    async with deps.uow() as u:
        reference = await u.conversation_refs.get(conversation_id)
    if reference is None:
        return 0
    team_id = str((reference.get("conversation") or {}).get("id") or "").split(";")[0]
    settings = await channels.all_settings(deps.uow, deps.configured_channels)
    team = next((s.team_id or s.channel_id for s in settings if s.purpose == channels.SUPPORT_TEAM), team_id)
    reference = channel_reference(reference)
    count = await store_roster(await read_team(reference, team), reference["conversation"]["id"], deps.uow, deps.clock)
    deps.roster.invalidate()
    return count


async def resync_if_support_team(deps: Deps, conversation_id: str) -> None:
    """Membership changed in some team: re-read the support team if it is that team."""
    if deps.sync_roster is None:
        return
    settings = await channels.all_settings(deps.uow, deps.configured_channels)
    team = next((s for s in settings if s.purpose == channels.SUPPORT_TEAM), None)
    if team is not None and conversation_id.split(";")[0] in (team.channel_id, team.team_id):
        await deps.sync_roster(conversation_id)


def is_roster_event(activity: Any, team_id: str = "") -> bool:
    """A conversationUpdate telling that someone joined or left a team (of `team_id`, when given)."""
    if activity is None or activity.type != "conversationUpdate":
        return False
    data = json_object(activity.channel_data)
    if data.get("eventType") not in ROSTER_EVENTS:
        return False
    team = json_object(data.get("team"))
    return not team_id or team.get("id") == team_id


def person_of(member: object) -> Person:
    teams_id = getattr(member, "id", None) or ""
    aad = getattr(member, "aad_object_id", None) or ""
    return Person(id=aad or teams_id, name=(getattr(member, "name", None) or "")[:MAX_NAME], teams_id=teams_id)
