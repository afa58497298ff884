"""CloudAdapter with the invoke-response fix for botbuilder 4.17.1 and clear 4xx answers for bad requests.

4.17.1's aiohttp CloudAdapter serializes an invoke response body twice, which turns every invoke that returns a
body (Action.Execute included) into HTTP 500 (see PLAYGROUND.md §6). Here the body is serialized only while it is
still an msrest Model.
"""

import json
import logging
from typing import Any

from aiohttp import web
from botbuilder.core import Bot
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity
from msrest.exceptions import DeserializationError, SerializationError
from msrest.serialization import Model

log = logging.getLogger("consult.adapter")


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


def tenant_of(activity: Activity) -> str:
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = data.get("tenant") if isinstance(data.get("tenant"), dict) else {}
    conversation = activity.conversation
    from_conversation = (conversation.additional_properties or {}).get("tenantId") if conversation else None
    return str(tenant.get("id") or from_conversation or getattr(conversation, "tenant_id", None) or "")


class ConsultAdapter(CloudAdapter):
    """`allowed_tenants`: when not empty, activities from other tenants are refused (403) and nothing is done."""

    def __init__(self, auth: Any, *, allowed_tenants: frozenset[str] = frozenset()) -> None:
        super().__init__(auth)
        self.allowed_tenants = allowed_tenants

    async def process(self, request: web.Request, bot: Bot, ws_response: Any = None) -> web.Response | None:
        if request.method != "POST":
            return await super().process(request, bot, ws_response)
        if "application/json" not in request.headers.get("Content-Type", ""):
            return web.json_response({"error": "Content-Type must be application/json"}, status=415)
        try:
            body = await request.json()
            activity = Activity().deserialize(body) if isinstance(body, dict) else None
        except (ValueError, TypeError, AttributeError, KeyError, DeserializationError):
            activity = None
        if activity is None or not activity.type:
            return web.json_response({"error": "the body must be a Bot Framework activity"}, status=400)
        auth_header = request.headers.get("Authorization", "")
        if self.allowed_tenants and tenant_of(activity) not in self.allowed_tenants:
            try:  # an unauthenticated request still gets 401, whatever its tenant
                await self.bot_framework_authentication.authenticate_request(activity, auth_header)
            except PermissionError:
                return web.json_response({"error": "unauthorized"}, status=401)
            log.warning("activity from a tenant that is not allowed", extra={"activity_id": activity.id})
            return web.json_response({"error": "tenant not allowed"}, status=403)
        try:
            invoke = await self.process_activity(auth_header, activity, bot.on_turn)
        except PermissionError:
            return web.json_response({"error": "unauthorized"}, status=401)
        if invoke is None:
            return web.Response(status=201)
        return web.json_response(_json_safe(invoke.body), status=invoke.status)
