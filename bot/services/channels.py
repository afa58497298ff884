"""Channel settings made from Teams (設定) together with those from configuration."""

from collections.abc import Sequence
from datetime import datetime

from bot.domain.ports import ChannelSetting, UnitOfWorkFactory

INTAKE, SUMMARY, SUPPORT_TEAM = "intake", "summary", "support_team"
PURPOSES = (INTAKE, SUMMARY, SUPPORT_TEAM)


async def set_channel(uow: UnitOfWorkFactory, setting: ChannelSetting, *, by: str, now: datetime) -> None:
    async with uow() as u:
        await u.channel_settings.set(setting, by=by, now=now)


async def remove(uow: UnitOfWorkFactory, purpose: str, channel_id: str) -> bool:
    async with uow() as u:
        return await u.channel_settings.remove(purpose, channel_id)


async def all_settings(uow: UnitOfWorkFactory, configured: Sequence[ChannelSetting] = ()) -> list[ChannelSetting]:
    async with uow() as u:
        stored = list(await u.channel_settings.all())
    return [*configured, *(s for s in stored if s not in configured)]


async def is_intake_channel(uow: UnitOfWorkFactory, channel_id: str, configured: Sequence[ChannelSetting] = ()) -> bool:
    settings = await all_settings(uow, configured)
    return any(s.purpose == INTAKE and s.channel_id == channel_id for s in settings)
