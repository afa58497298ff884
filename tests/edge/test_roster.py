"""Support-team roster: the SQL table, the cached SupportRoster (bot/edge/roster.py), and each host's sync_roster
(TEST_HOSTS) through the fake connector."""

import asyncio
from datetime import UTC, timedelta

import pytest
from aiohttp import ClientResponseError
from botbuilder.schema import Activity
from msrest.exceptions import HttpOperationError
from sqlalchemy import select

from bot.agents import roster as agents_roster
from bot.agents.host import agents_adapter
from bot.domain.consultation import Person
from bot.edge.roster import SupportRoster, is_roster_event
from bot.settings import Settings
from bot.teams import roster as teams_roster
from storage.orm import SupportMemberRow
from storage.uow import SqlUnitOfWorkFactory
from tests.support import activities as a
from tests.support.fake_connector import FakeConnector
from tests.support.harness import HOSTS
from tests.support.teams import make_adapter, thread_ref

TEAM = "19:team@thread.tacv2"


class CountingUow:
    """The real unit-of-work factory, counting how often the roster reads SQL."""

    def __init__(self, inner: SqlUnitOfWorkFactory) -> None:
        self.inner, self.calls = inner, 0

    def __call__(self):  # type: ignore[no-untyped-def]
        self.calls += 1
        return self.inner()


@pytest.fixture
def fake(connector: tuple[FakeConnector, str]) -> FakeConnector:
    return connector[0]


def teams_member(n: int) -> dict:
    return {
        "id": f"29:m{n}",
        "name": f"職員{n:03d}",
        "aadObjectId": f"aad-m{n}",
        "userPrincipalName": f"m{n}@city.example",
    }


async def rows(uow: SqlUnitOfWorkFactory) -> dict[str, tuple[str, str, str]]:
    async with uow() as u:
        result = await u.session.execute(select(SupportMemberRow))
        return {r.person_id: (r.teams_id, r.name, r.source) for r in result.scalars()}


# --- storage -------------------------------------------------------------------------------------------------------


async def test_upsert_remove_all_and_contains_any(uow, clock) -> None:  # type: ignore[no-untyped-def]
    async with uow() as u:
        await u.support_members.upsert(Person("aad-b", "佐藤 一郎", "29:b"), "config", clock.now())
        await u.support_members.upsert(Person("aad-a", "", ""), "config", clock.now())
        await u.support_members.upsert(Person("aad-a", "青木 三郎", "29:a"), "roster", clock.now())
    async with uow() as u:
        assert await u.support_members.all() == [  # by name, in code-point order: 佐 (U+4F50) before 青 (U+9752)
            Person("aad-b", "佐藤 一郎", "29:b"),
            Person("aad-a", "青木 三郎", "29:a"),
        ]
        assert await u.support_members.contains_any(["29:b"]) is True  # by Teams id
        assert await u.support_members.contains_any(["", "aad-x", "aad-a"]) is True
        assert await u.support_members.contains_any(["aad-x", ""]) is False
        assert await u.support_members.contains_any([]) is False
        await u.support_members.remove("aad-a")
        with pytest.raises(ValueError):
            await u.support_members.upsert(Person("aad-c"), "manual", clock.now())
    assert await rows(uow) == {"aad-b": ("29:b", "佐藤 一郎", "config")}
    async with uow() as u:
        [row] = (await u.session.execute(select(SupportMemberRow))).scalars()
    assert row.updated_at == clock.now() and row.updated_at.tzinfo is UTC


async def test_replace_roster_replaces_roster_rows_and_keeps_configured_people(uow, clock) -> None:  # type: ignore[no-untyped-def]
    async with uow() as u:
        await u.support_members.upsert(Person("aad-old", "退職者", "29:old"), "roster", clock.now())
        await u.support_members.upsert(Person("aad-cfg", "", ""), "config", clock.now())
        await u.support_members.upsert(Person("aad-both", "", ""), "config", clock.now())
    later = clock.now() + timedelta(hours=1)
    new = [
        Person("aad-new", "新人", "29:new"),
        Person("aad-both", "兼任", "29:both"),
        Person("aad-new", "新人", "29:new"),
    ]
    async with uow() as u:
        assert await u.support_members.replace_roster(new, later) == 2
    assert await rows(uow) == {
        "aad-new": ("29:new", "新人", "roster"),
        "aad-both": ("29:both", "兼任", "config"),  # configured: stays when they leave the team
        "aad-cfg": ("", "", "config"),
    }
    async with uow() as u:
        await u.support_members.replace_roster([], later)
    assert set(await rows(uow)) == {"aad-both", "aad-cfg"}


