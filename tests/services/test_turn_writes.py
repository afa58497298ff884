"""Writes a turn postpones (its conversation reference, its sender's name) ride with the turn's next unit of work, or
are written when the turn ends; never lost when that unit of work fails, never taken by background work, and a
failure to write them at the end is logged, not raised into a turn that has answered."""

import asyncio
import logging

import pytest

from bot.domain.consultation import Person
from bot.domain.ports import UnitOfWork
from bot.services import people
from bot.services.turn_writes import Write
from tests.support.memory import MemoryDatabase, database, memory_deps
from tests.support.people import SATO, SUZUKI

NOW = memory_deps().clock.now()


def name_write(person: Person = SATO) -> Write:
    async def write(uow: UnitOfWork) -> None:
        await uow.people.remember([person], NOW)

    return write


async def stored_name(db: MemoryDatabase, person_id: str) -> str:
    return (await people.names(db, [person_id])).of(person_id)


async def test_outside_a_turn_a_write_runs_at_once() -> None:
    db, done = MemoryDatabase(), []
    await db.later(name_write(), done=lambda: done.append("stored"))
    assert done == ["stored"]
    assert db.opened == 1
    assert await stored_name(db, SATO.id) == "佐藤 一郎"


async def test_within_a_turn_a_write_rides_with_the_next_unit_of_work() -> None:
    db, done = MemoryDatabase(), []
    async with db.turn():
        await db.later(name_write(), done=lambda: done.append("stored"))
        assert db.opened == 0 and not done  # nothing written yet
        async with db() as uow:
            assert (await uow.people.names_of([SATO.id])) == {SATO.id: "佐藤 一郎"}  # ran before the caller's work
        assert done == ["stored"]
    assert db.opened == 1  # one unit of work for both
    assert done == ["stored"]  # called once


async def test_what_still_waits_is_written_when_the_turn_ends() -> None:
    db, done = MemoryDatabase(), []
    async with db.turn():
        await db.later(name_write(SATO), done=lambda: done.append(SATO.id))
        await db.later(name_write(SUZUKI), done=lambda: done.append(SUZUKI.id))
    assert db.opened == 1
    assert done == [SATO.id, SUZUKI.id]
    assert await stored_name(db, SUZUKI.id) == SUZUKI.name


async def test_a_unit_of_work_that_fails_gives_its_riders_back() -> None:
    db, done = MemoryDatabase(), []
    async with db.turn():
        await db.later(name_write(), done=lambda: done.append("stored"))
        with pytest.raises(RuntimeError):
            async with db():
                raise RuntimeError("the consultation's transaction failed")
        assert not done and not db.tables.people  # rolled back with it
    assert done == ["stored"]  # written again when the turn ended
    assert await stored_name(db, SATO.id) == "佐藤 一郎"


async def test_background_work_the_turn_spawned_does_not_take_them() -> None:
    db = MemoryDatabase()
    async with db.turn():
        await db.later(name_write())

        async def background() -> None:
            async with db(standalone=True):
                pass

        await asyncio.create_task(background())  # copies the turn's context, but is not the turn
        assert not db.tables.people
    assert db.tables.people


async def test_a_failure_at_the_turns_end_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    db, done = MemoryDatabase(), []

    async def failing(uow: UnitOfWork) -> None:
        raise ConnectionError("database unavailable")

    with caplog.at_level(logging.WARNING, logger="consult.storage"):
        async with db.turn():
            await db.later(failing, done=lambda: done.append("stored"))
    assert not done
    assert [r.message for r in caplog.records] == ["postponed writes not stored"]


async def test_a_senders_name_is_shown_at_once_though_stored_by_the_turns_end() -> None:
    """The NameKeeper postpones its write; the process's NameCache shows the name meanwhile, without a read."""
    deps = memory_deps()
    db, cache = database(deps), people.NameCache()
    async with deps.uow.turn():
        assert await people.NameKeeper().seen(deps.uow, SATO, NOW, cache)
        assert (await cache.read(deps.uow, [SATO.id])).of(SATO.id) == "佐藤 一郎"
        assert db.opened == 0
    assert await stored_name(db, SATO.id) == "佐藤 一郎"
