"""With an app id configured, every request needs a Bot Framework JWT: validated against a loopback OpenID
metadata endpoint and JWKS signed with a key made here; the bot's own outbound token comes from a loopback login.
Rejected requests get 401 (403 for another tenant), write nothing and send nothing; secrets never reach the logs;
nothing leaves loopback. The same on the Agents SDK host (BOT_HOST=agents), whose validator knows only Microsoft's
key endpoints: the test points the Bot Framework issuer's JWKS at the loopback one (`agents_keys`)."""

import base64
import hashlib
import hmac
import json
import logging
import socket
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from cryptography.hazmat.primitives import serialization
from microsoft_agents.hosting.core.authorization.jwt.jwt_token_validator import BOTFRAMEWORK_JWKS_URIS

from app import create_app
from bot.logging_setup import JsonFormatter
from bot.settings import Settings
from storage.orm import ConsultationRow, ConversationRefRow, EventRow
from tests.support import activities as a
from tests.support.cards import visible_text
from tests.support.clocks import TickingClock
from tests.support.conversation import remember_department, rows
from tests.support.factories import CLEAR_BPR
from tests.support.fake_connector import FakeConnector
from tests.support.fake_openid import BOT_FRAMEWORK_ISSUER, FakeMicrosoftLogin, parameterized_auth
from tests.support.harness import Harness

pytestmark = pytest.mark.usefixtures("network_guard")  # nothing leaves loopback (tests/support/network.py)

APP_ID = "7d3c1b0e-5f42-4a8e-9b1d-2c6f0a9e4b17"
APP_PASSWORD = "pw~Qx7.loopback-only.S3cr3t-4b17"
OTHER_TENANT = "99999999-0000-0000-0000-000000000099"
LOUD_LOGGERS = ("botbuilder", "botframework", "msrest", "msal", "urllib3", "requests", "aiohttp", "consult")


class LoopbackAuthSettings(Settings):
    """Settings with the two fields proposed for bot/settings.py, until it has them: where inbound JWTs are checked
    (BOT_OPENID_METADATA_URL) and where the bot gets its outbound token (BOT_LOGIN_URL)."""

    bot_openid_metadata_url: str = ""
    bot_login_url: str = ""

    def bot_auth(self) -> SimpleNamespace:
        auth = super().bot_auth()
        if self.bot_openid_metadata_url:
            for name, value in parameterized_auth(self.bot_openid_metadata_url, self.bot_login_url).items():
                setattr(auth, name, value)
        return auth


# --- the app with authentication on -----------------------------------------------------------------------------


@dataclass
class AuthRig:
    harness: Harness
    login: FakeMicrosoftLogin
    authorizations: list[str] = field(default_factory=list)  # Authorization headers the fake connector received

    @property
    def url(self) -> str:
        return self.harness.service_url

    async def post(self, activity: dict, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        response = await self.harness.post(activity, headers=headers)
        body = await response.json() if response.content_type == "application/json" else None
        return response.status, body

    def connector_requests(self) -> int:
        return len(self.harness.connector.hits)  # every request the fake connector answered


@pytest.fixture
def login(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeMicrosoftLogin]:
    fake = FakeMicrosoftLogin(tmp_path, APP_ID, APP_PASSWORD).start()
    assert fake.ca_file is not None
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(fake.ca_file))  # requests (botbuilder, MSAL) trusts the test CA
    yield fake
    fake.stop()


@pytest.fixture
def agents_keys(login: FakeMicrosoftLogin, monkeypatch: pytest.MonkeyPatch) -> FakeMicrosoftLogin:
    """The Agents SDK reads the Bot Framework issuer's keys from a fixed URL (BOTFRAMEWORK_JWKS_URIS) with urllib:
    here from the loopback login, trusted through SSL_CERT_FILE."""
    monkeypatch.setitem(BOTFRAMEWORK_JWKS_URIS, BOT_FRAMEWORK_ISSUER, f"{login.base_url}{login.keys_path}")
    assert login.ca_file is not None
    monkeypatch.setenv("SSL_CERT_FILE", str(login.ca_file))
    return login


