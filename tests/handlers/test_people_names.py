"""People are shown by name, never by id: cards, lists, search results and the history read names from the people
store when they are drawn (a renamed person shows the new name); a person whose name is unknown is shown as
（名前未取得）. The people have Teams-shaped ids (GUIDs and 29:...), as in Teams and the emulator."""

from bot.cards.verbs import Verb
from bot.deps import Deps
from bot.domain.consultation import Person
from bot.handlers import build_router
from bot.services.people import NameKeeper
from bot.turn import Actor
from tests.support.clocks import DEFAULT_NOW, FixedClock
from tests.support.handler_kit import card_verbs, click, given_consultation, say, visible_text
from tests.support.memory import InMemoryRoster, database, memory_deps
from tests.support.people import SATO, SUZUKI, YAMADA, guid, ids_shown

ROUTER = build_router()
UNKNOWN = "（名前未取得）"
# The support team as a configured roster knows it: ids only (SUPPORT_TEAM_IDS), no names.
TEAM = (Person(SATO.id, "", SATO.teams_id), Person(SUZUKI.id, "", SUZUKI.teams_id))


def staff(person: Person = SATO, locale: str = "ja") -> Actor:
    return Actor(person, locale=locale, is_support=True)


def requester(locale: str = "ja") -> Actor:
    return Actor(YAMADA, locale=locale)


async def names_seen(deps: Deps, *people: Person) -> None:
    """As if these people had sent a message (the edge stores the sender's name, as keep_name_fresh does)."""
    keeper = NameKeeper()
    for person in people:
        await keeper.seen(deps.uow, person, deps.clock.now(), deps.names)


def choices(card: dict | None) -> list[tuple[str, str]]:
    """The assign-to list of a support card's その他 form: (title, value)."""
    assert card is not None
    more = next(
        a for a in card["actions"] if a.get("type") == "Action.ShowCard" and a["card"]["body"][0].get("choices")
    )
    return [(c["title"], c["value"]) for c in more["card"]["body"][0]["choices"]]


def facts(card: dict | None) -> str:
    return visible_text(card)


async def test_the_assignee_list_names_members_and_never_offers_an_id() -> None:
    deps = memory_deps(roster=InMemoryRoster(TEAM))
    await names_seen(deps, SATO)  # 佐藤 has written to the bot; 鈴木 never has
    c = await given_consultation(deps, requester=YAMADA)

    reply = await ROUTER.dispatch_message(staff(), say(f"状況 {c.number}"), deps)

    assert choices(reply.card) == [("佐藤 一郎", SATO.id), (UNKNOWN, SUZUKI.id)]
    assert ids_shown(reply.card) == []


async def test_an_assignee_chosen_by_id_is_shown_by_name_everywhere() -> None:
    deps = memory_deps(roster=InMemoryRoster(TEAM))
    await names_seen(deps, SATO, SUZUKI, YAMADA)
    c = await given_consultation(deps, requester=Person(YAMADA.id, "", YAMADA.teams_id))

    assigned = await ROUTER.dispatch_action(staff(), click(Verb.ASSIGN, c.id, assignee=SUZUKI.id), deps)
    queue = await ROUTER.dispatch_message(staff(), say("一覧"), deps)
    found = await ROUTER.dispatch_message(staff(), say("検索 会議室"), deps)
    details = await ROUTER.dispatch_message(staff(), say(f"詳細 {c.number}"), deps)
    clicked_details = await ROUTER.dispatch_action(staff(), click(Verb.DETAILS, c.id), deps)

    assert "担当者: 鈴木 次郎" in facts(assigned.card) and "担当者: 鈴木 次郎" in facts(assigned.shared_card)
    assert "依頼者: 山田 花子" in facts(assigned.card)
    assert "鈴木 次郎 さんが担当になりました。" in facts(assigned.card)
    assert "鈴木 次郎: 1" in facts(queue.card)  # the workload per assignee
    assert "鈴木 次郎" in facts(queue.card).split(c.number, 1)[1]  # the row
    assert "鈴木 次郎" in facts(found.card)
    assert "担当 → 鈴木 次郎（佐藤 一郎）" in facts(details.card)
    assert facts(clicked_details.card) == facts(details.card)
    stored = database(deps).consultation(c.id)
    assert stored.assignee is not None and stored.assignee.name == "鈴木 次郎"  # never the id, even as a snapshot
    assert ids_shown(assigned.card, assigned.shared_card, queue.card, found.card, details.card) == []


