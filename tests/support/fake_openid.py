"""A loopback stand-in for the Microsoft identity endpoints botbuilder talks to: the Bot Framework OpenID metadata
and its JWKS (inbound JWT validation), and an Entra-style login (the bot's outbound token for the connector).

It runs an aiohttp HTTPS server on 127.0.0.1 in its own thread and event loop, because botbuilder 4.17.1 fetches
the metadata with a blocking `requests.get` on the event loop, and MSAL fetches the outbound token the same way:
a server on the test's own loop could never answer. TLS uses a throwaway CA made here; `ca_file` is meant for
`REQUESTS_CA_BUNDLE`. MSAL only accepts an https authority, and skips its instance discovery (a call to
login.microsoftonline.com) for an authority whose first path segment is `adfs`, hence the `/adfs` login URL.

botbuilder is pointed here through the configuration object `ConfigurationBotFrameworkAuthentication` reads:
any one of the seven "parameterized" names switches `BotFrameworkAuthenticationFactory` to
`_ParameterizedBotFrameworkAuthentication`, which then needs all seven (see `parameterized_auth`).
"""

import asyncio
import functools
import itertools
import secrets
import ssl
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.support.fake_graph import write_certificates

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"  # AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER
PUBLIC_AZURE_CALLER = "urn:botframework:azure"  # CallerIdConstants.public_azure_channel
METADATA_PATH = "/v1/.well-known/openidconfiguration"
KEYS_PATH = "/v1/.well-known/keys"
LOGIN_PATH = "/adfs"  # MSAL: an `adfs` authority is "known to the developer", so no instance discovery


def parameterized_auth(metadata_url: str, login_url: str) -> dict[str, str]:
    """The seven names `ConfigurationBotFrameworkAuthentication` reads besides APP_ID, APP_PASSWORD, APP_TYPE and
    APP_TENANTID. Setting any one selects botbuilder's parameterized authentication, which then needs all seven;
    these are the public-cloud values with the two URLs replaced."""
    return {
        "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": metadata_url,
        "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL": metadata_url,
        "TO_BOT_FROM_CHANNEL_TOKEN_ISSUER": BOT_FRAMEWORK_ISSUER,
        "TO_CHANNEL_FROM_BOT_LOGIN_URL": login_url,
        "TO_CHANNEL_FROM_BOT_OAUTH_SCOPE": BOT_FRAMEWORK_ISSUER,
        "OAUTH_URL": BOT_FRAMEWORK_ISSUER,  # the user-token (OAuth card) service; this bot never calls it
        "CALLER_ID": PUBLIC_AZURE_CALLER,
    }


@functools.cache
def _rsa_key(name: str) -> rsa.RSAPrivateKey:
    """One key per name and test process (generating 2048-bit keys is the slow part of a test)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@web.middleware
async def _one_request_per_connection(request: web.Request, handler: Any) -> web.StreamResponse:
    """No keep-alive: clients (requests, MSAL) hold no TLS connection that would outlive the server's loop."""
    response = await handler(request)
    response.force_close()
    return response


@dataclass
class IdentityHit:
    method: str
    path: str
    form: dict[str, str]


