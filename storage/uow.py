"""Unit of work: one AsyncSession per turn or job; commits on success, rolls back on error, always closes."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.channel_settings import SqlChannelSettingRepo
from storage.conversation_refs import SqlConversationRefs
from storage.corrections import SqlCorrections
from storage.departments import SqlDepartmentRepo
from storage.importer import SqlImporter
from storage.notes import SqlNoteRepo
from storage.outbox import SqlOutbox
from storage.processed import SqlProcessedActivities
from storage.reporting import SqlReporting
from storage.repositories import SqlConsultationRepo, SqlEventRepo, SqlProfileRepo
from storage.state_store import SqlStateStore
from storage.summary_runs import SqlSummaryRuns
from storage.support_members import SqlSupportMembers
from storage.worksheets import SqlWorksheetRepo


class SqlUnitOfWork:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.consultations = SqlConsultationRepo(session)
        self.events = SqlEventRepo(session)
        self.profiles = SqlProfileRepo(session)
        self.conversation_refs = SqlConversationRefs(session)
        self.state = SqlStateStore(session)
        self.support_members = SqlSupportMembers(session)
        self.notes = SqlNoteRepo(session)
        self.worksheets = SqlWorksheetRepo(session)
        self.channel_settings = SqlChannelSettingRepo(session)
        self.departments = SqlDepartmentRepo(session)
        self.summary_runs = SqlSummaryRuns(session)
        self.reporting = SqlReporting(session)
        self.importer = SqlImporter(session)
        self.processed = SqlProcessedActivities(session)
        self.outbox = SqlOutbox(session)
        self.corrections = SqlCorrections(session)

    async def commit(self) -> None:
        await self.session.commit()


class SqlUnitOfWorkFactory:
    """`async with factory() as uow:` — what services receive as `deps.uow`."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[SqlUnitOfWork]:
        async with self._sessionmaker() as session:
            uow = SqlUnitOfWork(session)
            try:
                yield uow
                await session.commit()
            except BaseException:
                await session.rollback()
                raise
