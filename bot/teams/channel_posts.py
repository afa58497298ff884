"""Posting a card as a new message in a channel (the weekly summary), from a stored conversation reference."""

import logging

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter

from bot.domain.ports import UnitOfWorkFactory
from bot.teams.proactive import run_in_conversation, with_retries
from bot.teams.translate import reply_activity
from bot.turn import Reply

log = logging.getLogger("consult.channel_posts")


class TeamsChannelPoster:
    """Implements bot.domain.ports.ChannelPoster."""

    def __init__(self, adapter: CloudAdapter, app_id: str, uow: UnitOfWorkFactory) -> None:
        self._adapter, self._app_id, self._uow = adapter, app_id, uow

    async def post(self, channel_id: str, card: dict) -> str:
        async with self._uow() as u:
            reference = await u.conversation_refs.for_channel(channel_id)
        if reference is None:
            log.warning(
                "no conversation reference for the channel: run 設定 集計 there", extra={"channel_id": channel_id}
            )
            return ""
        reference = {**reference, "conversation": {**(reference.get("conversation") or {}), "id": channel_id}}

        async def send(ctx: TurnContext) -> str:
            response = await with_retries(
                lambda: ctx.send_activity(reply_activity(Reply(card=card))), what="channel_post"
            )
            return getattr(response, "id", "") or ""

        try:
            return await run_in_conversation(self._adapter, reference, self._app_id, send)
        except Exception as error:
            log.warning("channel post failed", extra={"channel_id": channel_id, "error_type": type(error).__name__})
            return ""
