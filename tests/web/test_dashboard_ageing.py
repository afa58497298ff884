"""The dashboard shows ageing in business days: how many open consultations need attention, the age buckets and the
oldest, as of the app's date (Friday 2027-05-07, right after Golden Week), in the page and in data.json."""

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app import create_app
from bot.domain.consultation import Status
from bot.domain.ports import UnitOfWorkFactory
from bot.web.routes import dashboard_key
from tests.support.clocks import FixedClock, jst
from tests.support.dashboard_site import TOKEN, bearer, metrics
from tests.support.factories import a_consultation
from tests.support.harness import make_settings

FRIDAY = jst(2027, 5, 7, 10)


async def add(uow: UnitOfWorkFactory, number: str, received: tuple[int, int], **overrides: object) -> None:
    at = jst(2027, received[0], received[1], 10)
    async with uow() as u:
        seq = await u.consultations.next_seq(2027)
        c = a_consultation(number=number, fiscal_year=2027, seq=seq, created_at=at, updated_at=at, **overrides)
        await u.consultations.add(replace(c, id=0))


@pytest.fixture
async def client(database_url: str) -> AsyncIterator[TestClient]:
    app = create_app(make_settings(database_url, dashboard_token=TOKEN), clock=FixedClock(FRIDAY))
    test_client = TestClient(TestServer(app, host="127.0.0.1"))
    await test_client.start_server()
    uow = app[dashboard_key].deps.uow
    await add(uow, "R9-0001", (4, 26))  # Monday before Golden Week: 5 business days by Friday 5/7, nobody assigned
    await add(uow, "R9-0002", (5, 6))  # the day after: 1 business day
    await add(uow, "R9-0003", (3, 1), status=Status.DONE, closed_at=jst(2027, 3, 5))  # closed: not ageing
    yield test_client
    await test_client.close()


async def test_data_json_has_the_business_day_ageing(client: TestClient) -> None:
    data = await (await client.get("/dashboard/data.json", headers=bearer())).json()
    assert data["business_ageing"] == {
        "as_of": "2027-05-07",
        "open": 2,
        "flagged": 1,
        "buckets": {"0-2": 1, "3-5": 1, "6-10": 0, "11-20": 0, "21+": 0},
        "oldest": [{"number": "R9-0001", "business_days": 5}, {"number": "R9-0002", "business_days": 1}],
    }


async def test_the_page_shows_it(client: TestClient) -> None:
    page = await (await client.get("/dashboard", headers=bearer())).text()
    assert "滞留（営業日）" in page and "R9-0001：5営業日、R9-0002：1営業日" in page
    shown = metrics(page)
    assert shown["business_ageing.flagged"] == ["1"]
    assert shown["business_ageing.buckets.3-5"] == ["1"] and shown["business_ageing.buckets.21+"] == ["0"]
