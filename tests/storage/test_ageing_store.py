"""What ageing reads and claims, on both databases and in the in-memory stand-in handlers use (kept in step): the
open consultations, when those on hold went on hold (the latest change to 保留), the nudge claims (one per
consultation and business day, the primary key) and the Teams ids the people store knows."""

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date

import pytest

from bot.domain.consultation import Event, EventKind, Person, Status
from bot.domain.ports import UnitOfWorkFactory
from tests.support.clocks import jst
from tests.support.factories import SUPPORT, a_consultation
from tests.support.memory import MemoryDatabase

FRIDAY = date(2027, 5, 7)


async def add(store: UnitOfWorkFactory, seq: int, status: Status, received: date) -> int:
    at = jst(received.year, received.month, received.day, 10)
    c = a_consultation(
        id=0, number=f"R9-{seq:04d}", fiscal_year=2027, seq=seq, status=status, created_at=at, updated_at=at
    )
    async with store() as u:
        await u.consultations.next_seq(2027)
        return (await u.consultations.add(c)).id


def moved(cid: int, old: Status, new: Status, day: int) -> Event:
    return Event(cid, EventKind.STATUS_CHANGED, SUPPORT.id, SUPPORT.name, jst(2027, 4, day, 15), old, new)


async def open_and_on_hold(store: UnitOfWorkFactory) -> None:
    received = await add(store, 1, Status.RECEIVED, date(2027, 4, 26))
    held = await add(store, 2, Status.ON_HOLD, date(2027, 4, 1))
    resumed = await add(store, 3, Status.IN_PROGRESS, date(2027, 4, 1))
    await add(store, 4, Status.DONE, date(2027, 3, 1))
    async with store() as u:
        await u.events.add(
            [
                moved(held, Status.IN_PROGRESS, Status.ON_HOLD, 2),
                moved(held, Status.ON_HOLD, Status.IN_PROGRESS, 5),
                moved(held, Status.IN_PROGRESS, Status.ON_HOLD, 8),  # the latest time it went on hold counts
                moved(resumed, Status.IN_PROGRESS, Status.ON_HOLD, 2),
                moved(resumed, Status.ON_HOLD, Status.IN_PROGRESS, 6),  # on hold no more
            ]
        )
    async with store() as u:
        open_now = await u.ageing.open_consultations()
        since = await u.ageing.on_hold_since()
    assert [c.id for c in open_now] == [held, resumed, received]  # oldest first; the closed one left out
    assert {cid: at.astimezone(jst(2027, 1, 1).tzinfo) for cid, at in since.items()} == {held: jst(2027, 4, 8, 15)}


async def nudge_claims(store: UnitOfWorkFactory) -> None:
    cid = await add(store, 1, Status.ASSIGNED, date(2027, 4, 26))
    now = jst(2027, 5, 7, 9)
    async with store() as u:
        assert await u.ageing.claim_nudge(cid, FRIDAY, SUPPORT.id, now)
        assert not await u.ageing.claim_nudge(cid, FRIDAY, SUPPORT.id, now)  # the same day: taken
    async with store() as u:
        assert not await u.ageing.claim_nudge(cid, FRIDAY, "aad-other", now)  # whoever asks
        assert await u.ageing.claim_nudge(cid, date(2027, 5, 10), SUPPORT.id, now)  # the next business day


async def teams_ids(store: UnitOfWorkFactory) -> None:
    async with store() as u:
        await u.people.remember(
            [replace(SUPPORT, teams_id="29:support"), Person("aad-noteams", "名前 だけ")], jst(2027, 5, 7)
        )
    async with store(standalone=True) as u:
        assert dict(await u.ageing.teams_ids(["aad-support", "aad-noteams", "aad-unknown"])) == {
            "aad-support": "29:support"
        }
        assert dict(await u.ageing.teams_ids([])) == {}


SCENARIOS: list[Callable[[UnitOfWorkFactory], Awaitable[None]]] = [open_and_on_hold, nudge_claims, teams_ids]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda f: f.__name__)
async def test_sql(scenario: Callable[[UnitOfWorkFactory], Awaitable[None]], uow: UnitOfWorkFactory) -> None:
    await scenario(uow)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda f: f.__name__)
async def test_the_in_memory_stand_in_does_the_same(scenario: Callable[[UnitOfWorkFactory], Awaitable[None]]) -> None:
    await scenario(MemoryDatabase())
