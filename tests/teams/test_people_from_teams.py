"""Names come from Teams and the directory: the team roster's names and Microsoft Graph's displayName go to the
people store (as the sender's name of every turn does: tests/integration/test_departments_and_people.py)."""

from bot.domain.consultation import Person
from bot.domain.ports import DirectoryEntry
from bot.handlers import build_router
from bot.teams.roster import sync_roster
from storage.uow import SqlUnitOfWorkFactory
from tests.support.clocks import FixedClock
from tests.support.factories import CLEAR_BPR
from tests.support.fake_connector import FakeConnector
from tests.support.handler_kit import actor, say
from tests.support.memory import StaticDirectory, memory_deps
from tests.support.people import SATO, YAMADA
from tests.support.teams import make_adapter, thread_ref


async def names(uow: SqlUnitOfWorkFactory, *ids: str) -> dict[str, str]:
    async with uow(standalone=True) as u:
        return dict(await u.people.names_of(ids))


async def test_a_roster_sync_stores_the_members_names(
    uow: SqlUnitOfWorkFactory, clock: FixedClock, connector: tuple[FakeConnector, str]
) -> None:
    fake, url = connector
    fake.members = [
        {"id": SATO.teams_id, "name": "佐藤 一郎", "aadObjectId": SATO.id},
        {"id": "29:1guest-teams-id", "name": "ゲスト"},
    ]
    async with uow() as u:
        await u.people.remember([Person(SATO.id, "佐藤（旧）", SATO.teams_id)], clock.now())
    clock.advance(hours=1)

    assert await sync_roster(make_adapter(), "", thread_ref(url), uow, clock) == 2

    assert await names(uow, SATO.id, "29:1guest-teams-id") == {SATO.id: "佐藤 一郎", "29:1guest-teams-id": "ゲスト"}


async def test_the_directorys_display_name_is_stored_with_the_department() -> None:
    directory = StaticDirectory({YAMADA.id: DirectoryEntry("山田 花子（市民課）", "市民課")})
    deps = memory_deps(directory=directory)

    await build_router().dispatch_message(actor(Person(YAMADA.id, "", YAMADA.teams_id)), say(CLEAR_BPR), deps)

    async with deps.uow() as u:
        assert dict(await u.people.names_of([YAMADA.teams_id])) == {YAMADA.teams_id: "山田 花子（市民課）"}
        assert await u.profiles.department_of(YAMADA.id) == "市民課"