async def test_a_renamed_person_shows_the_new_name_on_every_card() -> None:
    clock = FixedClock(DEFAULT_NOW)
    deps = memory_deps(clock=clock, roster=InMemoryRoster(TEAM))
    await names_seen(deps, SATO, YAMADA)
    c = await given_consultation(deps, requester=YAMADA)
    await ROUTER.dispatch_action(staff(), click(Verb.ASSIGN_SELF, c.id), deps)

    clock.advance(days=1)  # the rename comes later
    await names_seen(
        deps, Person(SATO.id, "佐藤 一郎（DX推進課）", SATO.teams_id), Person(YAMADA.id, "山田 花子（旧姓 木村）")
    )
    colleague = staff(SUZUKI)  # sees 佐藤's new name from the store
    card = (await ROUTER.dispatch_message(colleague, say(f"状況 {c.number}"), deps)).card
    details = (await ROUTER.dispatch_message(colleague, say(f"詳細 {c.number}"), deps)).card
    queue = (await ROUTER.dispatch_message(colleague, say("一覧"), deps)).card

    assert "担当者: 佐藤 一郎（DX推進課）" in facts(card) and "依頼者: 山田 花子（旧姓 木村）" in facts(card)
    assert "担当 → 佐藤 一郎（DX推進課）（佐藤 一郎（DX推進課））" in facts(details)
    assert "受付（山田 花子（旧姓 木村））" in facts(details)
    assert "佐藤 一郎（DX推進課）: 1" in facts(queue)
    assert ("佐藤 一郎（DX推進課）", SATO.id) in choices(card)


async def test_nobody_known_is_shown_as_unknown_in_both_languages() -> None:
    deps = memory_deps(roster=InMemoryRoster(TEAM))
    ghost = Person(guid(99), guid(99), "29:1ghost")  # a name that is only an id (as stored before)
    c = await given_consultation(deps, requester=ghost, assignee=Person(SUZUKI.id, SUZUKI.id))

    ja = (await ROUTER.dispatch_message(staff(), say(f"詳細 {c.number}"), deps)).card
    en = (await ROUTER.dispatch_message(staff(locale="en"), say(f"details {c.number}"), deps)).card

    assert f"依頼者: {UNKNOWN}" in facts(ja) and f"担当者: {UNKNOWN}" in facts(ja)
    assert "Requester: (name unknown)" in facts(en) and "Assignee: (name unknown)" in facts(en)
    assert ids_shown(ja, en) == []


async def test_a_name_is_found_by_the_teams_id_too() -> None:
    """A support member configured by Teams id (29:...) is the same person the store knows by Entra object id."""
    deps = memory_deps(roster=InMemoryRoster([Person(SATO.teams_id, "", SATO.teams_id)]))
    await names_seen(deps, SATO)
    c = await given_consultation(deps, requester=YAMADA)

    card = (await ROUTER.dispatch_message(staff(), say(f"状況 {c.number}"), deps)).card

    assert choices(card) == [("佐藤 一郎", SATO.teams_id)]
    assert Verb.ASSIGN in card_verbs(card)


async def test_the_store_keeps_the_freshest_name_only() -> None:
    deps = memory_deps()
    async with deps.uow() as u:
        assert await u.people.remember([SATO], DEFAULT_NOW) == 1
        assert await u.people.remember([SATO], DEFAULT_NOW) == 0  # unchanged: nothing written
        assert await u.people.remember([Person(SATO.id, "古い名前")], DEFAULT_NOW.replace(year=2025)) == 0
        assert await u.people.remember([Person(SATO.id, "", "")], DEFAULT_NOW) == 0  # no name: never hides one
        assert await u.people.remember([Person(SATO.id, SATO.id)], DEFAULT_NOW) == 0  # an id is no name
        assert dict(await u.people.names_of([SATO.id, SATO.teams_id, "nobody"])) == {
            SATO.id: "佐藤 一郎",
            SATO.teams_id: "佐藤 一郎",
        }
