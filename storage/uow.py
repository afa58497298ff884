"""Unit of work: one AsyncSession per turn or job; commits on success, rolls back on error, always closes."""

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.consultation import Consultation
from bot.domain.ports import UnitOfWork, UnitOfWorkFactory
from bot.services.turn_writes import TurnWrites
from storage.ageing import SqlAgeing
from storage.catalogue import SqlCatalogue
from storage.channel_settings import SqlChannelSettingRepo
from storage.conversation_refs import SqlConversationRefs
from storage.corrections import SqlCorrections
from storage.db import standalone_of
from storage.departments import SqlDepartmentRepo
from storage.importer import SqlImporter
from storage.notes import SqlNoteRepo
from storage.outbox import SqlOutbox
from storage.people import SqlPeopleRepo
from storage.processed import SqlProcessedActivities
from storage.reporting import SqlReporting
from storage.repositories import WRITTEN, SqlConsultationRepo, SqlEventRepo, SqlProfileRepo
from storage.review import SqlReviewReading
from storage.state_store import SqlStateStore
from storage.summary_runs import SqlSummaryRuns
from storage.support_members import SqlSupportMembers
from storage.turned_away import SqlTurnedAway
from storage.worksheets import SqlWorksheetRepo

R = TypeVar("R")
log = logging.getLogger("consult.storage")


class _Repo(Generic[R]):
    """A repository made on first use in a unit of work (a turn touches two or three of them, not sixteen)."""

    def __init__(self, make: Callable[[AsyncSession], R]) -> None:
        self._make = make

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, uow: "SqlUnitOfWork", owner: type) -> R:
        repo = self._make(uow.session)
        uow.__dict__[self._name] = repo  # later reads find the instance attribute first
        return repo


class SqlUnitOfWork:
    consultations = _Repo(SqlConsultationRepo)
    events = _Repo(SqlEventRepo)
    profiles = _Repo(SqlProfileRepo)
    people = _Repo(SqlPeopleRepo)
    conversation_refs = _Repo(SqlConversationRefs)
    state = _Repo(SqlStateStore)
    support_members = _Repo(SqlSupportMembers)
    notes = _Repo(SqlNoteRepo)
    worksheets = _Repo(SqlWorksheetRepo)
    channel_settings = _Repo(SqlChannelSettingRepo)
    departments = _Repo(SqlDepartmentRepo)
    summary_runs = _Repo(SqlSummaryRuns)
    reporting = _Repo(SqlReporting)
    review = _Repo(SqlReviewReading)
    importer = _Repo(SqlImporter)
    processed = _Repo(SqlProcessedActivities)
    outbox = _Repo(SqlOutbox)
    corrections = _Repo(SqlCorrections)
    catalogue = _Repo(SqlCatalogue)
    ageing = _Repo(SqlAgeing)
    turned_away = _Repo(SqlTurnedAway)

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def commit(self) -> None:
        await self.session.commit()


class SqlUnitOfWorkFactory(TurnWrites):
    """`async with factory() as uow:` — what services receive as `deps.uow`. Listeners (`after_write`) hear of every
    consultation a unit of work wrote whole (a new one, an update), once it is committed. Within a turn, the writes
    the edge postponed (`later`: the conversation reference, the sender's name) run first in the next unit of work."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker
        self._standalone = async_sessionmaker(standalone_of(sessionmaker.kw["bind"]), expire_on_commit=False)
        self._listeners: list[Callable[[Sequence[Consultation]], None]] = []

    def after_write(self, listener: Callable[[Sequence[Consultation]], None]) -> None:
        """Call `listener` with the consultations each unit of work wrote, after it committed (never on rollback).
        It runs on the writer's turn, so an error in it is logged, never raised: the write has happened."""
        self._listeners.append(listener)

    def _written(self, session: AsyncSession) -> None:
        changed = session.info.pop(WRITTEN, None)
        if changed:
            for listener in self._listeners:
                try:
                    listener(changed)
                except Exception:  # the caller's write is committed; a listener's failure must not undo its turn
                    log.exception("after-write listener failed", extra={"consultations": len(changed)})

    @asynccontextmanager
    async def __call__(self, *, standalone: bool = False) -> AsyncIterator[SqlUnitOfWork]:
        """A transaction, committed when the block ends without error. `standalone=True`: no transaction (PostgreSQL
        AUTOCOMMIT, SQLite without BEGIN IMMEDIATE), each statement is atomic on its own: for a single read,
        independent reads, or one write that needs nothing else to be atomic with it."""
        taken = self.taken()
        try:
            if standalone:
                async with self._standalone() as session:
                    uow = SqlUnitOfWork(session)
                    await self.run(taken, uow)  # each statement committed on its own
                    yield uow
                    self._written(session)
            else:
                async with self._sessionmaker() as session:
                    uow = SqlUnitOfWork(session)
                    try:
                        await self.run(taken, uow)
                        yield uow
                        await session.commit()
                    except BaseException:
                        session.info.pop(WRITTEN, None)
                        await session.rollback()
                        raise
                    self._written(session)
        except BaseException:
            self.given_back(taken)
            raise
        self.committed(taken)


if TYPE_CHECKING:
    # mypy proves that storage provides what the domain's ports declare: a repository missing here, or a method whose
    # signature differs from its Protocol, fails `make test` (tests/storage/test_ports_match.py compares the names).

    def _sql_unit_of_work_is_a_unit_of_work(uow: SqlUnitOfWork) -> UnitOfWork:
        return uow

    def _sql_factory_is_a_factory(factory: SqlUnitOfWorkFactory) -> UnitOfWorkFactory:
        return factory