@asynccontextmanager
async def serve(
    database_url: str, login: FakeMicrosoftLogin, host: str = "botbuilder", **overrides: Any
) -> AsyncIterator[AuthRig]:
    fake = FakeConnector()
    rig_headers: list[str] = []

    @web.middleware
    async def record_authorization(request: web.Request, handler: Any) -> web.StreamResponse:
        rig_headers.append(request.headers.get("Authorization", ""))
        return await handler(request)

    connector_app = fake.app()
    connector_app.middlewares.append(record_authorization)
    connector = TestServer(connector_app, host="127.0.0.1")
    await connector.start_server()
    fake.url = str(connector.make_url("/")).rstrip("/") + "/"
    settings = LoopbackAuthSettings(
        database_url=database_url,
        support_team_ids=("aad-support",),
        microsoft_app_id=APP_ID,
        microsoft_app_password=APP_PASSWORD,
        graph_enabled=False,
        bot_host=host,
        bot_openid_metadata_url=login.metadata_url if host == "botbuilder" else "",  # agents: see agents_keys
        bot_login_url=login.login_url,
        spool_dir=str(login.directory / "spool"),
        **overrides,
    )
    clock = TickingClock()
    app = create_app(settings, clock=clock)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    try:
        yield AuthRig(Harness(client, fake, fake.url, app, clock, host), login, rig_headers)
    finally:
        await client.close()
        await connector.close()


@pytest.fixture
async def rig(database_url: str, login: FakeMicrosoftLogin) -> AsyncIterator[AuthRig]:
    async with serve(database_url, login) as served:
        yield served


def loud_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name in LOUD_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)


def assert_no_secrets(caplog: pytest.LogCaptureFixture, secrets: list[str]) -> None:
    formatter = JsonFormatter()
    logged = "\n".join(formatter.format(record) for record in caplog.records)
    assert caplog.records, "nothing was logged: the check would prove nothing"
    for secret in secrets:
        assert secret and secret not in logged, f"a secret ({secret[:6]}…) reached the logs"


async def create_one(rig: AuthRig) -> tuple[int, str]:
    """A consultation made through an authenticated intake message; (id, its card's activity id)."""
    await remember_department(rig.harness, "aad-requester", "総務課")
    before = len(rig.harness.connector.sent)
    status, _ = await rig.post(a.message(rig.url, CLEAR_BPR), rig.login.bearer(rig.url))
    assert status == rig.harness.accepted
    await rig.harness.connector.wait_for(lambda: len(rig.harness.connector.sent) > before)
    [row] = await rows(rig.harness, ConsultationRow)
    return row.id, row.card_activity_id


def invoke(rig: AuthRig, cid: int, card_id: str, **kw: Any) -> dict:
    return a.card_invoke(rig.url, "consultation.start", {"consultation_id": cid}, reply_to_id=card_id, **kw)


def elsewhere(activity: dict) -> dict:
    """The same activity from a tenant that is not allowed."""
    activity["channelData"]["tenant"]["id"] = OTHER_TENANT
    activity["conversation"]["tenantId"] = OTHER_TENANT
    return activity


# --- tests ------------------------------------------------------------------------------------------------------


async def test_valid_token_is_served_and_replies_carry_the_outbound_token(
    rig: AuthRig, caplog: pytest.LogCaptureFixture
) -> None:
    loud_logs(caplog)
    inbound = rig.login.bearer(rig.url)["Authorization"].split(" ", 1)[1]
    cid, card_id = await create_one(rig)
    status, body = await rig.post(invoke(rig, cid, card_id), {"Authorization": f"Bearer {inbound}"})
    assert status == 200 and "状況: 対応中" in visible_text(body["value"])
    await rig.harness.connector.wait_for(lambda: rig.harness.connector.updated)
    [row] = await rows(rig.harness, ConsultationRow)
    assert (row.status, row.version) == ("in_progress", 2)
    # replies and the in-place card update went out with the token the (loopback) login issued
    assert rig.login.issued and rig.authorizations
    assert set(rig.authorizations) <= {f"Bearer {token}" for token in rig.login.issued}
    paths = [hit.path for hit in rig.login.hits]
    assert rig.login.metadata_path in paths and rig.login.keys_path in paths
    [token_request, *_] = [hit for hit in rig.login.hits if hit.path == "/adfs/oauth2/token"]
    assert token_request.form["client_id"] == APP_ID
    assert token_request.form["grant_type"] == "client_credentials"
    assert token_request.form["scope"] == "https://api.botframework.com/.default"
    assert_no_secrets(caplog, [APP_PASSWORD, inbound, *rig.login.issued])


