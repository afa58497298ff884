"""The in-memory unit of work keeps the promises of the SQL one that handlers rely on (tests/support/memory.py)."""

from dataclasses import replace

import pytest

from bot.domain.consultation import Note, Person, Role, Status
from bot.domain.errors import Conflict
from bot.domain.ports import Recipient
from tests.support.clocks import DEFAULT_NOW
from tests.support.handler_kit import REQUESTER, SUPPORT, TEAM, given_consultation
from tests.support.memory import (
    InMemoryRoster,
    RecordingNotifier,
    database,
    keyword_classify,
    memory_deps,
)


class Boom(Exception):
    pass


async def test_a_unit_of_work_that_fails_leaves_nothing_behind() -> None:
    deps = memory_deps()
    db = database(deps)
    c = await given_consultation(deps)

    with pytest.raises(Boom):
        async with deps.uow() as u:
            assert await u.consultations.next_seq(2026) == 2
            await u.consultations.update(replace(c, status=Status.ON_HOLD), expected_version=1)
            await u.processed.first_time("act:1", DEFAULT_NOW)
            raise Boom

    assert db.consultation(c.id) == c
    assert db.tables.processed == {}
    async with deps.uow() as u:
        assert await u.consultations.next_seq(2026) == 2  # the number was not used up


async def test_standalone_writes_stand_alone() -> None:
    deps = memory_deps()

    with pytest.raises(Boom):
        async with deps.uow(standalone=True) as u:
            await u.profiles.remember_department(REQUESTER.id, "市民課", DEFAULT_NOW)
            raise Boom

    assert database(deps).tables.profiles == {REQUESTER.id: "市民課"}


async def test_an_update_with_a_stale_version_is_not_written() -> None:
    deps = memory_deps()
    c = await given_consultation(deps)

    async with deps.uow() as u:
        moved = await u.consultations.update(replace(c, status=Status.ON_HOLD), expected_version=1)
        stale = await u.consultations.update(replace(c, status=Status.DONE), expected_version=1)

    assert moved is not None and moved.version == 2
    assert stale is None
    assert database(deps).consultation(c.id).status is Status.ON_HOLD


async def test_an_update_keeps_the_identity_of_the_row() -> None:
    deps = memory_deps()
    c = await given_consultation(deps)

    async with deps.uow() as u:
        await u.consultations.update(
            replace(c, number="R1-0001", requester=SUPPORT, title="新しい件名"), expected_version=1
        )

    after = database(deps).consultation(c.id)
    assert (after.number, after.requester, after.title) == (c.number, c.requester, "新しい件名")


async def test_a_taken_source_or_number_is_a_conflict() -> None:
    deps = memory_deps()
    c = await given_consultation(deps)

    async with deps.uow() as u:
        first = await u.consultations.add(replace(c, number="R8-0100"), source_id="act:1")
    for number, source in (("R8-0101", "act:1"), (c.number, "act:2")):
        with pytest.raises(Conflict):
            async with deps.uow() as u:
                await u.consultations.add(replace(c, number=number), source_id=source)

    async with deps.uow() as u:
        assert await u.consultations.get_by_source("act:1") == first
        assert await u.consultations.get_by_source("") is None
        assert await u.consultations.count() == 2


async def test_numbers_are_counted_per_fiscal_year() -> None:
    deps = memory_deps()

    async with deps.uow() as u:
        seqs = [await u.consultations.next_seq(fy) for fy in (2026, 2026, 2027, 2026)]

    assert seqs == [1, 2, 1, 3]


async def test_an_activity_is_processed_the_first_time_only() -> None:
    deps = memory_deps()

    async with deps.uow() as u:
        assert await u.processed.first_time("act:1", DEFAULT_NOW)
        assert not await u.processed.first_time("act:1", DEFAULT_NOW)
        assert await u.processed.first_time("act:2", DEFAULT_NOW)


async def test_a_note_from_the_same_source_is_stored_once_and_notes_read_oldest_first() -> None:
    deps = memory_deps()
    c = await given_consultation(deps)
    author = Person(REQUESTER.id, REQUESTER.name)

    async with deps.uow() as u:
        assert await u.notes.add(Note(c.id, REQUESTER, Role.REQUESTER, "一つ目", DEFAULT_NOW), source_id="s1")
        assert not await u.notes.add(Note(c.id, REQUESTER, Role.REQUESTER, "一つ目", DEFAULT_NOW), source_id="s1")
        for body in ("二つ目", "三つ目"):
            assert await u.notes.add(Note(c.id, REQUESTER, Role.REQUESTER, body, DEFAULT_NOW))
        latest_two = await u.notes.for_consultation(c.id, limit=2)

    assert [(n.author, n.body) for n in latest_two] == [(author, "二つ目"), (author, "三つ目")]


async def test_events_are_kept_as_text() -> None:
    deps = memory_deps()
    c = await given_consultation(deps)

    (created,) = database(deps).events_of(c.id)

    assert created.to_value == "received" and type(created.to_value) is str


async def test_units_of_work_that_write_at_the_same_time_are_refused() -> None:
    deps = memory_deps()

    with pytest.raises(RuntimeError, match="at the same time"):
        async with deps.uow() as one:
            async with deps.uow() as two:
                await two.profiles.remember_department("a", "市民課", DEFAULT_NOW)
            await one.profiles.remember_department("b", "税務課", DEFAULT_NOW)

    assert database(deps).tables.profiles == {"a": "市民課"}


async def test_the_roster_matches_by_id_or_teams_id() -> None:
    roster = InMemoryRoster(TEAM)

    assert await roster.is_member([SUPPORT.id])
    assert await roster.is_member(["nobody", SUPPORT.teams_id])
    assert not await roster.is_member([REQUESTER.id, ""])
    assert list(await roster.members()) == list(TEAM)


async def test_the_notifier_records_what_it_was_asked_to_send() -> None:
    notifier = RecordingNotifier(delivers=False)

    delivered = await notifier.notify(Recipient(REQUESTER.id), "お知らせ")

    assert not delivered
    assert notifier.texts_to(REQUESTER.id) == ["お知らせ"]


def test_the_classifier_is_deterministic() -> None:
    assert keyword_classify("申請書の押印をやめたい").label == "bpr"
    assert keyword_classify("申請書の押印をやめたい").reasons == ("押印",)
    assert keyword_classify("Teamsの通知を自動化したい").label == "app"
