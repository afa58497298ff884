"""CaseLibrary: the consultations of a database in the index, what changed re-indexed, completed ones shown first."""

from dataclasses import replace
from datetime import timedelta
from typing import Any

from bot.domain.category import Category
from bot.domain.consultation import Consultation, Outcome, Reuse, Status
from bot.similarity.library import OVERLAP, CaseLibrary
from tests.support.clocks import DEFAULT_NOW
from tests.support.factories import a_consultation


def case(
    id_: int, title: str, body: str, *, status: Status = Status.DONE, minutes: int = 0, **more: Any
) -> Consultation:
    """A consultation of 部署<id>, created (and last changed) 30 days before NOW plus `minutes` (default: its id)."""
    at = DEFAULT_NOW - timedelta(days=30) + timedelta(minutes=minutes or id_)
    outcome = Outcome(f"{title}を解決", artefact_name=f"{title}アプリ") if status is Status.DONE else None
    values: dict[str, Any] = dict(id=id_, number=f"R8-{id_:04d}", title=title, body=body, status=status)
    values |= dict(created_at=at, updated_at=at, outcome=outcome, department=f"部署{id_}")
    return a_consultation(**(values | more))


SEAL_DONE = case(1, "出張命令書の押印廃止", "出張命令書に課長の押印をもらうのに時間がかかります。")
SEAL_OPEN = case(2, "休暇届の押印", "休暇届に課長の押印をもらっています。押印をなくしたい。", status=Status.RECEIVED)
ROOMS = case(3, "会議室予約の紙台帳", "会議室の予約を紙の台帳で管理しています。")


def test_completed_ones_come_first_even_when_an_open_one_is_closer() -> None:
    library = CaseLibrary()
    library.apply([SEAL_DONE, SEAL_OPEN, ROOMS])

    found = library.similar("課長の押印をなくしたい。", limit=3)

    assert [s.number for s in found][:2] == ["R8-0001", "R8-0002"]
    assert found[0].score < found[1].score  # the open one matched better, and is shown after
    assert (found[0].resolution, found[0].artefact, found[0].department) == (
        "出張命令書の押印廃止を解決",
        "出張命令書の押印廃止アプリ",
        "部署1",
    )
    assert found[1].resolution == "" and found[1].status is Status.RECEIVED


def test_reusable_ones_come_first_among_the_completed() -> None:
    marked = case(4, "押印の見直し", "申請書の押印を見直しました。", reuse=Reuse("様式の改正手順", DEFAULT_NOW, "x"))
    library = CaseLibrary()
    library.apply([SEAL_DONE, marked])

    found = library.similar("押印を見直して廃止したい", limit=3)

    assert [(s.number, s.reusable) for s in found] == [("R8-0004", True), ("R8-0001", False)]


def test_only_earlier_consultations_are_similar_to_one() -> None:
    library = CaseLibrary()
    later = case(5, "出張の押印", "出張命令書の押印をやめたい", minutes=10_000)
    library.apply([SEAL_DONE, SEAL_OPEN, later])

    found = library.similar(later.body, limit=3, before=SEAL_OPEN)

    assert [s.number for s in found] == ["R8-0001"]  # not itself, not the later one


def test_the_same_instant_counts_by_id() -> None:
    first, second = (
        case(6, "押印の廃止", "押印をやめたい", minutes=1),
        case(7, "押印の廃止", "押印をやめたい", minutes=1),
    )
    library = CaseLibrary()
    library.apply([first, second])

    assert [s.number for s in library.similar("押印をやめたい", limit=3, before=second)] == ["R8-0006"]
    assert library.similar("押印をやめたい", limit=3, before=first) == []


def test_withdrawn_consultations_leave_the_index() -> None:
    library = CaseLibrary()
    library.apply([SEAL_DONE, SEAL_OPEN])

    library.apply([replace(SEAL_OPEN, status=Status.WITHDRAWN, version=2, updated_at=DEFAULT_NOW)])

    assert [s.number for s in library.similar("押印をやめたい", limit=3)] == ["R8-0001"]
    assert library.known() == 2


def test_the_cursor_follows_the_newest_change_and_the_highest_id_and_a_sweep_reaches_back_the_overlap() -> None:
    library = CaseLibrary()
    assert library.cursor() == (None, 0)
    assert library.sweep_due()  # the first refresh is a sweep

    library.apply([SEAL_DONE, ROOMS, SEAL_OPEN])

    assert library.cursor() == (ROOMS.updated_at, 3)  # between sweeps: only what is newer than what was seen
    assert library.cursor(sweep=True) == (ROOMS.updated_at - OVERLAP, 3)
    library.swept()
    assert not library.sweep_due()


def test_a_row_read_again_unchanged_is_not_indexed_again() -> None:
    library = CaseLibrary()
    assert library.apply([SEAL_DONE, ROOMS]) == 2

    assert library.apply([SEAL_DONE, ROOMS]) == 0
    assert library.apply([replace(ROOMS, title="会議室の予約", version=2)]) == 1
    assert library.similar("会議室の予約", limit=1)[0].title == "会議室の予約"


def test_replace_all_forgets_rows_that_are_gone() -> None:
    library = CaseLibrary()
    library.apply([SEAL_DONE, ROOMS])

    library.replace_all([ROOMS])

    assert library.known() == 1 and library.similar("出張命令書の押印", limit=3) == []


def test_solutions_search_completed_titles_resolutions_and_artefacts() -> None:
    library = CaseLibrary()
    library.apply([SEAL_DONE, SEAL_OPEN, ROOMS])

    assert [s.number for s in library.solutions(["押印"], limit=10)] == ["R8-0001"]  # the open one is no solution
    assert [s.number for s in library.solutions(["ｱﾌﾟﾘ", "会議室"], limit=10)] == ["R8-0003"]  # widths folded
    assert library.solutions(["押印", "会議室"], limit=10) == []
    assert library.solutions([], limit=10) == []


def test_a_category_survives_into_the_case() -> None:
    library = CaseLibrary()
    library.apply([replace(ROOMS, category=Category.APP)])

    (found,) = library.similar("会議室の予約", limit=3)
    assert found.category is Category.APP


def test_what_this_process_wrote_is_found_at_once_and_the_cursor_stays_for_other_instances_rows() -> None:
    library = CaseLibrary()
    library.apply([SEAL_DONE])

    library.note([ROOMS])  # written by this process (SqlUnitOfWorkFactory.after_write)

    assert [s.id for s in library.similar("会議室の予約台帳", limit=3)] == [ROOMS.id]
    assert library.cursor() == (SEAL_DONE.updated_at, SEAL_DONE.id)  # another instance's rows are still read
    assert library.apply([ROOMS]) == 0  # read back by that refresh: already known


def test_a_row_read_before_this_process_changed_it_does_not_undo_the_change() -> None:
    """A refresh's read may finish after this process noted a newer version of the same row."""
    library = CaseLibrary()
    library.apply([ROOMS])
    newer = replace(ROOMS, title="会議室予約のフォーム化", version=2, updated_at=ROOMS.updated_at + timedelta(minutes=1))
    library.note([newer])

    assert library.apply([ROOMS]) == 0

    assert library.similar("会議室予約のフォーム化", limit=1)[0].title == "会議室予約のフォーム化"
