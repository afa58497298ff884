"""The support team's roster: membership from configured ids and the synced Teams team (SQL), cached per process."""

import asyncio
import functools
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import Activity, ActivityTypes

from bot.domain.consultation import Person
from bot.domain.ports import Clock, UnitOfWorkFactory
from bot.teams.proactive import run_in_conversation, with_retries
from bot.teams.translate import json_object

log = logging.getLogger("consult.roster")
PAGE_SIZE = 100
MAX_NAME = 200
ROSTER_EVENTS = frozenset({"teamMemberAdded", "teamMemberRemoved"})


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


async def sync_roster(
    adapter: BotAdapter,
    app_id: str,
    team_reference: dict,
    uow: UnitOfWorkFactory,
    clock: Clock,
    *,
    team_id: str = "",
) -> int:
    """Read the team's members page by page (100 at a time, retrying throttling) and make them the roster (their
    names also go to the people store).
    `team_reference` is a stored reference of a conversation in the team (its channel, or the team itself);
    `team_id` (channelData.team.id), when known, names the team directly. Returns the number of members stored.
    An empty member list is not stored (a team always has members: it means the wrong conversation).
    Raises the connector's error when the members cannot be read."""
    reference = dict(team_reference)
    conversation = dict(reference.get("conversation") or {})
    conversation["id"] = str(conversation.get("id") or "").split(";messageid=", 1)[0]  # the channel, not a thread
    reference["conversation"] = conversation

    async def read_members(ctx: TurnContext) -> list[Person]:
        ctx.activity.channel_data = {"team": {"id": team_id}} if team_id else {}
        people: list[Person] = []
        token: str | None = None
        while True:
            page = await with_retries(
                functools.partial(TeamsInfo.get_paged_members, ctx, token, PAGE_SIZE), what="roster_page"
            )
            people.extend(_person(m) for m in page.members or [])
            token = page.continuation_token
            if not token:
                return people

    people = await run_in_conversation(adapter, reference, app_id, read_members)
    if not people:
        log.warning("roster sync read no members; roster kept", extra={"conversation_id": conversation["id"]})
        return 0
    async with uow() as unit:
        count = await unit.support_members.replace_roster(people, clock.now())
        await unit.people.remember(people, clock.now())  # the roster's names are Teams' current ones
    log.info("roster synced", extra={"conversation_id": conversation["id"], "members": count})
    return count


def is_roster_event(activity: Activity, team_id: str = "") -> bool:
    """A conversationUpdate telling that someone joined or left a team (of `team_id`, when given)."""
    if activity is None or activity.type != ActivityTypes.conversation_update:
        return False
    data = json_object(activity.channel_data)
    if data.get("eventType") not in ROSTER_EVENTS:
        return False
    team = json_object(data.get("team"))
    return not team_id or team.get("id") == team_id


def _person(member: object) -> Person:
    teams_id = getattr(member, "id", None) or ""
    aad = getattr(member, "aad_object_id", None) or ""
    return Person(id=aad or teams_id, name=(getattr(member, "name", None) or "")[:MAX_NAME], teams_id=teams_id)
