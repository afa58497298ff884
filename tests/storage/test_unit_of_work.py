"""Units of work on both databases: transactions roll back as a whole, standalone statements stand alone, and a
dead pooled PostgreSQL connection is replaced before anyone uses it."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, select, text

from storage.db import make_engine, make_sessionmaker
from storage.orm import ProfileRow
from storage.uow import SqlUnitOfWorkFactory
from tests.support.databases import pg_admin
from tests.support.factories import a_consultation

NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


class Boom(Exception):
    pass


async def department(uow: SqlUnitOfWorkFactory, person: str) -> str:
    async with uow(standalone=True) as u:
        return await u.profiles.department_of(person)


async def test_a_transaction_rolls_back_as_a_whole(uow: SqlUnitOfWorkFactory) -> None:
    with pytest.raises(Boom):
        async with uow() as u:
            await u.profiles.remember_department("aad-1", "企画課", NOW)
            raise Boom
    assert await department(uow, "aad-1") == ""


async def test_a_standalone_statement_is_committed_on_its_own(uow: SqlUnitOfWorkFactory) -> None:
    with pytest.raises(Boom):
        async with uow(standalone=True) as u:
            await u.profiles.remember_department("aad-1", "企画課", NOW)
            raise Boom  # nothing to roll back: the statement was atomic and is kept
    assert await department(uow, "aad-1") == "企画課"


async def test_listeners_hear_of_committed_writes_only_and_cannot_undo_them(uow: SqlUnitOfWorkFactory) -> None:
    heard: list[list[str]] = []
    uow.after_write(lambda written: heard.append([c.number for c in written]))
    uow.after_write(lambda written: 1 / 0)  # a failing listener: logged, the writer's turn goes on

    with pytest.raises(Boom):
        async with uow() as u:
            await u.consultations.add(a_consultation(number="R8-0001", seq=1))
            raise Boom
    async with uow() as u:
        added = await u.consultations.add(a_consultation(number="R8-0002", seq=2))
        await u.consultations.update(replace(added, title="件名を変更"), expected_version=1)

    assert heard == [["R8-0002", "R8-0002"]]  # the rolled-back insert is never heard of
    async with uow(standalone=True) as u:
        assert (await u.consultations.get_by_number("R8-0002")) is not None


async def test_remember_department_writes_only_a_change(uow: SqlUnitOfWorkFactory) -> None:
    later = datetime(2026, 12, 1, tzinfo=UTC)
    seen = []
    for when, name in ((NOW, "企画課"), (later, "企画課"), (later, "財政課")):
        async with uow() as u:
            await u.profiles.remember_department("aad-1", name, when)
            row = (await u.session.execute(select(ProfileRow.department, ProfileRow.updated_at))).one()
        seen.append(tuple(row))
    assert seen == [("企画課", NOW), ("企画課", NOW), ("財政課", later)]


async def test_standalone_reads_begin_no_transaction(database_url: str) -> None:
    engine = make_engine(database_url)
    statements: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    uow = SqlUnitOfWorkFactory(make_sessionmaker(engine))
    try:
        async with uow(standalone=True) as u:
            await u.profiles.department_of("aad-1")
        assert not any(s.upper().startswith("BEGIN") for s in statements)
        statements.clear()
        async with uow() as u:
            await u.profiles.department_of("aad-1")
        if database_url.startswith("sqlite"):
            assert statements[0] == "BEGIN IMMEDIATE"  # SQLite writers queue for the lock up front
    finally:
        await engine.dispose()


async def test_a_dead_idle_connection_is_replaced_before_use(postgres_url: str) -> None:
    engine = make_engine(postgres_url, idle_ping_seconds=0.0)
    try:
        async with engine.connect() as conn:
            first = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        await pg_admin(f"SELECT pg_terminate_backend({first})")  # the server drops the pooled connection
        async with engine.connect() as conn:
            second = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        assert second != first
    finally:
        await engine.dispose()