def _pem_public(login: FakeMicrosoftLogin) -> bytes:
    return login.signing_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _bad_headers(login: FakeMicrosoftLogin, url: str, case: str) -> dict[str, str]:
    now = int(time.time())
    claims = login.channel_claims
    tokens = {
        "wrong_audience": lambda: login.sign(claims(url, aud="00000000-1111-2222-3333-444444444444")),
        "expired": lambda: login.sign(claims(url, iat=now - 7200, nbf=now - 7200, exp=now - 3600)),
        "wrong_issuer": lambda: login.sign(claims(url, iss="https://sts.windows.net/attacker/")),
        "another_key_same_kid": lambda: login.sign(claims(url), key=login.stranger_key),
        "another_key_unknown_kid": lambda: login.sign(claims(url), key=login.stranger_key, kid="not-published"),
        "no_kid": lambda: login.sign(claims(url), kid=None),
        "not_yet_valid": lambda: login.sign(claims(url, nbf=now + 3600, iat=now + 3600, exp=now + 7200)),
        "other_service_url": lambda: login.sign(claims("https://smba.trafficmanager.net/evil/")),
        "no_service_url": lambda: login.sign(claims(url, serviceurl=None)),
        "no_issuer": lambda: login.sign(claims(url, iss=None)),
        "alg_none": lambda: _unsigned(claims(url), login.signing_kid),
        "hs256_with_public_key": lambda: _hs256(claims(url), _pem_public(login), login.signing_kid),
        "garbage": lambda: "not.a.jwt",
    }
    if case == "missing":
        return {}
    if case == "basic_scheme":
        return {"Authorization": f"Basic {login.sign(claims(url))}"}
    if case == "empty_bearer":
        return {"Authorization": "Bearer "}
    return {"Authorization": f"Bearer {tokens[case]()}"}


def _b64(value: bytes) -> str:
    return base64.urlsafe_b64encode(value).rstrip(b"=").decode()


def _unsigned(claims: dict, kid: str) -> str:
    return (
        f"{_b64(json.dumps({'alg': 'none', 'typ': 'JWT', 'kid': kid}).encode())}.{_b64(json.dumps(claims).encode())}."
    )


def _hs256(claims: dict, secret: bytes, kid: str) -> str:
    """The classic key-confusion forgery: HMAC keyed with the published RSA public key."""
    header = {"alg": "HS256", "typ": "JWT", "kid": kid}
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


REJECTED = [
    "missing",
    "wrong_audience",
    "expired",
    "wrong_issuer",
    "another_key_same_kid",
    "another_key_unknown_kid",
    "no_kid",
    "not_yet_valid",
    "other_service_url",
    "no_service_url",
    "no_issuer",
    "alg_none",
    "hs256_with_public_key",
    "garbage",
    "basic_scheme",
    "empty_bearer",
]


async def test_requests_without_a_valid_token_get_401_write_and_send_nothing(
    rig: AuthRig, subtests: pytest.Subtests, caplog: pytest.LogCaptureFixture
) -> None:
    cid, card_id = await create_one(rig)  # a valid request first: the keys are known, a consultation exists
    await rig.harness.connector.wait_for(lambda: rig.connector_requests() > 0)
    loud_logs(caplog)
    sends, refs = rig.connector_requests(), len(await rows(rig.harness, ConversationRefRow))
    refused: list[str] = []
    for case in REJECTED:
        with subtests.test(case):
            headers = _bad_headers(rig.login, rig.url, case)
            refused.extend(headers.values())
            status, body = await rig.post(a.message(rig.url, CLEAR_BPR + "（二件目）"), headers)
            assert (status, body) == (401, {"error": "unauthorized"})
            status, body = await rig.post(invoke(rig, cid, card_id), headers)
            assert (status, body) == (401, {"error": "unauthorized"})
            [row] = await rows(rig.harness, ConsultationRow)
            assert (row.status, row.version) == ("received", 1)
            assert [e.kind for e in await rows(rig.harness, EventRow)] == ["created"]
            assert len(await rows(rig.harness, ConversationRefRow)) == refs
            assert rig.connector_requests() == sends
    assert (await rig.harness.client.get("/healthz")).status == 200
    assert_no_secrets(caplog, [APP_PASSWORD, *rig.login.issued, *refused])