async def test_replace_roster_is_atomic(uow, clock) -> None:  # type: ignore[no-untyped-def]
    async with uow() as u:
        await u.support_members.upsert(Person("aad-old", "旧", "29:old"), "roster", clock.now())
    with pytest.raises(RuntimeError):
        async with uow() as u:
            await u.support_members.replace_roster([Person("aad-new", "新", "29:new")], clock.now())
            raise RuntimeError("the sync failed half way")
    assert set(await rows(uow)) == {"aad-old"}


# --- SupportRoster -------------------------------------------------------------------------------------------------


async def test_is_member_by_configured_ids_and_roster_ids(uow, clock) -> None:  # type: ignore[no-untyped-def]
    async with uow() as u:
        await u.support_members.replace_roster([Person("aad-r", "担当", "29:r")], clock.now())
    counting = CountingUow(uow)
    roster = SupportRoster(counting, clock, frozenset({"aad-support", "29:cfg"}))
    assert await roster.is_member(["aad-support", "29:support"]) is True
    assert await roster.is_member(["", "29:cfg"]) is True
    assert counting.calls == 0  # configured ids need no database
    assert await roster.is_member(["aad-r"]) is True
    assert await roster.is_member(["", "29:r"]) is True
    assert await roster.is_member(["aad-outsider", "29:outsider"]) is False
    assert await roster.is_member(["", ""]) is False
    assert counting.calls == 1  # one snapshot served every roster question


async def test_members_lists_roster_then_configured_ids_without_a_row(uow, clock) -> None:  # type: ignore[no-untyped-def]
    async with uow() as u:
        await u.support_members.replace_roster(
            [Person("aad-b", "佐藤", "29:b"), Person("aad-a", "青木", "29:a")], clock.now()
        )
        await u.support_members.upsert(Person("aad-c", "千葉", "29:c"), "config", clock.now())
    roster = SupportRoster(uow, clock, frozenset({"aad-c", "aad-x", "29:y", "29:a"}))
    assert list(await roster.members()) == [
        *sorted(
            [Person("aad-a", "青木", "29:a"), Person("aad-b", "佐藤", "29:b"), Person("aad-c", "千葉", "29:c")],
            key=lambda p: p.name,
        ),
        Person("29:y", "", "29:y"),
        Person("aad-x", "", ""),
    ]


async def test_snapshot_is_reloaded_after_ttl_or_invalidate(uow, clock) -> None:  # type: ignore[no-untyped-def]
    counting = CountingUow(uow)
    roster = SupportRoster(counting, clock, frozenset(), ttl_seconds=60)
    assert await roster.is_member(["aad-late"]) is False
    async with uow() as u:  # another instance syncs the roster
        await u.support_members.upsert(Person("aad-late", "遅れて参加", "29:late"), "roster", clock.now())
    clock.value += timedelta(seconds=59)
    assert await roster.is_member(["aad-late"]) is False  # still the cached snapshot
    clock.value += timedelta(seconds=1)
    assert await roster.is_member(["aad-late"]) is True
    assert counting.calls == 2
    async with uow() as u:
        await u.support_members.remove("aad-late")
    roster.invalidate()
    assert await roster.is_member(["aad-late"]) is False
    assert counting.calls == 3


async def test_concurrent_questions_share_one_reload(uow, clock) -> None:  # type: ignore[no-untyped-def]
    counting = CountingUow(uow)
    roster = SupportRoster(counting, clock, frozenset())
    results = await asyncio.gather(*(roster.is_member([f"aad-{n}"]) for n in range(10)))
    assert results == [False] * 10 and counting.calls == 1


# --- sync_roster -----------------------------------------------------------------------------------------------------


