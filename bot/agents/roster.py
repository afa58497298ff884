"""Reading a Teams team's members with the Agents SDK, for the shared roster sync (bot/edge/roster.py)."""

import functools

from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import ConnectorClientBase, TurnContext

from bot.agents.proactive import AgentsErrors, run_in_conversation
from bot.domain.consultation import Person
from bot.domain.ports import Clock, UnitOfWorkFactory
from bot.edge.notify import retrying
from bot.edge.roster import PAGE_SIZE, channel_reference, person_of, store_roster


async def read_team(adapter: CloudAdapter, app_id: str, reference: dict, team_id: str = "") -> list[Person]:
    """The team's members, page by page (100 at a time, retrying throttling), through `reference` (a conversation in
    the team); `team_id`, when known, names the team directly (its members, not only the channel's). Raises the
    connector's error when the members cannot be read."""

    async def read_members(context: TurnContext) -> list[Person]:
        connector = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]  # the SDK's own key
        if connector is None:
            raise RuntimeError("no connector client in the proactive turn")
        conversation_id = team_id or context.activity.conversation.id
        people: list[Person] = []
        token: str | None = None
        while True:
            read_page = functools.partial(
                connector.conversations.get_conversation_paged_members, conversation_id, PAGE_SIZE, token
            )
            page = await retrying(read_page, AgentsErrors(), what="roster_page")
            people.extend(person_of(m) for m in page.members or [])
            token = page.continuation_token
            if not token:
                return people

    return await run_in_conversation(adapter, app_id, reference, read_members)


async def sync_roster(
    adapter: CloudAdapter,
    app_id: str,
    team_reference: dict,
    uow: UnitOfWorkFactory,
    clock: Clock,
    *,
    team_id: str = "",
) -> int:
    """Read the team's members and make them the roster, as bot/teams/roster.py's `sync_roster` does."""
    reference = channel_reference(team_reference)
    people = await read_team(adapter, app_id, reference, team_id)
    return await store_roster(people, reference["conversation"]["id"], uow, clock)
