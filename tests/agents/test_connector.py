"""The Agents SDK host's connector clients (bot/agents/connector.py): turns share kept-alive connections to the Bot
Connector instead of opening one each (stock 1.9.0 makes a client and a connection pool per turn), every request
waits for Teams' send budget, and each turn's sends count against its own tenant."""

from typing import cast

import pytest

from bot.edge.http_pool import HttpPool
from bot.edge.send_budget import PER_TENANT, PER_THREAD, SENDING_TENANT, SendBudget, SlidingWindow
from tests.support import activities as a
from tests.support.conversation import say
from tests.support.factories import CLEAR_APP, CLEAR_BPR
from tests.support.harness import Harness

agents_only = pytest.mark.parametrize("bot_host", ["agents"], indirect=True)


class Clock:
    """A monotonic clock that moves only when told: nothing here waits for real time."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@agents_only
async def test_turns_share_kept_alive_connections_to_the_connector(harness: Harness) -> None:
    for i in range(6):
        await say(harness, CLEAR_BPR if i % 2 else CLEAR_APP)
    await harness.connector.wait_for(lambda: len(harness.connector.sent) >= 6)

    sends = [h for h in harness.connector.hits if h.method == "POST"]
    assert len(sends) >= 6
    assert len({h.peer for h in sends}) <= 2  # one connection, or two when a reply and a notice overlap


@agents_only
async def test_each_turn_sends_within_its_tenant_s_budget(harness: Harness) -> None:
    from app import runtime_key

    adapter = harness.app[runtime_key].edge.adapter
    clock = Clock()
    adapter.connectors.pool.budget = budget = SendBudget(
        SlidingWindow(PER_THREAD, clock), SlidingWindow(PER_TENANT, clock)
    )

    await say(harness, CLEAR_BPR)
    await harness.connector.wait_for(lambda: bool(harness.connector.sent))

    sends = [h for h in harness.connector.hits if h.method == "POST"]
    assert len(budget.tenant._events[f"tenant:{a.TENANT}"]) == len(harness.connector.hits)
    conversation = harness.connector.sent[0].conversation_id
    assert len(budget.threads._events[conversation]) == sum(conversation in h.path for h in sends)
    assert SENDING_TENANT.get() == ""  # set for the turn only


async def test_a_full_budget_holds_the_request_back() -> None:
    """Past 7 sends in a second to one conversation, the next one waits (the clock does not move, so it cannot go)."""
    import asyncio

    clock = Clock()
    pool = HttpPool()
    pool.budget = SendBudget(SlidingWindow(PER_THREAD, clock), SlidingWindow(PER_TENANT, clock))
    for _ in range(7):
        await pool.budget.before_send("POST", "https://smba.example/v3/conversations/a:chat/activities")
    waiting = asyncio.create_task(
        pool.budget.before_send("POST", "https://smba.example/v3/conversations/a:chat/activities")
    )
    await asyncio.sleep(0.05)
    assert not waiting.done()
    clock.now += 1.0  # a second later the window has room
    await asyncio.wait_for(waiting, 5)
    await pool.close()


async def test_one_client_per_service_url_serves_every_turn_until_the_token_changes() -> None:
    """Building a client per turn costs the SDK a package-metadata look-up (its User-Agent) every time."""
    from microsoft_agents.hosting.core import ClaimsIdentity
    from microsoft_agents.hosting.core.authorization import Connections

    from bot.agents.connector import PooledConnectorFactory

    class Tokens:
        token = "token-1"

        async def get_access_token(self, audience: str, scopes: list[str]) -> str:
            return self.token

    tokens = Tokens()

    class OneConnection:
        """What the factory uses of the SDK's Connections: the token provider of a service URL."""

        def get_token_provider(self, claims_identity: ClaimsIdentity, service_url: str) -> Tokens:
            return tokens

    connections = cast(Connections, OneConnection())
    factory = PooledConnectorFactory(connections, HttpPool())
    identity = ClaimsIdentity({"aud": "app"}, True)
    url = "https://smba.example/teams/"
    try:
        first = await factory.create_connector_client(None, identity, url, "https://api.botframework.com", ["s"])
        again = await factory.create_connector_client(None, identity, url, "https://api.botframework.com", ["s"])
        tokens.token = "token-2"
        renewed = await factory.create_connector_client(None, identity, url, "https://api.botframework.com", ["s"])

        assert again is first
        assert renewed is not first and renewed.client is first.client  # the same session, with the new token
        assert renewed.client.headers["Authorization"] == "Bearer token-2"
    finally:
        await factory.close()
