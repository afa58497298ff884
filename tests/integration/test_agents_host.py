"""What the Agents SDK host (BOT_HOST=agents) does its own way, or what only a test of both hosts shows: the
Action.Submit fallback, invokes the bot does not handle, the tenant allow-list, and authentication with an app id
(the SDK's JwtTokenValidator; nothing leaves loopback). The flows both hosts share run in test_intake_flow,
test_commands_and_dialog and test_card_actions (`both_hosts`)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import jwt
import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import create_app, runtime_key
from bot.texts import t
from storage.db import make_engine
from storage.orm import ConsultationRow, EventRow
from tests.support import activities as a
from tests.support.cards import visible_text
from tests.support.clocks import TickingClock
from tests.support.conversation import new_consultation, rows, say
from tests.support.factories import CLEAR_BPR
from tests.support.harness import both_hosts, make_settings

APP_ID = "7d3c1b0e-5f42-4a8e-9b1d-2c6f0a9e4b17"
OTHER_TENANT = "99999999-0000-0000-0000-000000000099"
agents_only = pytest.mark.parametrize("bot_host", ["agents"], indirect=True)


@asynccontextmanager
async def served(database_url: str, connector_url: str, **overrides: Any) -> AsyncIterator[TestClient]:
    """The app on the agents host with other settings than the harness's."""
    app = create_app(make_settings(database_url, "agents", **overrides), clock=TickingClock())
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        yield client
    finally:
        await client.close()


@both_hosts
async def test_action_submit_fallback_acts_and_updates_the_card_in_place(harness) -> None:
    cid, card_id = await new_consultation(harness)
    activity = a.message(harness.service_url, "", sender=a.SUPPORT)
    activity.update({"replyToId": card_id, "value": {"verb": "consultation.start", "consultation_id": cid}})
    assert (await harness.post(activity)).status == harness.accepted
    await harness.connector.wait_for(lambda: harness.connector.updated)
    [update] = harness.connector.updated
    assert update.activity_id == card_id and "状況: 対応中" in visible_text(update.cards[0])
    [row] = await rows(harness, ConsultationRow)
    assert (row.status, row.assignee_id) == ("in_progress", "aad-support")


@both_hosts
async def test_the_bot_added_to_a_personal_chat_says_what_it_does(harness) -> None:
    activity = a.message(harness.service_url, "")
    activity.update({"type": "conversationUpdate", "membersAdded": [dict(a.BOT), {"id": "29:requester"}]})
    del activity["text"], activity["textFormat"]
    assert (await harness.post(activity)).status == harness.accepted
    await harness.connector.wait_for(lambda: harness.connector.texts_sent())
    [welcome] = harness.connector.texts_sent()
    assert "ヘルプ" in welcome and "一覧" in welcome


@both_hosts
async def test_a_message_leaves_its_conversation_reference_in_the_shape_both_hosts_store(harness) -> None:
    await say(harness, "ヘルプ")
    deps = harness.app[runtime_key].deps
    async with deps.uow() as uow:
        reference = await uow.conversation_refs.personal_for("aad-requester")
    assert reference is not None
    assert {"activityId", "requestId"}.isdisjoint(reference)  # what changes every message is not kept
    assert (reference["bot"]["id"], reference["user"]["id"]) == (a.BOT["id"], a.REQUESTER["id"])
    assert (reference["conversation"]["id"], reference["channelId"]) == ("a:personal-requester", "msteams")
    assert reference["serviceUrl"] == harness.service_url


@agents_only
async def test_invokes_the_bot_does_not_handle_are_acknowledged_not_501(harness) -> None:
    for name in ("composeExtension/selectItem", "task/fetch", "signin/verifyState", "fileConsent/invoke", "x/unknown"):
        activity = a.card_invoke(harness.service_url, "consultation.start", {}, reply_to_id="x")
        activity["name"] = name
        response = await harness.post(activity)
        assert response.status == 200, name
        assert await response.read() == b"", name
    assert harness.connector.sent == [] and harness.connector.updated == []


@agents_only
async def test_an_invoke_without_a_name_is_acknowledged(harness) -> None:
    activity = a.card_invoke(harness.service_url, "consultation.start", {}, reply_to_id="x")
    del activity["name"]
    assert (await harness.post(activity)).status == 200