@dataclass
class FakeMicrosoftLogin:
    """`signing_key` (kid `signing_kid`) is published in the JWKS; `stranger_key` never is."""

    directory: Path
    app_id: str
    app_password: str
    signing_kid: str = "loopback-key-1"
    endorsements: tuple[str, ...] = ("msteams",)
    signing_key: rsa.RSAPrivateKey = field(default_factory=lambda: _rsa_key("signing"))
    stranger_key: rsa.RSAPrivateKey = field(default_factory=lambda: _rsa_key("stranger"))
    hits: list[IdentityHit] = field(default_factory=list)
    issued: list[str] = field(default_factory=list)  # outbound access tokens handed to the bot
    base_url: str = ""
    ca_file: Path | None = None
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None
    _runner: web.AppRunner | None = None
    _serial: itertools.count = field(default_factory=lambda: itertools.count(1))
    # botbuilder caches OpenID metadata and keys per URL for the whole process, and a port can be reused by a later
    # test's server: a path of this instance's own keeps one test's keys from ever answering for another's.
    instance: str = field(default_factory=lambda: f"/{secrets.token_hex(6)}")

    # --- the server -------------------------------------------------------------------------------------------

    def start(self) -> "FakeMicrosoftLogin":
        self.ca_file, cert, key = write_certificates(self.directory)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-microsoft-login", daemon=True)
        self._thread.start()
        port = asyncio.run_coroutine_threadsafe(self._serve(context), self._loop).result(10)
        self.base_url = f"https://127.0.0.1:{port}"
        return self

    async def _serve(self, context: ssl.SSLContext) -> int:
        app = web.Application(middlewares=[_one_request_per_connection])
        app.router.add_get(self.metadata_path, self._metadata)
        app.router.add_get(self.keys_path, self._keys)
        app.router.add_get(LOGIN_PATH + "/.well-known/openid-configuration", self._login_metadata)
        app.router.add_post(LOGIN_PATH + "/oauth2/token", self._token)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=context).start()
        return int(self._runner.addresses[0][1])

    def stop(self) -> None:
        if self._loop is None or self._thread is None or self._runner is None or self._loop.is_closed():
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _shutdown(self) -> None:
        assert self._runner is not None
        await self._runner.cleanup()
        for _ in range(3):  # let the closed keep-alive connections' transports run connection_lost
            await asyncio.sleep(0.01)

    def _record(self, request: web.Request, form: dict[str, str] | None = None) -> None:
        self.hits.append(IdentityHit(request.method, request.path, form or {}))

    async def _metadata(self, request: web.Request) -> web.Response:
        self._record(request)
        return web.json_response(
            {
                "issuer": BOT_FRAMEWORK_ISSUER,
                "authorization_endpoint": f"{self.base_url}/v1/authorize",
                "jwks_uri": f"{self.base_url}{self.keys_path}",
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def _keys(self, request: web.Request) -> web.Response:
        self._record(request)
        jwk = RSAAlgorithm.to_jwk(self.signing_key.public_key(), as_dict=True)
        jwk.update({"kid": self.signing_kid, "use": "sig", "endorsements": list(self.endorsements)})
        return web.json_response({"keys": [jwk]})

    async def _login_metadata(self, request: web.Request) -> web.Response:
        self._record(request)
        login = f"{self.base_url}{LOGIN_PATH}"
        return web.json_response(
            {
                "issuer": login,
                "authorization_endpoint": f"{login}/oauth2/authorize",
                "token_endpoint": f"{login}/oauth2/token",
            }
        )

    async def _token(self, request: web.Request) -> web.Response:
        form = {k: str(v) for k, v in (await request.post()).items()}
        self._record(request, {k: v for k, v in form.items() if k != "client_secret"})
        if form.get("client_id") != self.app_id or form.get("client_secret") != self.app_password:
            return web.json_response({"error": "invalid_client", "error_description": "bad credentials"}, status=401)
        token = f"outbound-{next(self._serial)}-{secrets.token_urlsafe(16)}"
        self.issued.append(token)
        return web.json_response({"access_token": token, "token_type": "Bearer", "expires_in": 3600})

    # --- what the bot is configured with ----------------------------------------------------------------------

    @property
    def metadata_path(self) -> str:
        return f"{self.instance}{METADATA_PATH}"

    @property
    def keys_path(self) -> str:
        return f"{self.instance}{KEYS_PATH}"

    @property
    def metadata_url(self) -> str:
        return f"{self.base_url}{self.metadata_path}"

    @property
    def login_url(self) -> str:
        return f"{self.base_url}{LOGIN_PATH}"

    def auth_overrides(self) -> dict[str, str]:
        return parameterized_auth(self.metadata_url, self.login_url)

    # --- inbound tokens, as the Bot Connector signs them ------------------------------------------------------

    def channel_claims(self, service_url: str, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims = {
            "iss": BOT_FRAMEWORK_ISSUER,
            "aud": self.app_id,
            "serviceurl": service_url,
            "nbf": now - 60,
            "iat": now - 60,
            "exp": now + 3600,
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def sign(
        self,
        claims: dict[str, Any],
        *,
        key: rsa.RSAPrivateKey | None = None,
        kid: str | None = "",
        algorithm: str = "RS256",
    ) -> str:
        headers = {"kid": self.signing_kid if kid == "" else kid} if kid is not None else {}
        return jwt.encode(claims, key or self.signing_key, algorithm=algorithm, headers=headers)

    def bearer(self, service_url: str, **overrides: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.sign(self.channel_claims(service_url, **overrides))}"}
