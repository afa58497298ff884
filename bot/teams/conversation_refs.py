"""Keeps each conversation's reference in SQL (on install and on inbound messages) for proactive messages.

A reference changes rarely (a renamed chat, a new service URL), but every inbound message carries it: the keeper
remembers, per process, what it last stored for each conversation and writes only when that changes. Another
instance may have written the row since; the cache entry expires after `TTL`, so a reference is re-checked at
least that often.
"""

import time
from collections import OrderedDict
from collections.abc import Callable

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from bot.deps import Deps
from bot.teams.translate import place_from

TTL_SECONDS = 600.0
MAX_ENTRIES = 10_000


class ReferenceKeeper:
    def __init__(
        self,
        *,
        ttl: float = TTL_SECONDS,
        max_entries: int = MAX_ENTRIES,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl, self._max, self._monotonic = ttl, max_entries, monotonic
        self._stored: OrderedDict[str, tuple[tuple, float]] = OrderedDict()  # conversation id -> (fingerprint, until)

    async def remember(self, turn_context: TurnContext, deps: Deps) -> bool:
        """Store the conversation's reference unless this process stored the same one recently; True if written."""
        activity = turn_context.activity
        if activity.conversation is None or not activity.conversation.id or not activity.service_url:
            return False
        conversation_id = activity.conversation.id
        sender = activity.from_property
        conversation_type = activity.conversation.conversation_type or ""
        user_id = (getattr(sender, "aad_object_id", None) or getattr(sender, "id", None) or "") if sender else ""
        user_id = user_id if conversation_type == "personal" else ""
        tenant_id = place_from(activity).tenant_id
        fingerprint = (_fingerprint(activity), user_id, tenant_id)
        known = self._stored.get(conversation_id)
        if known is not None and known[0] == fingerprint and known[1] > self._monotonic():
            self._stored.move_to_end(conversation_id)
            return False
        reference = TurnContext.get_conversation_reference(activity).serialize()
        reference.pop("activityId", None)  # changes every message; the conversation is what matters
        async with deps.uow() as uow:
            await uow.conversation_refs.save(
                conversation_id,
                reference,
                now=deps.clock.now(),
                tenant_id=tenant_id,
                user_id=user_id,
                conversation_type=conversation_type,
            )
        self._stored[conversation_id] = (fingerprint, self._monotonic() + self._ttl)
        self._stored.move_to_end(conversation_id)
        while len(self._stored) > self._max:
            self._stored.popitem(last=False)
        return True


def _fingerprint(activity: Activity) -> tuple:
    """Everything `TurnContext.get_conversation_reference` copies from the activity (but its id)."""
    return (
        activity.service_url,
        activity.channel_id,
        activity.locale,
        _fields(activity.from_property),
        _fields(activity.recipient),
        _fields(activity.conversation),
    )


def _fields(model: object) -> tuple:
    return tuple(vars(model).items()) if model is not None else ()
