"""The Teams edge as app.py builds it, for tests that drive it without the web app: the adapter, and conversation
references as the bot stores them (1:1 chat, channel thread)."""

import logging

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity

from bot.settings import Settings
from bot.teams.adapter import ConsultAdapter
from bot.teams.errors import make_on_turn_error
from tests.support import activities as a


def make_adapter() -> ConsultAdapter:
    """Built as app.py builds it (empty app id: no Authorization header), with the same on_turn_error."""
    adapter = ConsultAdapter(ConfigurationBotFrameworkAuthentication(Settings(database_url="sqlite://").bot_auth()))
    adapter.on_turn_error = make_on_turn_error(logging.getLogger("consult.turn"))
    return adapter


def personal_ref(url: str, conversation_id: str = "a:personal-requester") -> dict:
    """The reference of the requester's 1:1 chat with the bot, at the connector `url`."""
    return {
        "bot": dict(a.BOT),
        "user": {"id": "29:requester", "aadObjectId": "aad-requester"},
        "conversation": {"id": conversation_id, "conversationType": "personal", "tenantId": a.TENANT},
        "channelId": "msteams",
        "serviceUrl": url,
    }


def thread_ref(url: str) -> dict:
    """What remember_conversation stores for a channel mention (the SDK serializes the tenant as `tenantID`)."""
    activity = Activity().deserialize(a.channel_mention(url, "相談", post_id="1700000000001"))
    reference = TurnContext.get_conversation_reference(activity).serialize()
    reference.pop("activityId", None)
    return reference