@agents_only
async def test_a_body_the_sdk_cannot_read_is_a_400_not_a_500(harness) -> None:
    for broken in ({"entities": "not a list"}, {"from": "not an account"}, {"serviceUrl": "ftp://x"}, {"id": ""}):
        activity = {**a.message(harness.service_url, CLEAR_BPR), **broken}
        response = await harness.post(activity)
        assert response.status == 400, broken
    assert await rows(harness, ConsultationRow) == [] and harness.connector.sent == []


async def test_database_down_gets_polite_answers_never_the_error(connector) -> None:
    """A new consultation is kept in the spool and the user told so; the click gets a card saying the database is
    unavailable (the SDK's own on_turn_error would send the exception text); /healthz a degraded status."""
    fake, url = connector
    unreachable = "postgresql+asyncpg://postgres@127.0.0.1:9/nowhere"  # port 9 (discard): nothing listens
    async with served(unreachable, url, migrate_on_start=False) as client:
        health = await (await client.get("/healthz")).json()
        assert (health["status"], health["database"], health["host"]) == ("degraded", "unavailable", "agents")
        assert (await client.post("/api/messages", json=a.message(url, CLEAR_BPR))).status == 202
        await fake.wait_for(lambda: fake.texts_sent())
        [answer] = fake.texts_sent()
        assert answer == t("error.db_spooled", "ja")
        invoke = a.card_invoke(url, "consultation.start", {"consultation_id": 1}, reply_to_id="x")
        response = await client.post("/api/messages", json=invoke)
        body = await response.json()
        assert response.status == 200 and t("error.db_unavailable", "ja") in visible_text(body["value"])


@pytest.mark.usefixtures("network_guard")
async def test_other_tenants_are_refused_with_403(database_url: str, connector) -> None:
    fake, url = connector
    async with served(database_url, url, allowed_tenant_ids=(a.TENANT,)) as client:
        activity = a.message(url, CLEAR_BPR)
        activity["channelData"]["tenant"]["id"] = OTHER_TENANT
        activity["conversation"]["tenantId"] = OTHER_TENANT
        response = await client.post("/api/messages", json=activity)
        assert (response.status, await response.json()) == (403, {"error": "tenant not allowed"})
        invoke = a.card_invoke(url, "consultation.start", {"consultation_id": 1}, reply_to_id="x")
        invoke["channelData"]["tenant"]["id"] = OTHER_TENANT
        assert (await client.post("/api/messages", json=invoke)).status == 403
        assert (await client.post("/api/messages", json=a.message(url, "ヘルプ"))).status == 202  # the allowed one
        await fake.wait_for(lambda: fake.sent)
    assert len(fake.sent) == 1


async def test_with_an_app_id_requests_need_a_valid_token(
    database_url: str, connector, network_guard: list[str]
) -> None:
    fake, url = connector
    claims = {"iss": "https://api.botframework.com", "aud": APP_ID, "serviceurl": url}
    without_kid = jwt.encode(claims, "k" * 32, algorithm="HS256")
    with_kid = jwt.encode(claims, "k" * 32, algorithm="HS256", headers={"kid": "key-1"})
    async with served(database_url, url, microsoft_app_id=APP_ID, microsoft_app_password="pw") as client:
        activity = a.message(url, CLEAR_BPR)
        for header in (None, "Basic dXNlcjpwdw==", "Bearer", "Bearer a b", "Bearer not-a-jwt", f"Bearer {without_kid}"):
            headers = {"Authorization": header} if header else {}
            response = await client.post("/api/messages", json=activity, headers=headers)
            assert (response.status, await response.json()) == (401, {"error": "unauthorized"}), header
        assert network_guard == []  # refused without reading any key
        # a token that names a key: the keys are read from Microsoft (refused here): 503, try again later
        response = await client.post("/api/messages", json=activity, headers={"Authorization": f"Bearer {with_kid}"})
        assert (response.status, await response.json()) == (503, {"error": "authentication unavailable"})
        assert network_guard == ["login.botframework.com"]
        network_guard.clear()
        assert (await client.get("/healthz")).status == 200  # /api/messages only
    assert await rows_of(database_url) == ([], [])
    assert fake.hits == []


async def rows_of(database_url: str) -> tuple[list, list]:
    """Consultations and events in the database (the app is stopped)."""
    engine = make_engine(database_url)
    try:
        async with AsyncSession(engine) as s:
            consultations = list((await s.execute(select(ConsultationRow))).scalars())
            events = list((await s.execute(select(EventRow))).scalars())
    finally:
        await engine.dispose()
    return consultations, events
