"""Activity <-> pure turn types: Actor, MessageInput, CardAction in; Reply out as activities and invoke bodies."""

import copy

from botbuilder.core import CardFactory, MessageFactory
from botbuilder.schema import Activity, ActivityTypes, AdaptiveCardInvokeResponse, Attachment

from bot.cards.elements import card, text_block
from bot.edge.translate import (  # noqa: F401  (re-exported: the reading of activities is shared with bot/agents)
    CARD_CONTENT_TYPE,
    ERROR_CONTENT_TYPE,
    MAX_ID,
    actor_from,
    card_action,
    json_object,
    message_input,
    place_from,
)
from bot.teams.wire_json import WireInvokeResponse
from bot.texts import locale_of  # noqa: F401  (re-exported: the edge reads activities' locales through here)
from bot.turn import Reply


class CardAttachment(Attachment):
    """An Adaptive Card attachment whose copies share the card. botbuilder deep-copies every activity it sends
    (`TurnContext.send_activities`); the cards built here are never changed once built, so copying them (a few
    thousand nodes) is work for nothing."""

    def __deepcopy__(self, memo: dict) -> "CardAttachment":
        return copy.copy(self)


def card_attachment(card_json: dict) -> Attachment:
    """What `CardFactory.adaptive_card` makes, as a CardAttachment."""
    return CardAttachment(content_type=CardFactory.content_types.adaptive_card, content=card_json)


def reply_activity(reply: Reply) -> Activity:
    if reply.card is not None:
        activity = MessageFactory.attachment(card_attachment(reply.card))
        if reply.text:
            activity.text = reply.text
        return activity
    return MessageFactory.text(reply.text)


def card_update(card_json: dict, activity_id: str) -> Activity:
    activity = MessageFactory.attachment(card_attachment(card_json))
    activity.id = activity_id
    activity.type = ActivityTypes.message
    return activity


def invoke_response(reply: Reply) -> AdaptiveCardInvokeResponse:
    """Serialised by botbuilder into the same body as a plain AdaptiveCardInvokeResponse, only cheaper."""
    if reply.status >= 400:
        return WireInvokeResponse(
            status_code=reply.status,
            type=ERROR_CONTENT_TYPE,
            value={"code": "BadRequest", "message": reply.text},
        )
    shown = reply.card if reply.card is not None else card([text_block(reply.text, weight="Bolder")])
    return WireInvokeResponse(status_code=200, type=CARD_CONTENT_TYPE, value=shown)
