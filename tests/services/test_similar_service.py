"""Similar consultations across app instances: each instance's library reads what changed in the shared database
before it answers, and only that."""

from dataclasses import replace
from datetime import timedelta

from bot.domain.consultation import Outcome, Status
from bot.services import similar
from bot.similarity.library import CaseLibrary
from tests.support.clocks import DEFAULT_NOW
from tests.support.handler_kit import given_consultation
from tests.support.memory import database, memory_deps

SEAL = dict(title="出張命令書の押印をやめたい", body="出張命令書に課長の押印をもらうまで出張に行けません。")
ROOMS = dict(title="会議室の予約簿", body="会議室の予約を紙の予約簿で受け付けています。")


async def test_an_instance_sees_what_another_instance_wrote_before_it_answers() -> None:
    deps = memory_deps()
    first, second = CaseLibrary(), CaseLibrary()  # two app instances, one database
    past = await given_consultation(deps, status=Status.DONE, department="総務課", **SEAL)
    assert [s.number for s in await similar.like_text(first, deps.uow, "ハンコ待ちをなくしたい", limit=3)] == [
        past.number
    ]

    async with deps.uow() as u:  # the second instance changes it
        changed = replace(past, title="会議室予約の紙台帳", body=ROOMS["body"], updated_at=DEFAULT_NOW)
        await u.consultations.update(changed, expected_version=past.version)
    rooms = await similar.like_text(second, deps.uow, "会議室の予約簿をやめたい", limit=3)

    assert [s.number for s in rooms] == [past.number]
    assert await similar.like_text(first, deps.uow, "ハンコ待ちをなくしたい", limit=3) == []
    assert [s.title for s in await similar.like_text(first, deps.uow, "会議室の予約", limit=3)] == ["会議室予約の紙台帳"]


async def test_a_refresh_reads_only_the_rows_changed_since_the_last_one() -> None:
    deps = memory_deps()
    library = CaseLibrary()
    for i in range(5):
        await given_consultation(deps, title=f"相談{i}", body=f"会議室の予約{i}")

    assert await similar.refresh(library, deps.uow) == 5
    assert await similar.refresh(library, deps.uow) == 0  # read again inside the overlap, unchanged: skipped
    await given_consultation(deps, **ROOMS)
    assert await similar.refresh(library, deps.uow) == 1


async def test_rows_committed_behind_the_cursor_are_found_by_their_count() -> None:
    """A bulk import commits old rows (their updated_at is their past closing date) after a newer row was read."""
    deps = memory_deps()
    old = await given_consultation(
        deps, created_at=DEFAULT_NOW - timedelta(days=400), status=Status.DONE, department="税務課", **SEAL
    )
    new = await given_consultation(deps, **ROOMS)
    library = CaseLibrary()
    library.apply([database(deps).consultation(new.id)])  # what an instance read before the import committed

    found = await similar.like_text(library, deps.uow, "ハンコ待ちをなくしたい", limit=3)

    assert [s.number for s in found] == [old.number]


async def test_similar_to_a_consultation_lists_earlier_ones_completed_first() -> None:
    deps = memory_deps()
    done = await given_consultation(deps, status=Status.DONE, department="総務課", **SEAL)
    async with deps.uow() as u:
        await u.consultations.update(
            replace(done, outcome=Outcome("電子申請に切り替え", artefact_name="出張申請アプリ")),
            expected_version=done.version,
        )
    still_open = await given_consultation(
        deps, department="人事課", title="出張の押印", body="出張のたびに課長の押印をもらうのが大変です。"
    )
    asked = await given_consultation(
        deps, department="消防本部", title="県外出張の判子待ち", body="県外出張のたびに判子をもらうまで待たされます。"
    )
    later = await given_consultation(deps, department="税務課", **SEAL)

    found = await similar.similar_to(CaseLibrary(), deps.uow, asked, limit=10)

    assert [s.number for s in found] == [done.number, still_open.number]  # not itself, not the later one
    assert (found[0].department, found[0].resolution, found[0].artefact) == (
        "総務課",
        "電子申請に切り替え",
        "出張申請アプリ",
    )
    assert later.number not in [s.number for s in found]


async def test_solutions_need_a_keyword() -> None:
    deps = memory_deps()
    await given_consultation(deps, status=Status.DONE, **SEAL)

    assert await similar.solutions(CaseLibrary(), deps.uow, "   ") == []
    assert [s.title for s in await similar.solutions(CaseLibrary(), deps.uow, "押印")] == [SEAL["title"]]


async def test_a_card_may_use_a_library_a_few_seconds_old() -> None:
    """Every new card and every click draws the support card with its 類似の相談: within similar.CARD_MAX_AGE of the
    last refresh it reads nothing (this instance's own writes are in the library already); a command (max_age 0)
    always reads the changes first."""
    deps = memory_deps()
    db = database(deps)
    library = CaseLibrary()
    past = await given_consultation(deps, status=Status.DONE, department="総務課", **SEAL)
    await similar.refresh(library, deps.uow)
    opened = db.opened

    assert await similar.refresh(library, deps.uow, max_age=similar.CARD_MAX_AGE) == 0
    assert db.opened == opened  # nothing read
    assert library.age() < similar.CARD_MAX_AGE

    await given_consultation(deps, status=Status.DONE, department="市民課", **ROOMS)
    assert await similar.refresh(library, deps.uow) == 1  # max_age 0: the new consultation is read
    assert past.number in {s.number for s in await similar.like_text(library, deps.uow, "押印", limit=3)}


async def test_between_sweeps_a_refresh_reads_only_the_newest_rows() -> None:
    """Under a stream of new consultations each refresh reads the few rows since the last one; the reach back over
    library.OVERLAP (and the row count) is a sweep, at most every SWEEP_SECONDS."""
    deps = memory_deps()
    library = CaseLibrary()
    for i in range(5):
        await given_consultation(deps, title=f"相談{i}", body=f"会議室の予約{i}")
    await similar.refresh(library, deps.uow)  # the first: a sweep
    assert not library.sweep_due()

    await given_consultation(deps, title="新しい相談", body="押印の廃止")
    assert await similar.refresh(library, deps.uow) == 1
    assert library.known() == 6
