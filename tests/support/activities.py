"""Builders of Teams activities as the Bot Connector posts them (channel msteams)."""

import itertools
from typing import Any

BOT = {"id": "28:consult-bot", "name": "相談ボット"}
TENANT = "00000000-0000-0000-0000-000000000001"
REQUESTER = {"id": "29:requester", "name": "山田 花子", "aadObjectId": "aad-requester"}
SUPPORT = {"id": "29:support", "name": "佐藤 一郎", "aadObjectId": "aad-support"}
OUTSIDER = {"id": "29:outsider", "name": "鈴木 次郎", "aadObjectId": "aad-outsider"}
CHANNEL = "19:consult-desk@thread.tacv2"
_ids = itertools.count(1000)


def _base(service_url: str, conversation: dict, sender: dict, locale: str) -> dict[str, Any]:
    return {
        "channelId": "msteams",
        "serviceUrl": service_url,
        "id": f"in-{next(_ids)}",
        "timestamp": "2026-11-28T01:00:00.000Z",
        "from": dict(sender),
        "recipient": dict(BOT),
        "conversation": conversation,
        "locale": locale,
        "channelData": {"tenant": {"id": TENANT}},
    }


def personal(conversation_id: str = "a:personal-requester") -> dict:
    return {"id": conversation_id, "conversationType": "personal", "tenantId": TENANT}


def channel_thread(post_id: str) -> dict:
    return {"id": f"{CHANNEL};messageid={post_id}", "conversationType": "channel", "isGroup": True, "tenantId": TENANT}


def message(
    service_url: str, text: str, *, sender: dict = REQUESTER, conversation: dict | None = None, locale: str = "ja-JP"
) -> dict:
    activity = _base(service_url, conversation or personal(), sender, locale)
    activity.update({"type": "message", "text": text, "textFormat": "plain"})
    return activity


def channel_mention(service_url: str, text: str, *, post_id: str = "1700000000001", sender: dict = REQUESTER) -> dict:
    mention = f"<at>{BOT['name']}</at>"
    activity = message(service_url, f"{mention} {text}", sender=sender, conversation=channel_thread(post_id))
    activity["id"] = post_id
    activity["entities"] = [{"type": "mention", "text": mention, "mentioned": dict(BOT)}]
    activity["channelData"].update(
        {
            "teamsChannelId": CHANNEL,
            "teamsTeamId": "19:team@thread.tacv2",
            "channel": {"id": CHANNEL},
            "team": {"id": "19:team@thread.tacv2"},
        }
    )
    return activity


def card_invoke(
    service_url: str,
    verb: str | None,
    data: Any,
    *,
    reply_to_id: str,
    sender: dict = SUPPORT,
    conversation: dict | None = None,
    locale: str = "ja-JP",
) -> dict:
    activity = _base(service_url, conversation or personal(), sender, locale)
    activity.update(
        {
            "type": "invoke",
            "name": "adaptiveCard/action",
            "replyToId": reply_to_id,
            "value": {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"},
        }
    )
    return activity


GROUP_CHAT = {"id": "19:group-chat@thread.v2", "conversationType": "groupChat", "isGroup": True, "tenantId": TENANT}


def user_of(account: dict) -> dict:
    """A person as a message payload names them (`from.user`, `mentioned.user`): Entra id and display name."""
    return {"user": {"id": account["aadObjectId"], "displayName": account["name"], "userIdentityType": "aadUser"}}


def message_payload(
    html: str, *, author: dict = REQUESTER, message_id: str = "1700000000500", mentions: tuple[dict, ...] = ()
) -> dict:
    """The message a message action was used on, as Teams sends it (`messagePayload`), its body in HTML."""
    return {
        "id": message_id,
        "createdDateTime": "2026-11-28T00:59:00.000Z",
        "deleted": False,
        "body": {"contentType": "html", "content": html},
        "from": user_of(author),
        "mentions": [
            {"id": i, "mentionText": m["name"], "mentioned": user_of(m)} for i, m in enumerate(mentions)
        ],
    }


def extension_invoke(
    service_url: str,
    kind: str,
    value: Any,
    *,
    sender: dict = SUPPORT,
    conversation: dict | None = None,
    locale: str = "ja-JP",
) -> dict:
    """A message-extension invoke (`kind`: fetchTask, submitAction, query, queryLink) as Teams posts it."""
    activity = _base(service_url, conversation or GROUP_CHAT, sender, locale)
    activity.update({"type": "invoke", "name": f"composeExtension/{kind}", "value": value})
    return activity