async def test_channel_the_signing_key_is_not_endorsed_for_gets_401(rig: AuthRig) -> None:
    await remember_department(rig.harness, "aad-requester", "総務課")
    activity = a.message(rig.url, CLEAR_BPR)
    activity["channelId"] = "webchat"  # the JWKS key is endorsed for msteams only
    status, _ = await rig.post(activity, rig.login.bearer(rig.url))
    assert status == 401
    assert await rows(rig.harness, ConsultationRow) == [] and rig.connector_requests() == 0


async def test_unreachable_metadata_gets_503_and_writes_nothing(rig: AuthRig) -> None:
    rig.login.stop()  # the identity endpoint is down before the keys were ever read
    await remember_department(rig.harness, "aad-requester", "総務課")
    status, _ = await rig.post(a.message(rig.url, CLEAR_BPR), rig.login.bearer(rig.url))
    assert status == 503
    assert await rows(rig.harness, ConsultationRow) == [] and rig.connector_requests() == 0


async def test_other_tenants_are_refused_and_unauthenticated_requests_still_get_401(
    database_url: str, login: FakeMicrosoftLogin, caplog: pytest.LogCaptureFixture
) -> None:
    async with serve(database_url, login, allowed_tenant_ids=(a.TENANT,)) as rig:
        cid, card_id = await create_one(rig)  # the allowed tenant is served
        await rig.harness.connector.wait_for(lambda: rig.connector_requests() > 0)
        loud_logs(caplog)
        sends, refs = rig.connector_requests(), len(await rows(rig.harness, ConversationRefRow))
        valid = rig.login.bearer(rig.url)
        expired = rig.login.bearer(rig.url, exp=int(time.time()) - 3600)
        for activity in (elsewhere(a.message(rig.url, CLEAR_BPR)), elsewhere(invoke(rig, cid, card_id))):
            assert await rig.post(activity, valid) == (403, {"error": "tenant not allowed"})
            assert await rig.post(activity, {}) == (401, {"error": "unauthorized"})
            assert await rig.post(activity, expired) == (401, {"error": "unauthorized"})
        [row] = await rows(rig.harness, ConsultationRow)
        assert (row.status, row.version) == ("received", 1)
        assert len(await rows(rig.harness, EventRow)) == 1
        assert len(await rows(rig.harness, ConversationRefRow)) == refs
        assert rig.connector_requests() == sends
        assert_no_secrets(caplog, [APP_PASSWORD, valid["Authorization"], expired["Authorization"]])


# --- the same on the Agents SDK host ----------------------------------------------------------------------------


@pytest.fixture
async def agents_rig(database_url: str, agents_keys: FakeMicrosoftLogin) -> AsyncIterator[AuthRig]:
    async with serve(database_url, agents_keys, "agents") as served:
        yield served


async def test_agents_host_serves_a_valid_token_and_replies_carry_the_outbound_token(
    agents_rig: AuthRig, caplog: pytest.LogCaptureFixture
) -> None:
    rig = agents_rig
    loud_logs(caplog)
    inbound = rig.login.bearer(rig.url)["Authorization"].split(" ", 1)[1]
    cid, card_id = await create_one(rig)
    status, body = await rig.post(invoke(rig, cid, card_id), {"Authorization": f"Bearer {inbound}"})
    assert status == 200 and "状況: 対応中" in visible_text(body["value"])
    await rig.harness.connector.wait_for(lambda: rig.harness.connector.updated)
    [row] = await rows(rig.harness, ConsultationRow)
    assert (row.status, row.version) == ("in_progress", 2)
    assert rig.login.issued and rig.authorizations  # replies and the card update carry the loopback login's token
    assert set(rig.authorizations) <= {f"Bearer {token}" for token in rig.login.issued}
    assert rig.login.keys_path in [hit.path for hit in rig.login.hits]
    [token_request, *_] = [hit for hit in rig.login.hits if hit.path == "/adfs/oauth2/token"]
    assert token_request.form["client_id"] == APP_ID
    assert token_request.form["grant_type"] == "client_credentials"
    assert token_request.form["scope"] == "https://api.botframework.com/.default"
    assert_no_secrets(caplog, [APP_PASSWORD, inbound, *rig.login.issued])


