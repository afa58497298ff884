"""Sending a Reply into the current conversation, and remembering where a status card was posted."""

from dataclasses import replace

from botbuilder.core import TurnContext

from bot.deps import Deps
from bot.services import intake
from bot.teams.translate import place_from, reply_activity
from bot.turn import Reply


async def send_reply(ctx: TurnContext, reply: Reply, deps: Deps) -> None:
    if not reply.text and reply.card is None:
        return
    response = await ctx.send_activity(reply_activity(reply))
    if reply.consultation_id and response is not None and response.id:
        place = replace(place_from(ctx.activity), card_activity_id=response.id)
        await intake.record_card(deps.uow, reply.consultation_id, place)
