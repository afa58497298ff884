"""Channels set from Teams with 設定: intake channels, the summary channel, the support team's team."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.ports import ChannelSetting
from storage.db import rowcount
from storage.orm import ChannelSettingRow

SINGLE = {"summary", "support_team"}  # purposes that hold one channel/team only


class SqlChannelSettingRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def set(self, setting: ChannelSetting, *, by: str, now: datetime) -> None:
        if setting.purpose in SINGLE:
            await self._s.execute(delete(ChannelSettingRow).where(ChannelSettingRow.purpose == setting.purpose))
        else:
            await self.remove(setting.purpose, setting.channel_id)
        self._s.add(
            ChannelSettingRow(
                purpose=setting.purpose,
                channel_id=setting.channel_id,
                team_id=setting.team_id,
                tenant_id=setting.tenant_id,
                name=setting.name,
                set_by=by,
                set_at=now,
            )
        )
        await self._s.flush()

    async def remove(self, purpose: str, channel_id: str) -> bool:
        result = await self._s.execute(
            delete(ChannelSettingRow).where(
                ChannelSettingRow.purpose == purpose, ChannelSettingRow.channel_id == channel_id
            )
        )
        return rowcount(result) > 0

    async def all(self) -> Sequence[ChannelSetting]:
        rows = (await self._s.execute(select(ChannelSettingRow).order_by(ChannelSettingRow.id))).scalars()
        return [ChannelSetting(r.purpose, r.channel_id, r.team_id, r.tenant_id, r.name) for r in rows]
