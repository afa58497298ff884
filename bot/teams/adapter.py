"""CloudAdapter with the invoke-response fix for botbuilder 4.17.1 and clear 4xx answers for bad requests.

4.17.1's aiohttp CloudAdapter serializes an invoke response body twice, which turns every invoke that returns a
body (Action.Execute included) into HTTP 500 (see PLAYGROUND.md §6). Here the body is serialized only while it is
still an msrest Model.

Authentication runs before anything else, outside the turn, so every way botbuilder rejects a token is a 401 (it
raises more than PermissionError) and the tenant check only ever sees authenticated activities.
"""

import json
import logging
import re
from typing import Any

import jwt
import requests
from aiohttp import web
from botbuilder.core import Bot, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity
from msrest.exceptions import DeserializationError, SerializationError
from msrest.serialization import Model

from bot.edge.requests import (
    MALFORMED_CARD_ACTION,
    addressable,
    malformed_card_action,
    tenant_of,
    without_lone_surrogates,
)
from bot.edge.send_budget import SENDING_TENANT
from bot.teams.connector_cache import PooledAuthentication

log = logging.getLogger("consult.adapter")
BEARER = re.compile(r"Bearer [^\s]+")


def _json_safe(body: Any) -> Any:
    if isinstance(body, Model):
        try:
            return body.serialize()
        except SerializationError:
            # The SDK's own 400 for a malformed Action.Execute carries an Exception object as `value`.
            fields = body._attribute_map.items()
            body = {spec["key"]: getattr(body, name) for name, spec in fields if getattr(body, name, None) is not None}
    return json.loads(json.dumps(body, default=_plain))


def _plain(value: Any) -> Any:
    if isinstance(value, Exception):
        return {"code": str(value.args[0]) if value.args else "Error", "message": " ".join(map(str, value.args[1:]))}
    return str(value)


def is_rejected_token(error: Exception) -> bool:
    """What botbuilder 4.17.1 raises for a bad Authorization header. Besides PermissionError it lets PyJWT's errors
    through (expired, bad signature, undecodable), an IndexError or KeyError for a `kid` not in the JWKS (or a
    token without `iss`), and a bare Exception for a disallowed algorithm or a channel the key is not endorsed for."""
    return isinstance(error, PermissionError | jwt.PyJWTError | LookupError) or type(error) is Exception


class ConsultAdapter(CloudAdapter):
    """Every request is authenticated first (401 and nothing done when it fails). `allowed_tenants`: when not empty,
    authenticated activities from other tenants are refused (403) and nothing is done."""

    def __init__(self, auth: Any, *, allowed_tenants: frozenset[str] = frozenset()) -> None:
        super().__init__(PooledAuthentication(auth))  # connector clients reused per service URL, kept-alive HTTP
        self.allowed_tenants = allowed_tenants

    async def run_pipeline(self, context: TurnContext, callback: Any = None) -> Any:
        """Every turn, inbound or proactive: its sends count against its tenant's Teams budget (a proactive turn
        whose reference names no tenant keeps the one its sender set: see ProactiveNotifier.deliver)."""
        token = SENDING_TENANT.set(tenant_of(context.activity) or SENDING_TENANT.get())
        try:
            return await super().run_pipeline(context, callback)
        finally:
            SENDING_TENANT.reset(token)

    async def close(self) -> None:
        """Close the kept-alive connections to the Bot Connector (at shutdown)."""
        await self.bot_framework_authentication.close()

    async def process(self, request: web.Request, bot: Bot, ws_response: Any = None) -> web.Response | None:
        if request.method != "POST":
            return await super().process(request, bot, ws_response)
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "Content-Type must be application/json"}, status=415)
        try:
            body = without_lone_surrogates(await request.json())
            activity = Activity().deserialize(body) if isinstance(body, dict) else None
        except (ValueError, TypeError, AttributeError, KeyError, DeserializationError, RecursionError):
            activity = None  # RecursionError: JSON nested deeper than the parser goes
        if activity is None or not activity.type or not addressable(activity):
            return web.json_response({"error": "the body must be a Bot Framework activity"}, status=400)
        header = request.headers.get("Authorization", "").strip() or None
        if header is not None and not BEARER.fullmatch(header):  # botbuilder fails on other shapes with a 500
            log.info("request refused: not authenticated", extra={"error_type": "malformed Authorization header"})
            return web.json_response({"error": "unauthorized"}, status=401)
        try:
            authenticated = await self.bot_framework_authentication.authenticate_request(activity, header)
        except requests.RequestException as error:  # the OpenID metadata could not be read: try again later
            log.warning("authentication metadata unavailable", extra={"error_type": type(error).__name__})
            return web.json_response({"error": "authentication unavailable"}, status=503)
        except Exception as error:
            if not is_rejected_token(error):
                raise
            log.info("request refused: not authenticated", extra={"error_type": type(error).__name__})
            return web.json_response({"error": "unauthorized"}, status=401)
        if self.allowed_tenants and tenant_of(activity) not in self.allowed_tenants:
            log.warning("activity from a tenant that is not allowed", extra={"activity_id": activity.id})
            return web.json_response({"error": "tenant not allowed"}, status=403)
        if malformed_card_action(activity):
            return web.json_response(MALFORMED_CARD_ACTION, status=400)
        invoke = await self.process_activity(authenticated, activity, bot.on_turn)
        if invoke is None:
            return web.Response(status=201)
        return web.json_response(_json_safe(invoke.body), status=invoke.status)
