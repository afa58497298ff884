"""A database that is down gets a polite answer and a degraded health; logs never carry text or names."""

import logging

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app import create_app
from bot.logging_setup import JsonFormatter
from tests.support import activities as a
from tests.support.cards import visible_text
from tests.support.clocks import TickingClock
from tests.support.conversation import click, new_consultation
from tests.support.factories import CLEAR_BPR
from tests.support.harness import both_hosts, make_settings

UNREACHABLE = "postgresql+asyncpg://postgres@127.0.0.1:9/nowhere"  # port 9 (discard): nothing listens


async def test_database_down_gets_polite_reply_and_degraded_health(connector) -> None:  # type: ignore[no-untyped-def]
    fake, url = connector
    client = TestClient(TestServer(create_app(make_settings(UNREACHABLE, migrate_on_start=False), clock=TickingClock()), host="127.0.0.1"))
    await client.start_server()
    try:
        health = await (await client.get("/healthz")).json()
        assert (health["status"], health["database"]) == ("degraded", "unavailable")
        response = await client.post("/api/messages", json=a.message(url, CLEAR_BPR))
        assert response.status in (201, 500)
        await fake.wait_for(lambda: fake.texts_sent())
        assert "一時的に保存できません" in fake.texts_sent()[-1]
        response = await client.post(
            "/api/messages", json=a.card_invoke(url, "consultation.start", {"consultation_id": 1}, reply_to_id="x")
        )
        body = await response.json()
        assert response.status == 200 and "一時的に保存できません" in visible_text(body["value"])
    finally:
        await client.close()


@both_hosts
async def test_logs_carry_ids_not_text_or_names(harness, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    cid, card_id = await new_consultation(harness)
    await click(harness, "consultation.start", {"consultation_id": cid}, card_id)
    await click(harness, "consultation.nope", {"consultation_id": cid}, card_id)
    formatter = JsonFormatter()
    logged = "\n".join(formatter.format(r) for r in caplog.records)
    for secret in (CLEAR_BPR[:10], a.REQUESTER["name"], a.SUPPORT["name"], "総務課"):
        assert secret not in logged
