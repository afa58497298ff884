"""Reading an inbound activity into the pure turn types (Actor, MessageInput, CardAction, Place), and a Reply into
an Action.Execute invoke body, for either host. SDK-free: the activity is read by attribute, which botbuilder's
msrest models and the Agents SDK's pydantic models spell alike (`from_property`, `channel_data`, `reply_to_id`,
`conversation.conversation_type`); where they differ (mention entities) both shapes are read."""

from typing import Any

from bot.cards.elements import card, text_block
from bot.deps import Deps
from bot.domain.consultation import Person, Place
from bot.routing import split_command
from bot.texts import locale_of
from bot.turn import Actor, CardAction, MessageInput, Reply

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
ERROR_CONTENT_TYPE = "application/vnd.microsoft.error"
MAX_ID = 2**31 - 1  # consultations.id is an INTEGER (int4 on PostgreSQL)
Activity = Any  # botbuilder.schema.Activity or microsoft_agents.activity.Activity


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


def opens_thread(activity: Activity) -> bool:
    """A channel post that starts its own thread (the conversation is `<channel>;messageid=<this activity's id>`): no
    conversation (dialog) can be open in it yet, so its state need not be read."""
    conversation_id = activity.conversation.id if activity.conversation else ""
    _, _, thread = conversation_id.partition(";messageid=")
    return bool(thread) and thread == (activity.id or "")


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
    """The markup (`<at>相談ボット</at>`) of each mention of the bot. botbuilder's entities arrive as plain Entity
    objects with the mentioned account (a dict) in their additional properties; the Agents SDK parses them into
    Mention objects (`mentioned` a ChannelAccount, `text` a field, `type` an EntityTypes member). botbuilder's
    `TurnContext.get_mentions` and `remove_recipient_mention` raise on an entity that is null, has no type, or lacks
    `mentioned`/`text`."""
    bot_id = getattr(activity.recipient, "id", None)
    found = []
    for entity in activity.entities or []:
        extra = getattr(entity, "additional_properties", None) or {}
        mentioned = getattr(entity, "mentioned", None) or extra.get("mentioned")
        markup = getattr(entity, "text", None) or extra.get("text")
        mentioned_id = mentioned.get("id") if isinstance(mentioned, dict) else getattr(mentioned, "id", None)
        kind = getattr(entity, "type", None)
        kind = getattr(kind, "value", kind)  # the Agents SDK's Mention.type is an EntityTypes member
        if (
            str(kind or "").lower() == "mention"
            and bot_id
            and mentioned_id == bot_id
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


def invoke_body(reply: Reply) -> dict[str, Any]:
    """The adaptiveCard/action response body: the card the clicker sees (a text card when there is none), or the
    error body of a refused click; `statusCode` is the HTTP status to answer with."""
    if reply.status >= 400:
        return {
            "statusCode": reply.status,
            "type": ERROR_CONTENT_TYPE,
            "value": {"code": "BadRequest", "message": reply.text},
        }
    shown = reply.card if reply.card is not None else card([text_block(reply.text, weight="Bolder")])
    return {"statusCode": 200, "type": CARD_CONTENT_TYPE, "value": shown}
