"""The Agents SDK host as app.py wires it: authentication configuration from the project's settings, the SDK's aiohttp
CloudAdapter, and the checks every request goes through before a turn runs (as bot/teams/adapter.py does for
botbuilder): 415 for a body that is not JSON, 400 for one that is not an activity the bot can answer, 403 for a
tenant not allowed, and authentication in between (401; 503 when Microsoft's signing keys cannot be read), with the
SDK's JwtTokenValidator, on /api/messages only.

The SDK's own aiohttp JWT middleware is not used: it reads its configuration from a string key of the web app
(aiohttp warns on those), it runs before the body is looked at, and it lets some rejections through as HTTP 500 (a
token without `kid`: KeyError in `_JwkClientManager.get_signing_key`) and a key-endpoint outage as 401."""

import json
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import jwt
from aiohttp import web
from microsoft_agents.activity import Activity
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import (
    AgentAuthConfiguration,
    AuthTypes,
    ClaimsIdentity,
    JwtTokenValidator,
    TurnContext,
)
from pydantic import ValidationError

from bot.agents.agent import ConsultationAgent
from bot.agents.connector import PooledConnectorFactory
from bot.agents.endorsements import Endorsements
from bot.agents.translate import card_invoke_response
from bot.edge.errors import error_text, log_failure
from bot.edge.http_pool import HttpPool
from bot.edge.requests import addressable, tenant_of, without_lone_surrogates
from bot.edge.send_budget import SENDING_TENANT
from bot.settings import Settings
from bot.texts import locale_of
from bot.turn import Reply

log = logging.getLogger("consult.adapter")
BEARER = re.compile(r"Bearer ([^\s]+)")
BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"  # who signs what the Bot Connector posts to the bot
MULTI_TENANT = "botframework.com"  # the tenant of botbuilder's MultiTenant credentials
APP_TYPES = {"MultiTenant": AuthTypes.client_secret, "SingleTenant": AuthTypes.client_secret}


def auth_configuration(settings: Settings) -> AgentAuthConfiguration:
    """MicrosoftAppId/Password/TenantId/Type as the SDK's SERVICE_CONNECTION (in its own environment names:
    CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID, …CLIENTSECRET, …TENANTID, …AUTHTYPE, …AUTHORITY), with
    BOT_LOGIN_URL as the authority the outbound token comes from. No app id: anonymous requests are allowed and
    replies go out without a token (the emulator, the Agents Playground, the tests).

    Two SDK defaults are not taken. Issuers are checked, and only the Bot Framework channel's is accepted (as
    botbuilder's channel validation does): the SDK checks issuers only when asked, and its default list also holds
    Entra issuers. Without MicrosoftAppTenantId (MultiTenant) the tenant is `botframework.com`, as in botbuilder's
    MultiTenant credentials: the SDK's MSAL client refuses to get a token without one (`MsalAuth._resolve_tenant_id`
    raises "TENANT_ID is not set", on every turn: it builds a user-token client per turn)."""
    if not settings.auth_enabled:
        return AgentAuthConfiguration(anonymous_allowed=True)
    tenant = settings.microsoft_app_tenant_id or MULTI_TENANT
    return AgentAuthConfiguration(
        auth_type=APP_TYPES.get(settings.microsoft_app_type, AuthTypes.user_managed_identity),
        client_id=settings.microsoft_app_id,
        tenant_id=tenant,
        client_secret=settings.microsoft_app_password.get_secret_value() or None,
        authority=settings.bot_login_url or None,
        issuers=[BOT_FRAMEWORK_ISSUER],
        validate_issuer=True,
        anonymous_allowed=False,
    )


class _CheckedRequest:
    """The request as the SDK's HttpAdapterBase reads it (HttpRequestProtocol), with the body already checked."""

    def __init__(self, request: web.Request, body: dict[str, Any], claims: ClaimsIdentity) -> None:
        self._request, self._body, self._claims = request, body, claims

    @property
    def method(self) -> str:
        return self._request.method

    @property
    def headers(self) -> Mapping[str, str]:
        return self._request.headers

    async def json(self) -> dict[str, Any]:
        return self._body

    def get_claims_identity(self) -> ClaimsIdentity:
        return self._claims

    def get_path_param(self, name: str) -> str:
        return self._request.match_info[name]


def _on_turn_error(logger: logging.Logger) -> Callable[[TurnContext, Exception], Awaitable[None]]:
    """Log ids, answer politely with a reference (the SDK's default sends the exception text to the user). A failed
    invoke still gets its answer: the polite message on a card, HTTP 200."""

    async def on_turn_error(context: TurnContext, error: Exception) -> None:
        ref, text = error_text(error, locale_of(context.activity.locale))
        log_failure(logger, context, error, ref, "on_turn_error")
        try:
            if context.activity.type == "invoke":
                await context.send_activity(card_invoke_response(Reply(text=text)))
            else:
                await context.send_activity(text)
        except Exception:
            logger.warning("could not send the error message", extra={"ref": ref})

    return on_turn_error


class _Anonymous(ClaimsIdentity):
    """The bot's own identity without an app id: anonymous whatever claims the SDK adds. `create_conversation` adds
    a `serviceurl` claim to the identity it makes, and `ClaimsIdentity.allow_anonymous` requires no claims at all,
    so the SDK would then ask MSAL for tokens (which refuses to run without an app id)."""

    @property
    def allow_anonymous(self) -> bool:
        return True


