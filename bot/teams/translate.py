"""Activity <-> pure turn types: Actor, MessageInput, CardAction in; Reply out as activities and invoke bodies."""

import copy
from typing import Any

from botbuilder.core import CardFactory, MessageFactory
from botbuilder.schema import Activity, ActivityTypes, AdaptiveCardInvokeResponse, Attachment

from bot.cards.elements import card, text_block
from bot.deps import Deps
from bot.domain.consultation import Person, Place
from bot.routing import split_command
from bot.teams.wire_json import WireInvokeResponse
from bot.texts import locale_of
from bot.turn import Actor, CardAction, MessageInput, Reply

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
ERROR_CONTENT_TYPE = "application/vnd.microsoft.error"
MAX_ID = 2**31 - 1  # consultations.id is an INTEGER (int4 on PostgreSQL)


async def actor_from(activity: Activity, deps: Deps) -> Actor:
    sender = activity.from_property
    aad = getattr(sender, "aad_object_id", None) or ""
    teams_id = getattr(sender, "id", None) or ""
    person = Person(id=aad or teams_id, name=(getattr(sender, "name", None) or "")[:200], teams_id=teams_id)
    support = deps.open_support or await deps.roster.is_member((aad, teams_id))
    return Actor(person=person, locale=locale_of(activity.locale), is_support=support)


def json_object(value: object) -> dict[str, Any]:
    """`value` if it is a JSON object, else an empty one (channelData and its parts come unchecked from the wire)."""
    return value if isinstance(value, dict) else {}


def place_from(activity: Activity) -> Place:
    conversation_id = activity.conversation.id if activity.conversation else ""
    data = json_object(activity.channel_data)
    channel = json_object(data.get("channel"))
    tenant = json_object(data.get("tenant"))
    _, _, thread = conversation_id.partition(";messageid=")
    return Place(
        conversation_id=conversation_id,
        channel_id=str(channel.get("id") or data.get("teamsChannelId") or ""),
        thread_id=thread,
        tenant_id=str(tenant.get("id") or getattr(activity.conversation, "tenant_id", None) or ""),
    )


def message_input(activity: Activity) -> MessageInput:
    if _bot_mentions(activity):  # the prompts of a running dialog read activity.text: strip it there too
        activity.text = _without_bot_mentions(activity)
    text = (activity.text or "").strip()
    command, args = split_command(text)
    conversation_type = getattr(activity.conversation, "conversation_type", None) or "personal"
    place = place_from(activity)
    data = json_object(activity.channel_data)
    team = json_object(data.get("team"))
    return MessageInput(
        text=text,
        command=command,
        args=args,
        place=place,
        activity_id=_source_id(activity),
        personal=conversation_type == "personal",
        mentioned=conversation_type == "personal" or _mentions_bot(activity),
        team_id=str(team.get("id") or data.get("teamsTeamId") or ""),
        reply_in_thread=bool(place.thread_id) and place.thread_id != (activity.id or ""),
    )


def _mentions_bot(activity: Activity) -> bool:
    return bool(_bot_mentions(activity))


def _bot_mentions(activity: Activity) -> list[str]:
    """The markup (`<at>相談ボット</at>`) of each mention of the bot. Entities arrive as plain Entity objects: the
    mentioned account is in their additional properties. botbuilder's `TurnContext.get_mentions` and
    `remove_recipient_mention` raise on an entity that is null, has no type, or lacks `mentioned`/`text`."""
    bot_id = getattr(activity.recipient, "id", None)
    found = []
    for entity in activity.entities or []:
        extra = getattr(entity, "additional_properties", None) or {}
        mentioned, markup = extra.get("mentioned"), extra.get("text")
        if (
            str(getattr(entity, "type", None) or "").lower() == "mention"
            and isinstance(mentioned, dict)
            and bot_id
            and mentioned.get("id") == bot_id
            and isinstance(markup, str)
        ):
            found.append(markup)
    return found


def _without_bot_mentions(activity: Activity) -> str:
    text = activity.text if isinstance(activity.text, str) else ""
    for markup in _bot_mentions(activity):
        text = text.replace(markup, "") if markup else text
    return text


def _source_id(activity: Activity) -> str:
    conversation_id = activity.conversation.id if activity.conversation else ""
    return f"msg:{conversation_id}:{activity.id}" if activity.id else ""


def card_action(activity: Activity, verb: str | None, data: Any) -> CardAction:
    """A card click, from an Action.Execute invoke or an Action.Submit fallback message."""
    data = dict(data) if isinstance(data, dict) else {}
    data.pop("verb", None)
    consultation_id = _consultation_id(data.pop("consultation_id", None))
    return CardAction(
        verb=verb if isinstance(verb, str) else "",
        consultation_id=consultation_id,
        inputs=data,
        card_activity_id=activity.reply_to_id or "",
        place=place_from(activity),
        activity_id=f"act:{activity.conversation.id if activity.conversation else ''}:{activity.id}"
        if activity.id
        else "",
    )


def _consultation_id(raw: Any) -> int | None:
    """A positive int that fits the INTEGER key, or its plain ASCII digits; anything else is no id. (`"¹".isdigit()`
    is true but `int("¹")` raises; 5,000 digits exceed int()'s limit; 2**40 overflows PostgreSQL's int4.)"""
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= len(str(MAX_ID)):
        raw = int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 < raw <= MAX_ID:
        return raw
    return None


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