async def test_agents_host_refuses_requests_without_a_valid_token(
    agents_rig: AuthRig, subtests: pytest.Subtests, caplog: pytest.LogCaptureFixture
) -> None:
    rig = agents_rig
    cid, card_id = await create_one(rig)
    await rig.harness.connector.wait_for(lambda: rig.connector_requests() > 0)
    loud_logs(caplog)
    sends = rig.connector_requests()
    refused: list[str] = []
    for case in REJECTED:
        with subtests.test(case):
            headers = _bad_headers(rig.login, rig.url, case)
            refused.extend(headers.values())
            status, body = await rig.post(a.message(rig.url, CLEAR_BPR + "（二件目）"), headers)
            assert (status, body) == (401, {"error": "unauthorized"})
            status, body = await rig.post(invoke(rig, cid, card_id), headers)
            assert (status, body) == (401, {"error": "unauthorized"})
            [row] = await rows(rig.harness, ConsultationRow)
            assert (row.status, row.version) == ("received", 1)
            assert [e.kind for e in await rows(rig.harness, EventRow)] == ["created"]
            assert rig.connector_requests() == sends
    assert (await rig.harness.client.get("/healthz")).status == 200
    assert_no_secrets(caplog, [APP_PASSWORD, *rig.login.issued, *refused])


async def test_agents_host_refuses_a_key_not_endorsed_for_the_channel(agents_rig: AuthRig) -> None:
    """The SDK's validator ignores endorsements; the host checks them (bot/agents/endorsements.py)."""
    await remember_department(agents_rig.harness, "aad-requester", "総務課")
    activity = a.message(agents_rig.url, CLEAR_BPR)
    activity["channelId"] = "webchat"  # the JWKS key is endorsed for msteams only
    status, _ = await agents_rig.post(activity, agents_rig.login.bearer(agents_rig.url))
    assert status == 401
    assert await rows(agents_rig.harness, ConsultationRow) == [] and agents_rig.connector_requests() == 0


async def test_agents_host_unreachable_keys_get_503_and_write_nothing(agents_rig: AuthRig) -> None:
    agents_rig.login.stop()  # the identity endpoint is down before the keys were ever read
    status, _ = await agents_rig.post(a.message(agents_rig.url, CLEAR_BPR), agents_rig.login.bearer(agents_rig.url))
    assert status == 503
    assert await rows(agents_rig.harness, ConsultationRow) == [] and agents_rig.connector_requests() == 0


async def test_agents_host_refuses_other_tenants_with_a_valid_token(
    database_url: str, agents_keys: FakeMicrosoftLogin
) -> None:
    async with serve(database_url, agents_keys, "agents", allowed_tenant_ids=(a.TENANT,)) as rig:
        cid, card_id = await create_one(rig)  # the allowed tenant is served
        valid = rig.login.bearer(rig.url)
        for activity in (elsewhere(a.message(rig.url, CLEAR_BPR)), elsewhere(invoke(rig, cid, card_id))):
            assert await rig.post(activity, valid) == (403, {"error": "tenant not allowed"})
            assert await rig.post(activity, {}) == (401, {"error": "unauthorized"})
        [row] = await rows(rig.harness, ConsultationRow)
        assert (row.status, row.version) == ("received", 1)


def test_network_guard_refuses_names_outside_loopback(network_guard: list[str]) -> None:
    with pytest.raises(OSError, match="not loopback"):
        socket.getaddrinfo("login.botframework.com", 443)
    assert network_guard == ["login.botframework.com"]
    network_guard.clear()
    assert socket.getaddrinfo("127.0.0.1", 80)
