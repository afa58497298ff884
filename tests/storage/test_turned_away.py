"""The turned_away log on both databases: a row per 対象外 answer (topic only), registered_at set once, and the
counts of a period as they stood at a moment."""

from datetime import UTC, datetime, timedelta

from bot.domain.scope import TurnedAwayCounts
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


async def test_rows_are_counted_per_period_as_of_a_moment(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as u:
        first = await u.turned_away.add("printer", NOW)
        second = await u.turned_away.add("greeting", NOW + HOUR)
        await u.turned_away.add("room", NOW + 30 * 24 * HOUR)  # a later period
    assert (first, second) == (1, 2)
    async with uow() as u:
        assert await u.turned_away.mark_registered(first, NOW + 2 * HOUR)
        assert not await u.turned_away.mark_registered(first, NOW + 3 * HOUR)  # once: a second press changes nothing
        assert not await u.turned_away.mark_registered(99, NOW)
    async with uow(standalone=True) as u:
        whole = await u.turned_away.counts(NOW - HOUR, NOW + 24 * HOUR, NOW + 24 * HOUR)
        before_registering = await u.turned_away.counts(NOW - HOUR, NOW + 24 * HOUR, NOW + HOUR + HOUR / 2)
        nothing_yet = await u.turned_away.counts(NOW - HOUR, NOW + 24 * HOUR, NOW - timedelta(seconds=1))
    assert whole == TurnedAwayCounts(2, 1)
    assert before_registering == TurnedAwayCounts(2, 0)
    assert nothing_yet == TurnedAwayCounts(0, 0)


async def test_a_rolled_back_turn_away_leaves_nothing(uow: SqlUnitOfWorkFactory) -> None:
    class Boom(Exception):
        pass

    try:
        async with uow() as u:
            await u.turned_away.add("pc", NOW)
            raise Boom
    except Boom:
        pass
    async with uow(standalone=True) as u:
        assert await u.turned_away.counts(NOW - HOUR, NOW + HOUR, NOW + HOUR) == TurnedAwayCounts()
