"""Reading a Teams team's members with botbuilder, for the shared roster sync (bot/edge/roster.py)."""

import functools

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.core.teams import TeamsInfo

from bot.domain.consultation import Person
from bot.domain.ports import Clock, UnitOfWorkFactory
from bot.edge.roster import (  # noqa: F401  (SupportRoster and is_roster_event re-exported for their users)
    PAGE_SIZE,
    SupportRoster,
    channel_reference,
    is_roster_event,
    person_of,
    store_roster,
)
from bot.teams.proactive import run_in_conversation, with_retries


async def read_team(adapter: BotAdapter, app_id: str, reference: dict, team_id: str = "") -> list[Person]:
    """The team's members, page by page (100 at a time, retrying throttling), through `reference` (a conversation in
    the team); `team_id` (channelData.team.id), when known, names the team directly. Raises the connector's error
    when the members cannot be read."""

    async def read_members(ctx: TurnContext) -> list[Person]:
        ctx.activity.channel_data = {"team": {"id": team_id}} if team_id else {}
        people: list[Person] = []
        token: str | None = None
        while True:
            page = await with_retries(
                functools.partial(TeamsInfo.get_paged_members, ctx, token, PAGE_SIZE), what="roster_page"
            )
            people.extend(person_of(m) for m in page.members or [])
            token = page.continuation_token
            if not token:
                return people

    people: list[Person] = await run_in_conversation(adapter, reference, app_id, read_members)
    return people


async def sync_roster(
    adapter: BotAdapter,
    app_id: str,
    team_reference: dict,
    uow: UnitOfWorkFactory,
    clock: Clock,
    *,
    team_id: str = "",
) -> int:
    """Read the team's members and make them the roster (bot/edge/roster.py's `store_roster`). `team_reference` is a
    stored reference of a conversation in the team (its channel, or the team itself). Returns the number of members
    stored. Raises the connector's error when the members cannot be read."""
    reference = channel_reference(team_reference)
    people = await read_team(adapter, app_id, reference, team_id)
    return await store_roster(people, reference["conversation"]["id"], uow, clock)
