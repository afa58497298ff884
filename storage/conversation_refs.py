"""Conversation references (serialized botbuilder ConversationReference dicts) kept in SQL for proactive messages."""

from datetime import datetime

from sqlalchemy import Text, cast, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.conflicts import conflict_insert
from storage.orm import ConversationRefRow, table_of

REFS = table_of(ConversationRefRow)


class SqlConversationRefs:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def save(
        self,
        conversation_id: str,
        reference: dict,
        *,
        now: datetime,
        tenant_id: str = "",
        user_id: str = "",
        conversation_type: str = "",
    ) -> None:
        """Insert or refresh the reference in one statement (INSERT … ON CONFLICT); an unchanged reference is not
        rewritten (its updated_at stays)."""
        stmt = conflict_insert(self._s, REFS).values(
            conversation_id=conversation_id,
            tenant_id=tenant_id,
            user_id=user_id,
            conversation_type=conversation_type,
            reference=reference,
            updated_at=now,
        )
        changed = (REFS.c.user_id != stmt.excluded.user_id) | (
            cast(REFS.c.reference, Text) != cast(stmt.excluded.reference, Text)
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[REFS.c.conversation_id],
            set_={
                "reference": stmt.excluded.reference,
                "tenant_id": stmt.excluded.tenant_id,
                "user_id": stmt.excluded.user_id,
                "updated_at": stmt.excluded.updated_at,
            },
            where=changed,
        )
        await self._s.execute(stmt)

    async def get(self, conversation_id: str) -> dict | None:
        row = await self._s.get(ConversationRefRow, conversation_id)
        return dict(row.reference) if row else None

    async def personal_for(self, user_id: str, tenant_id: str = "") -> dict | None:
        """The most recently refreshed 1:1 chat reference of a user (Entra object id, or Teams id when none)."""
        if not user_id:
            return None
        stmt = select(ConversationRefRow.reference).where(
            ConversationRefRow.user_id == user_id, ConversationRefRow.conversation_type == "personal"
        )
        if tenant_id:
            stmt = stmt.where(ConversationRefRow.tenant_id.in_((tenant_id, "")))
        stmt = stmt.order_by(ConversationRefRow.updated_at.desc()).limit(1)
        reference = (await self._s.execute(stmt)).scalar_one_or_none()
        return dict(reference) if reference else None

    async def for_channel(self, channel_id: str) -> dict | None:
        """The most recent reference of the channel or one of its threads (to post a new message there)."""
        stmt = (
            select(ConversationRefRow)
            .where(
                (ConversationRefRow.conversation_id == channel_id)
                | ConversationRefRow.conversation_id.startswith(f"{channel_id};", autoescape=True)
            )
            .order_by(ConversationRefRow.updated_at.desc())
            .limit(1)
        )
        row = (await self._s.execute(stmt)).scalar_one_or_none()
        return dict(row.reference) if row else None
