"""Checks of an inbound request body that both hosts make before a turn runs: lone surrogates replaced, an activity
the bot can answer, the sending tenant, an Action.Execute whose `action` is not an object. SDK-free (the activity
is read by attribute)."""

import re
from typing import Any
from urllib.parse import urlsplit

from bot.edge.translate import json_object

MALFORMED_CARD_ACTION = {
    "statusCode": 400,
    "type": "application/vnd.microsoft.error",
    "value": {"code": "BadRequest", "message": "Value property is not properly formed"},
}
_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(body: Any) -> Any:
    """JSON may spell lone UTF-16 surrogates (`"\\ud800"`); no database, log or Teams accepts them, so every
    string (keys too) gets U+FFFD in their place before anything reads the activity. Iterative: depth is no limit."""
    root = [body]
    pending: list[tuple[Any, Any]] = [(root, 0)]
    while pending:
        container, key = pending.pop()
        value = container[key]
        if isinstance(value, str):
            if _SURROGATE.search(value):
                container[key] = _SURROGATE.sub("\ufffd", value)
        elif isinstance(value, list):
            pending.extend((value, i) for i in range(len(value)))
        elif isinstance(value, dict):
            if any(_SURROGATE.search(k) for k in value if isinstance(k, str)):
                fixed = {_SURROGATE.sub("\ufffd", k) if isinstance(k, str) else k: v for k, v in value.items()}
                value.clear()
                value.update(fixed)
            pending.extend((value, k) for k in value)
    return root[0]


def addressable(activity: Any) -> bool:
    """What every turn needs and Teams always sends: where to answer (an http(s) serviceUrl: without one botbuilder
    would post to https://api.botframework.com), the channel, conversation, sender and recipient ids (the dialog
    state is keyed by them; botbuilder raises without them)."""
    try:
        url = urlsplit(activity.service_url) if isinstance(activity.service_url, str) else None
    except ValueError:  # e.g. "http://[::1"
        url = None
    ids = (activity.channel_id, *(getattr(a, "id", None) for a in (activity.conversation, activity.from_property)))
    recipient = getattr(activity.recipient, "id", None)
    return (
        url is not None
        and url.scheme in ("http", "https")
        and bool(url.hostname)
        and all(isinstance(i, str) and i.strip() for i in (*ids, recipient))
    )


def malformed_card_action(activity: Any) -> bool:
    """botbuilder 4.17.1 calls `.get` on an adaptiveCard/action's `value.action`: when that is not an object the turn
    crashes (AttributeError) and the client gets a 501. Such an invoke gets the SDK's own 400 body instead."""
    if activity.type != "invoke" or activity.name != "adaptiveCard/action" or not isinstance(activity.value, dict):
        return False
    action = activity.value.get("action")
    return action is not None and not isinstance(action, dict)


def tenant_of(activity: Any) -> str:
    tenant = json_object(json_object(activity.channel_data).get("tenant"))
    conversation = activity.conversation
    extra = getattr(conversation, "additional_properties", None) or {}  # botbuilder keeps `tenantId` here
    from_conversation = extra.get("tenantId") if isinstance(extra, dict) else None
    return str(tenant.get("id") or from_conversation or getattr(conversation, "tenant_id", None) or "")
