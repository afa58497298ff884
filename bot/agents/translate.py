"""Replies out as Agents SDK activities; reading inbound activities is shared with bot/teams (bot/edge/translate.py)."""

from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, Attachment, InvokeResponse

from bot.edge.translate import CARD_CONTENT_TYPE, invoke_body
from bot.turn import Reply


def card_attachment(card_json: dict[str, Any]) -> Attachment:
    return Attachment(content_type=CARD_CONTENT_TYPE, content=card_json)


def reply_activity(reply: Reply) -> Activity:
    if reply.card is not None:
        activity = Activity(type=ActivityTypes.message, attachments=[card_attachment(reply.card)])
        if reply.text:
            activity.text = reply.text
        return activity
    return Activity(type=ActivityTypes.message, text=reply.text)


def card_update(card_json: dict[str, Any], activity_id: str) -> Activity:
    return Activity(type=ActivityTypes.message, id=activity_id, attachments=[card_attachment(card_json)])


def invoke_response_activity(status: int, body: dict[str, Any] | None) -> Activity:
    """What the adapter turns into the HTTP answer of an invoke (`ChannelServiceAdapter._process_turn_results`)."""
    response = InvokeResponse(status=status, body=body)
    return Activity(type=ActivityTypes.invoke_response, value=response.model_dump(by_alias=True, exclude_none=True))


def card_invoke_response(reply: Reply) -> Activity:
    """The HTTP status follows the body's statusCode, so a refused click is a real 400."""
    body = invoke_body(reply)
    return invoke_response_activity(int(body["statusCode"]), body)
