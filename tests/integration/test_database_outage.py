"""While PostgreSQL is unreachable the user is answered politely and the request is kept; it is created when the
database is back. The outage is real: the app talks to PostgreSQL through a loopback proxy that cuts connections."""


from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.engine import make_url

from app import create_app, runtime_key
from storage.orm import ConsultationRow
from tests.support import activities as a
from tests.support.clocks import TickingClock
from tests.support.conversation import remember_department, rows
from tests.support.factories import CLEAR_APP
from tests.support.harness import Harness, both_hosts, make_settings
from tests.support.tcp_proxy import TcpProxy


@both_hosts
async def test_outage_keeps_the_request_and_creates_it_later(postgres_url: str, connector, bot_host: str) -> None:  # type: ignore[no-untyped-def]
    fake, url = connector
    direct = make_url(postgres_url)
    proxy = TcpProxy(direct.host or "127.0.0.1", direct.port or 5432)
    await proxy.start()
    through_proxy = direct.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    clock = TickingClock()
    app = create_app(make_settings(through_proxy, bot_host, summary_enabled=False), clock=clock)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    harness = Harness(client, fake, url, app, clock, bot_host)
    try:
        await remember_department(harness, "aad-requester", "総務課")
        await proxy.cut()  # the database goes away
        health = await (await client.get("/healthz")).json()
        assert (health["status"], health["database"]) == ("degraded", "unavailable")
        response = await client.post("/api/messages", json=a.message(url, CLEAR_APP))
        assert response.status == harness.accepted
        await fake.wait_for(lambda: fake.texts_sent(), timeout=30)
        assert "一時的に保存できません" in fake.texts_sent()[-1] and "お預かりしました" in fake.texts_sent()[-1]
        spool = app[runtime_key].spool
        assert len(spool.pending()) == 1
        await proxy.restore()  # the database is back
        assert await spool.take_in(app[runtime_key].deps, app[runtime_key].transport) == 1
        assert spool.pending() == []
        [row] = await rows(harness, ConsultationRow)
        assert row.body == CLEAR_APP and row.department == "総務課"
        assert fake.cards_sent() and "R8-0001" in str(fake.cards_sent()[-1])
        assert await spool.take_in(app[runtime_key].deps, app[runtime_key].transport) == 0
    finally:
        await client.close()
        await proxy.cut()