@pytest.fixture(params=HOSTS)
def sync(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """The host's sync_roster as app.py wires it (empty app id), and the error its connector raises."""
    if request.param == "agents":
        adapter = agents_adapter(Settings(database_url="sqlite://", bot_host="agents"))

        async def agents(reference, uow, clock, team_id=""):  # type: ignore[no-untyped-def]
            return await agents_roster.sync_roster(adapter, "", reference, uow, clock, team_id=team_id)

        return agents, ClientResponseError

    async def botbuilder(reference, uow, clock, team_id=""):  # type: ignore[no-untyped-def]
        return await teams_roster.sync_roster(make_adapter(), "", reference, uow, clock, team_id=team_id)

    return botbuilder, HttpOperationError


async def test_sync_pages_through_250_members_and_replaces_the_old_roster(uow, clock, fake, sync) -> None:  # type: ignore[no-untyped-def]
    fake.members = [teams_member(n) for n in range(250)]
    async with uow() as u:
        await u.support_members.upsert(Person("aad-gone", "異動者", "29:gone"), "roster", clock.now())
        await u.support_members.upsert(Person("aad-cfg", "設定", ""), "config", clock.now())
    count = await sync[0](thread_ref(fake.url), uow, clock)
    assert count == 250
    assert [(r.conversation_id, r.body) for r in fake.member_reads] == [
        (a.CHANNEL, {"pageSize": "100"}),  # the channel, not the thread of one post
        (a.CHANNEL, {"pageSize": "100", "continuationToken": "100"}),
        (a.CHANNEL, {"pageSize": "100", "continuationToken": "200"}),
    ]
    stored = await rows(uow)
    assert len(stored) == 251 and "aad-gone" not in stored
    assert stored["aad-m7"] == ("29:m7", "職員007", "roster") and stored["aad-cfg"] == ("", "設定", "config")
    assert not fake.sent  # nothing posted into the team


async def test_sync_uses_the_team_id_and_falls_back_to_the_teams_id(uow, clock, fake, sync) -> None:  # type: ignore[no-untyped-def]
    fake.members = [teams_member(1), {"id": "29:guest", "name": "ゲスト"}]
    assert await sync[0](thread_ref(fake.url), uow, clock, team_id=TEAM) == 2
    assert {r.conversation_id for r in fake.member_reads} == {TEAM}
    assert (await rows(uow))["29:guest"] == ("29:guest", "ゲスト", "roster")


async def test_sync_waits_out_throttling(uow, clock, fake, sync) -> None:  # type: ignore[no-untyped-def]
    fake.members = [teams_member(n) for n in range(150)]
    fake.failures = [(0, {}), (429, {"Retry-After": "0"})]
    assert await sync[0](thread_ref(fake.url), uow, clock) == 150
    assert [h.status for h in fake.hits] == [200, 429, 200]


async def test_sync_failure_raises_keeps_the_roster_and_posts_nothing(uow, clock, fake, sync) -> None:  # type: ignore[no-untyped-def]
    fake.members = [teams_member(1)]
    async with uow() as u:
        await u.support_members.upsert(Person("aad-keep", "現行", "29:keep"), "roster", clock.now())
    fake.failures = [(403, {})]
    with pytest.raises(sync[1]):
        await sync[0](thread_ref(fake.url), uow, clock)
    assert set(await rows(uow)) == {"aad-keep"}
    assert [h.status for h in fake.hits] == [403] and not fake.sent  # on_turn_error never ran


async def test_an_empty_member_list_keeps_the_roster(uow, clock, fake, sync) -> None:  # type: ignore[no-untyped-def]
    async with uow() as u:
        await u.support_members.upsert(Person("aad-keep", "現行", "29:keep"), "roster", clock.now())
    assert await sync[0](thread_ref(fake.url), uow, clock) == 0
    assert set(await rows(uow)) == {"aad-keep"}


# --- membership events ---------------------------------------------------------------------------------------------


def conversation_update(event_type: str | None, team_id: str = TEAM, kind: str = "conversationUpdate") -> Activity:
    data: dict = {"tenant": {"id": a.TENANT}, "team": {"id": team_id}}
    if event_type:
        data["eventType"] = event_type
    return Activity().deserialize(
        {
            "type": kind,
            "channelId": "msteams",
            "membersAdded": [{"id": "29:new", "aadObjectId": "aad-new"}],
            "conversation": {"id": team_id, "conversationType": "channel"},
            "channelData": data,
        }
    )


def test_is_roster_event() -> None:
    assert is_roster_event(conversation_update("teamMemberAdded")) is True
    assert is_roster_event(conversation_update("teamMemberRemoved")) is True
    assert is_roster_event(conversation_update("teamMemberAdded"), team_id=TEAM) is True
    assert (
        is_roster_event(conversation_update("teamMemberAdded", team_id="19:other@thread.tacv2"), team_id=TEAM) is False
    )
    assert is_roster_event(conversation_update("channelCreated")) is False
    assert is_roster_event(conversation_update(None)) is False
    assert is_roster_event(conversation_update("teamMemberAdded", kind="message")) is False
    assert is_roster_event(Activity(type="conversationUpdate")) is False
