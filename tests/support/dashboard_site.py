"""The dashboard served by create_app on loopback for tests: `start` a site on the suite's fixed instant, the
bearer header, and the figures a page shows (`metrics`); `JAPANESE` finds Japanese text in a page or a source."""

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.domain.ports import UnitOfWorkFactory
from bot.web.routes import dashboard_key
from tests.support.clocks import FixedClock
from tests.support.harness import make_settings

JST = ZoneInfo("Asia/Tokyo")
TOKEN = "dashboard-test-token-0123456789"
NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # Saturday 10:00 JST, fiscal year 2026 (令和8年度)
PAGES = ("/dashboard", "/dashboard/data.json", "/export.csv", "/cases", "/cases.csv")
JAPANESE = re.compile("[\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


@dataclass
class Site:
    client: TestClient
    app: web.Application

    @property
    def uow(self) -> UnitOfWorkFactory:
        return self.app[dashboard_key].deps.uow

    async def get(self, path: str, **kwargs: object):  # type: ignore[no-untyped-def]
        return await self.client.get(path, allow_redirects=False, **kwargs)


async def start(database_url: str, **settings: object) -> Site:
    from app import create_app

    app = create_app(make_settings(database_url, **settings), clock=FixedClock(NOW))
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    return Site(client, app)


def bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def metrics(page: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path, text in re.findall(r'data-metric="([^"]+)">([^<]*)<', page):
        found.setdefault(path, []).append(html.unescape(text))
    return found
