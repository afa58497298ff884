"""Keeps each conversation's reference in SQL (on install and on inbound messages) for proactive messages.

A reference changes rarely (a renamed chat, a new service URL), but every inbound message carries it: the keeper
remembers, per process, what it last stored for each conversation and writes only when that changes. Another
instance may have written the row since; the cache entry expires after `TTL`, so a reference is re-checked at
least that often. The write waits for the turn's next unit of work (bot/services/turn_writes.py): an intake writes
the reference in the consultation's own transaction. The same on both hosts: each gives the keeper its SDK's way of
making a reference of an activity (stored as the Bot Framework JSON, the same shape from either SDK).
"""

import time
from collections.abc import Callable
from typing import Any

from bot.deps import Deps
from bot.domain.ports import UnitOfWork
from bot.edge.translate import place_from
from bot.services.write_memo import MAX_ENTRIES, TTL_SECONDS, WriteMemo


class ReferenceKeeper:
    def __init__(
        self,
        reference_of: Callable[[Any], dict[str, Any]],
        *,
        ttl: float = TTL_SECONDS,
        max_entries: int = MAX_ENTRIES,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._reference_of = reference_of  # the activity's conversation reference as Bot Framework JSON
        self._memo = WriteMemo(ttl=ttl, max_entries=max_entries, monotonic=monotonic)

    async def remember(self, turn_context: Any, deps: Deps) -> bool:
        """Store the conversation's reference unless this process stored the same one recently; True if it is (by the
        end of the turn, `deps.uow.turn()`; at once outside a turn)."""
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
        if self._memo.unchanged(conversation_id, fingerprint):
            return False
        reference = self._reference_of(activity)
        reference.pop("activityId", None)  # changes every message; the conversation is what matters
        now = deps.clock.now()

        async def save(uow: UnitOfWork) -> None:  # one statement (an upsert)
            await uow.conversation_refs.save(
                conversation_id,
                reference,
                now=now,
                tenant_id=tenant_id,
                user_id=user_id,
                conversation_type=conversation_type,
            )

        # It rides with the turn's next unit of work (a new consultation's transaction), or is written by its end.
        await deps.uow.later(save, done=lambda: self._memo.stored(conversation_id, fingerprint))
        return True


def _fingerprint(activity: Any) -> tuple:
    """Everything a conversation reference copies from the activity (but its id)."""
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
