"""Keeping names fresh cheaply: every turn carries its sender's name, but the store is written only when it changed
(or, at most once per TTL, to catch what another instance wrote); names are read once per card."""

from bot.domain.consultation import Person
from bot.domain.people import Names
from bot.services import people
from bot.services.write_memo import WriteMemo
from tests.support.memory import database, memory_deps
from tests.support.people import SATO, SUZUKI, YAMADA


class Monotonic:
    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value


async def test_an_unchanged_name_costs_no_database_work() -> None:
    deps = memory_deps()
    db = database(deps)
    clock = Monotonic()
    keeper = people.NameKeeper(WriteMemo(ttl=600, monotonic=clock))

    written = [await keeper.seen(deps.uow, SATO, deps.clock.now()) for _ in range(5)]

    assert written == [True, False, False, False, False]
    assert db.opened == 1
    assert (await people.names(deps.uow, [SATO.id])).of(SATO.id) == "佐藤 一郎"


async def test_a_new_name_or_teams_id_is_written_at_once() -> None:
    deps = memory_deps()
    keeper = people.NameKeeper(WriteMemo(monotonic=Monotonic()))
    await keeper.seen(deps.uow, SATO, deps.clock.now())

    renamed = Person(SATO.id, "佐藤 一郎（DX推進課）", SATO.teams_id)
    assert await keeper.seen(deps.uow, renamed, deps.clock.now())
    assert (await people.names(deps.uow, [SATO.teams_id])).of(SATO.teams_id) == "佐藤 一郎（DX推進課）"


async def test_the_cache_expires_so_other_instances_writes_are_checked_again() -> None:
    deps = memory_deps()
    clock = Monotonic()
    keeper = people.NameKeeper(WriteMemo(ttl=600, monotonic=clock))
    await keeper.seen(deps.uow, SATO, deps.clock.now())

    clock.value += 601
    assert await keeper.seen(deps.uow, SATO, deps.clock.now())  # re-checked (the row itself is not changed)


async def test_the_cache_is_bounded() -> None:
    deps = memory_deps()
    keeper = people.NameKeeper(WriteMemo(max_entries=2, monotonic=Monotonic()))
    for person in (SATO, SUZUKI, YAMADA):
        await keeper.seen(deps.uow, person, deps.clock.now())

    assert await keeper.seen(deps.uow, SATO, deps.clock.now())  # the oldest entry was dropped
    assert not await keeper.seen(deps.uow, YAMADA, deps.clock.now())


async def test_nameless_turns_and_empty_look_ups_touch_nothing() -> None:
    deps = memory_deps()
    keeper = people.NameKeeper(WriteMemo(monotonic=Monotonic()))

    assert not await keeper.seen(deps.uow, Person(SATO.id, ""), deps.clock.now())
    assert not await keeper.seen(deps.uow, Person(SATO.id, SATO.id), deps.clock.now())  # an id is no name
    assert await people.names(deps.uow, ["", ""]) == Names()
    assert await people.remember(deps.uow, [Person("x", "")], deps.clock.now()) == 0
    assert database(deps).opened == 0


async def test_card_names_are_read_once_per_ttl_found_or_not() -> None:
    deps = memory_deps()
    db = database(deps)
    await people.NameKeeper().seen(deps.uow, SATO, deps.clock.now())
    clock = Monotonic()
    cache = people.NameCache(ttl=60, monotonic=clock)
    opened = db.opened

    first = await cache.read(deps.uow, [SATO.id, SUZUKI.id])  # 鈴木 has no stored name
    again = await cache.read(deps.uow, [SATO.id, SUZUKI.id])
    assert db.opened == opened + 1
    assert first == again == Names({SATO.id: "佐藤 一郎"})

    clock.value += 61  # another instance may have stored a name meanwhile
    await people.NameKeeper().seen(deps.uow, SUZUKI, deps.clock.now())
    assert (await cache.read(deps.uow, [SUZUKI.id])).of(SUZUKI.id) == SUZUKI.name
    assert db.opened == opened + 3


async def test_a_name_this_process_stores_shows_at_once() -> None:
    deps = memory_deps()
    cache = people.NameCache(monotonic=Monotonic())
    await people.NameKeeper().seen(deps.uow, SATO, deps.clock.now(), cache)
    assert (await cache.read(deps.uow, [SATO.id])).of(SATO.id) == "佐藤 一郎"

    renamed = Person(SATO.id, "佐藤 一郎（DX推進課）", SATO.teams_id)
    await people.NameKeeper().seen(deps.uow, renamed, deps.clock.now(), cache)
    opened = database(deps).opened
    found = await cache.read(deps.uow, [SATO.id, SATO.teams_id])
    assert found.of(SATO.id) == found.of(SATO.teams_id) == "佐藤 一郎（DX推進課）"
    assert database(deps).opened == opened  # from the cache
