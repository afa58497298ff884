"""The app under test on loopback: its settings (`make_settings`) and the `Harness` the `harness` fixture yields (the
aiohttp test client of create_app, the fake connector its replies go to, and the app's clock)."""

import tempfile
from dataclasses import dataclass

from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient

from bot.settings import Settings
from tests.support.clocks import TickingClock
from tests.support.fake_connector import FakeConnector


def make_settings(database_url: str, **overrides: object) -> Settings:
    """Settings for a test app: the given database, one support member (aad-support), a spool outside the tree."""
    spool = tempfile.mkdtemp(prefix="consult-spool-")  # never under the working tree
    values = {"database_url": database_url, "support_team_ids": ("aad-support",), "spool_dir": spool, **overrides}
    return Settings(**values)  # type: ignore[arg-type]


@dataclass
class Harness:
    client: TestClient
    connector: FakeConnector
    service_url: str
    app: web.Application
    clock: TickingClock

    async def post(self, activity: dict, headers: dict | None = None) -> ClientResponse:
        return await self.client.post("/api/messages", json=activity, headers=headers)
