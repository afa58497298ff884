"""Channel posts without @mention (RSC, off by default) and departments from Microsoft Graph (fake on loopback), on
both hosts."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app import create_app
from bot.directory.graph import GraphDirectory
from storage.orm import ConsultationRow, ProfileRow
from tests.support import activities as a
from tests.support.cards import visible_text
from tests.support.clocks import TickingClock
from tests.support.conversation import rows
from tests.support.factories import CLEAR_APP
from tests.support.fake_graph import FakeGraph, serve_fake_graph
from tests.support.graph_tenant import CLIENT, HANAKO, SECRET, TENANT, USERS
from tests.support.harness import Harness, both_hosts, make_settings


async def start(database_url: str, connector, bot_host: str, **settings) -> Harness:  # type: ignore[no-untyped-def]
    fake, url = connector
    directory = settings.pop("directory", None)
    clock = TickingClock()
    app = create_app(make_settings(database_url, bot_host, **settings), directory=directory, clock=clock)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    return Harness(client, fake, url, app, clock, bot_host)


def unmentioned_post(url: str, text: str, post_id: str) -> dict:
    activity = a.channel_mention(url, text, post_id=post_id)
    activity["text"], activity["entities"] = text, []
    return activity


@both_hosts
@pytest.mark.parametrize("enabled", [True, False])
async def test_unmentioned_channel_posts_only_with_rsc_in_an_intake_channel(database_url, connector, enabled, bot_host) -> None:  # type: ignore[no-untyped-def]
    harness = await start(
        database_url,
        connector,
        bot_host,
        channel_messages_without_mention=enabled,
        consultation_channel_ids=(a.CHANNEL,),
    )
    try:
        await harness.post(unmentioned_post(harness.service_url, CLEAR_APP, "1700000000400"))
        if enabled:
            await harness.connector.wait_for(lambda: harness.connector.cards_sent())
        other = unmentioned_post(harness.service_url, CLEAR_APP, "1700000000401")
        other["conversation"]["id"] = "19:elsewhere@thread.tacv2;messageid=1700000000401"
        other["channelData"]["channel"]["id"] = "19:elsewhere@thread.tacv2"
        await harness.post(other)  # not an intake channel: never taken in
        assert len(await rows(harness, ConsultationRow)) == (1 if enabled else 0)
        assert len(harness.connector.sent) == (1 if enabled else 0)
    finally:
        await harness.client.close()


@pytest.fixture
async def graph(tmp_path: Path) -> AsyncIterator[FakeGraph]:
    fake = FakeGraph(tenant_id=TENANT, client_id=CLIENT, client_secret=SECRET, users=dict(USERS))
    async with serve_fake_graph(fake, tmp_path) as served:
        yield served


@both_hosts
async def test_department_comes_from_graph_and_is_remembered(database_url, connector, graph: FakeGraph, bot_host) -> None:  # type: ignore[no-untyped-def]
    directory = GraphDirectory(
        client_id=CLIENT,
        client_secret=SECRET,
        tenant_id=TENANT,
        authority_host=graph.url,
        graph_base_url=graph.url,
        ca_file=graph.ca_file,
    )
    harness = await start(database_url, connector, bot_host, directory=directory)
    hanako = {"id": "29:hanako", "name": "山田 花子", "aadObjectId": HANAKO}
    try:
        await harness.post(a.message(harness.service_url, CLEAR_APP, sender=hanako))
        await harness.connector.wait_for(lambda: harness.connector.cards_sent())  # no 所属 question
        assert "所属: デジタル推進課" in visible_text(harness.connector.cards_sent()[-1])
        assert [p.department for p in await rows(harness, ProfileRow)] == ["デジタル推進課"]
        graph_calls = sum(1 for s in graph.seen if s.path.startswith("/v1.0/users"))
        await harness.post(a.message(harness.service_url, CLEAR_APP + "（2件目）", sender=hanako))
        await harness.connector.wait_for(lambda: len(harness.connector.cards_sent()) == 2)
        assert sum(1 for s in graph.seen if s.path.startswith("/v1.0/users")) == graph_calls  # remembered
    finally:
        await harness.client.close()


@both_hosts
async def test_without_graph_the_department_is_asked(database_url, connector, bot_host) -> None:  # type: ignore[no-untyped-def]
    harness = await start(database_url, connector, bot_host)
    try:
        await harness.post(a.message(harness.service_url, CLEAR_APP))
        await harness.connector.wait_for(lambda: harness.connector.texts_sent())
        assert "所属" in harness.connector.texts_sent()[-1]
    finally:
        await harness.client.close()