class AnonymousCapableAdapter(CloudAdapter):
    """The SDK's aiohttp CloudAdapter with the project's connector clients (kept-alive connections, Teams' send
    budget: connector.py); every turn's sends count against its tenant's budget; without an app id its proactive
    turns (continue and create conversation) are anonymous like its inbound ones: no token on any call, as on the
    botbuilder host."""

    def __init__(self, connection_manager: MsalConnectionManager, *, anonymous: bool) -> None:
        self.connectors = PooledConnectorFactory(connection_manager, HttpPool())
        super().__init__(connection_manager=connection_manager, channel_service_client_factory=self.connectors)
        self._anonymous = anonymous

    async def run_pipeline(  # type: ignore[override]  # reason: the SDK's TurnContext, as CloudAdapter declares it
        self, context: TurnContext, callback: Callable[[TurnContext], Awaitable[Any]] | None = None
    ) -> None:
        """Every turn, inbound or proactive: its sends count against its tenant's Teams budget (a proactive turn
        whose reference names no tenant keeps the one its sender set: see ProactiveNotifier.deliver)."""
        token = SENDING_TENANT.set(tenant_of(context.activity) or SENDING_TENANT.get())
        try:
            await super().run_pipeline(context, callback)
        finally:
            SENDING_TENANT.reset(token)

    async def close(self) -> None:
        """Close the kept-alive connections to the Bot Connector (at shutdown)."""
        await self.connectors.close()

    def create_claims_identity(self, agent_app_id: str = "") -> ClaimsIdentity:
        if self._anonymous:
            return _Anonymous()
        return super().create_claims_identity(agent_app_id)


def agents_adapter(settings: Settings) -> AnonymousCapableAdapter:
    """The adapter with the SERVICE_CONNECTION of `auth_configuration` and the project's turn-error answer."""
    configuration = auth_configuration(settings)
    connections = MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": configuration})
    adapter = AnonymousCapableAdapter(connections, anonymous=not settings.auth_enabled)
    adapter.on_turn_error = _on_turn_error(logging.getLogger("consult.turn"))
    return adapter


class AgentsHost:
    def __init__(self, settings: Settings, adapter: AnonymousCapableAdapter, agent: ConsultationAgent) -> None:
        self.configuration = auth_configuration(settings)
        self.adapter = adapter
        self.agent = agent
        self.allowed_tenants = frozenset(settings.allowed_tenant_ids)
        self.authenticated = settings.auth_enabled
        self._endorsements = Endorsements()

    async def process(self, request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "Content-Type must be application/json"}, status=415)
        try:
            body = without_lone_surrogates(await request.json())
            activity = Activity.model_validate(body) if isinstance(body, dict) else None
        except (ValueError, TypeError, ValidationError, RecursionError):  # the SDK would answer a 500 for these
            activity = None
        if activity is None or not addressable(activity):
            return web.json_response({"error": "the body must be a Bot Framework activity"}, status=400)
        claims = await self._authenticate(request, activity)
        if isinstance(claims, web.Response):
            return claims
        if self.allowed_tenants and tenant_of(activity) not in self.allowed_tenants:
            log.warning("activity from a tenant that is not allowed", extra={"activity_id": activity.id})
            return web.json_response({"error": "tenant not allowed"}, status=403)
        answer = await self.adapter.process_request(_CheckedRequest(request, body, claims), self.agent)
        if answer.body is not None:
            return web.json_response(
                json.loads(json.dumps(answer.body, default=str)), status=answer.status_code, headers=answer.headers
            )
        return web.Response(status=answer.status_code, headers=answer.headers)

    async def _authenticate(self, request: web.Request, activity: Activity) -> ClaimsIdentity | web.Response:
        """The caller's claims, or the answer that refuses the request. Without an app id every request is anonymous
        (replies go out without a token), as on the botbuilder host.

        Besides the SDK's checks (signature, lifetime, audience, issuer), as botbuilder does: a token from another
        issuer is refused before any signing key is looked up, the signing key must be endorsed for the activity's
        channel (endorsements.py), and the token's `serviceurl` must be the activity's (the SDK only logs a
        mismatch unless its host validator is on, `HttpAdapterBase._validate_service_url`)."""
        if not self.authenticated:
            return ClaimsIdentity()
        match = BEARER.fullmatch(request.headers.get("Authorization", "").strip())
        if match is None:
            return _unauthorized("missing or malformed header")
        token = match.group(1)
        try:
            issuer = jwt.decode(token, options={"verify_signature": False}).get("iss")
            if issuer != BOT_FRAMEWORK_ISSUER:
                return _unauthorized("issuer")
            claims = await JwtTokenValidator(self.configuration).validate_token(token)
            kid = str(jwt.get_unverified_header(token).get("kid"))
            if not await self._endorsements.endorsed(issuer, kid, str(activity.channel_id or "")):
                return _unauthorized("key not endorsed for the channel")
        except jwt.PyJWKClientConnectionError as error:  # the signing keys could not be read: try again later
            log.warning("authentication metadata unavailable", extra={"error_type": type(error).__name__})
            return web.json_response({"error": "authentication unavailable"}, status=503)
        except (jwt.PyJWTError, ValueError, LookupError) as error:  # LookupError: a token without `kid`
            return _unauthorized(type(error).__name__)
        if claims.get_claim_value("serviceurl") != activity.service_url:
            return _unauthorized("serviceurl")
        return claims


def _unauthorized(why: str) -> web.Response:
    log.info("request refused: not authenticated", extra={"error_type": why})
    return web.json_response({"error": "unauthorized"}, status=401)
