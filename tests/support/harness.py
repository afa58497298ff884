"""The app under test on loopback: its settings (`make_settings`) and the `Harness` the `harness` fixture yields (the
aiohttp test client of create_app, the fake connector its replies go to, the app's clock and its host), and the hosts
a test may run on (`both_hosts`, TEST_HOSTS)."""

import os
import tempfile
from dataclasses import dataclass

import pytest
from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient

from bot.settings import Settings
from tests.support.clocks import TickingClock
from tests.support.fake_connector import FakeConnector

HOSTS = [h for h in os.environ.get("TEST_HOSTS", "botbuilder,agents").split(",") if h]
# A test that runs on each host in TEST_HOSTS (the `bot_host` fixture, botbuilder for every other test): what the
# Agents SDK host covers so far (README, "Bot Framework SDK or Agents SDK").
both_hosts = pytest.mark.parametrize("bot_host", HOSTS, indirect=True)
ACCEPTED = {"botbuilder": 201, "agents": 202}  # each SDK's answer to a message it took (the Bot Connector takes any 2xx)


def make_settings(database_url: str, bot_host: str = "botbuilder", **overrides: object) -> Settings:
    """Settings for a test app: the given database and host, one support member (aad-support), a spool outside the
    tree."""
    spool = tempfile.mkdtemp(prefix="consult-spool-")  # never under the working tree
    values = {
        "database_url": database_url,
        "bot_host": bot_host,
        "support_team_ids": ("aad-support",),
        "spool_dir": spool,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


@dataclass
class Harness:
    client: TestClient
    connector: FakeConnector
    service_url: str
    app: web.Application
    clock: TickingClock
    host: str = "botbuilder"

    @property
    def accepted(self) -> int:
        """The HTTP status the app answers a message activity with."""
        return ACCEPTED[self.host]

    async def post(self, activity: dict, headers: dict | None = None) -> ClientResponse:
        return await self.client.post("/api/messages", json=activity, headers=headers)
