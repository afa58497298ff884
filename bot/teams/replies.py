"""Sending a Reply into the current conversation, and remembering where a status card was posted."""

from dataclasses import replace

from botbuilder.core import TurnContext

from bot.deps import Deps
from bot.services import intake
from bot.teams.translate import place_from, reply_activity
from bot.turn import Reply


async def send_reply(ctx: TurnContext, reply: Reply, deps: Deps) -> None:
    """A message everyone in the conversation sees: the shared card when there is one."""
    card = reply.shared_card if reply.shared_card is not None else reply.card
    if not reply.text and card is None:
        return
    response = await ctx.send_activity(reply_activity(replace(reply, card=card)))
    if reply.consultation_id and response is not None and response.id:
        place = replace(place_from(ctx.activity), card_activity_id=response.id)
        await intake.record_card(deps.uow, reply.consultation_id, place)
