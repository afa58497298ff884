"""Keeps each conversation's reference in SQL (on install and on inbound messages) for proactive messages."""

from botbuilder.core import TurnContext

from bot.deps import Deps
from bot.teams.translate import place_from


async def remember_conversation(turn_context: TurnContext, deps: Deps) -> None:
    activity = turn_context.activity
    if activity.conversation is None or not activity.conversation.id or not activity.service_url:
        return
    reference = TurnContext.get_conversation_reference(activity).serialize()
    reference.pop("activityId", None)  # changes every message; the conversation is what matters
    sender = activity.from_property
    user_id = (getattr(sender, "aad_object_id", None) or getattr(sender, "id", None) or "") if sender else ""
    conversation_type = activity.conversation.conversation_type or ""
    async with deps.uow() as uow:
        await uow.conversation_refs.save(
            activity.conversation.id,
            reference,
            now=deps.clock.now(),
            tenant_id=place_from(activity).tenant_id,
            user_id=user_id if conversation_type == "personal" else "",
            conversation_type=conversation_type,
        )
