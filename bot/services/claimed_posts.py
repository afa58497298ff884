"""A card posted to a channel once per period across instances: the claim of (period key, channel) is committed in
SQL before sending, so only the instance that made it posts (the weekly summary, the daily ageing digest)."""

import logging
from datetime import datetime
from typing import Any

from bot.domain.ports import ChannelPoster, UnitOfWorkFactory

log = logging.getLogger("consult.posts")


async def post_once(
    uow: UnitOfWorkFactory,
    poster: ChannelPoster,
    key: str,
    channel_id: str,
    card: dict[str, Any],
    now: datetime,
    *,
    what: str,
) -> bool:
    """Post `card` to `channel_id` unless (key, channel) is claimed already; True when this call posted it. `what`
    names the post in the log ("weekly summary", "ageing digest")."""
    async with uow() as u:
        if not await u.summary_runs.claim(key, channel_id, now):
            log.info(f"{what} already claimed", extra={"period": key, "channel_id": channel_id})
            return False
    activity_id = await poster.post(channel_id, card)
    if not activity_id:
        log.warning(f"{what} claimed but not posted", extra={"period": key, "channel_id": channel_id})
        return False
    async with uow() as u:
        await u.summary_runs.mark_sent(key, channel_id, activity_id, now)
    return True
