"""ReferenceKeeper on a real database: stores a conversation's reference once, again only when it changes or expires."""

from types import SimpleNamespace

import pytest
from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from bot.teams.conversation_refs import ReferenceKeeper
from storage.uow import SqlUnitOfWorkFactory
from tests.support import activities as a

URL = "http://127.0.0.1:9/"


@pytest.fixture
def deps(uow: SqlUnitOfWorkFactory, clock) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    return SimpleNamespace(uow=uow, clock=clock)


def turn(activity: dict) -> TurnContext:
    return TurnContext(SimpleNamespace(), Activity().deserialize(activity))


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def stored(deps: SimpleNamespace, conversation_id: str) -> dict | None:
    async with deps.uow() as u:
        return await u.conversation_refs.get(conversation_id)


async def test_an_unchanged_reference_is_written_once(deps: SimpleNamespace) -> None:
    keeper = ReferenceKeeper()
    assert await keeper.remember(turn(a.message(URL, "一通目")), deps) is True
    assert await keeper.remember(turn(a.message(URL, "二通目")), deps) is False
    reference = await stored(deps, "a:personal-requester")
    assert reference is not None and reference["serviceUrl"] == URL and "activityId" not in reference
    assert reference["user"]["aadObjectId"] == "aad-requester"


async def test_a_changed_reference_is_written_again(deps: SimpleNamespace) -> None:
    keeper = ReferenceKeeper()
    await keeper.remember(turn(a.message(URL, "一通目")), deps)
    moved = a.message("http://127.0.0.1:10/", "二通目")
    renamed = a.message(URL, "三通目", sender={**a.REQUESTER, "name": "山田 花子（改姓）"})
    assert await keeper.remember(turn(moved), deps) is True
    assert (await stored(deps, "a:personal-requester"))["serviceUrl"] == "http://127.0.0.1:10/"  # type: ignore[index]
    assert await keeper.remember(turn(renamed), deps) is True
    assert (await stored(deps, "a:personal-requester"))["user"]["name"] == "山田 花子（改姓）"  # type: ignore[index]


async def test_an_entry_expires_so_another_instance_s_change_is_corrected(deps: SimpleNamespace) -> None:
    clock = Clock()
    keeper = ReferenceKeeper(ttl=60, monotonic=clock)
    await keeper.remember(turn(a.message(URL, "一通目")), deps)
    async with deps.uow() as u:  # meanwhile the row was rewritten elsewhere
        await u.conversation_refs.save("a:personal-requester", {"serviceUrl": "x"}, now=deps.clock.now())
    clock.now = 59
    assert await keeper.remember(turn(a.message(URL, "二通目")), deps) is False
    clock.now = 61
    assert await keeper.remember(turn(a.message(URL, "三通目")), deps) is True
    assert (await stored(deps, "a:personal-requester"))["serviceUrl"] == URL  # type: ignore[index]


async def test_the_cache_is_bounded(deps: SimpleNamespace) -> None:
    keeper = ReferenceKeeper(max_entries=2)
    for n in range(3):
        await keeper.remember(turn(a.message(URL, "相談", conversation=a.personal(f"a:chat-{n}"))), deps)
    assert await keeper.remember(turn(a.message(URL, "相談", conversation=a.personal("a:chat-2"))), deps) is False
    assert await keeper.remember(turn(a.message(URL, "相談", conversation=a.personal("a:chat-0"))), deps) is True


async def test_an_activity_without_conversation_or_service_url_is_ignored(deps: SimpleNamespace) -> None:
    activity = a.message(URL, "相談")
    activity["serviceUrl"] = ""
    assert await ReferenceKeeper().remember(turn(activity), deps) is False
