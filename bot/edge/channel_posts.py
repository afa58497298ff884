"""Posting a card as a new message in a channel (the weekly summary), from a stored conversation reference, through
the host's transport (bot/edge/notify.py)."""

import logging

from bot.domain.ports import UnitOfWorkFactory
from bot.edge.notify import Transport, retrying
from bot.turn import Reply

log = logging.getLogger("consult.channel_posts")


class ChannelPoster:
    """Implements bot.domain.ports.ChannelPoster."""

    def __init__(self, transport: Transport, uow: UnitOfWorkFactory) -> None:
        self._transport, self._uow = transport, uow

    async def post(self, channel_id: str, card: dict) -> str:
        async with self._uow() as u:
            reference = await u.conversation_refs.for_channel(channel_id)
        if reference is None:
            log.warning(
                "no conversation reference for the channel: run 設定 集計 there", extra={"channel_id": channel_id}
            )
            return ""
        reference = {**reference, "conversation": {**(reference.get("conversation") or {}), "id": channel_id}}
        # A new post replies to nothing: the stored reference's activity (a message in some thread) is not in the
        # channel's root conversation, and the Agents SDK would send the post as a reply to it (Teams and the
        # playground answer 400 ActivityNotFoundInConversation).
        reference.pop("activityId", None)
        found = reference
        try:
            return await retrying(
                lambda: self._transport.send(found, Reply(card=card)), self._transport, what="channel_post"
            )
        except Exception as error:
            log.warning("channel post failed", extra={"channel_id": channel_id, "error_type": type(error).__name__})
            return ""
