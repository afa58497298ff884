"""Status transitions, assignment and reclassification as pure functions."""

from datetime import UTC, datetime

import pytest

from bot.domain.category import Category
from bot.domain.consultation import (
    TRANSITIONS,
    CategorySource,
    Consultation,
    EventKind,
    Person,
    Status,
    assign,
    change_status,
    reclassify,
)
from bot.domain.errors import InvalidTransition

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
SUPPORT = Person("aad-support", "佐藤 一郎")
OTHER = Person("aad-other", "田中 三郎")


def consultation(**kw) -> Consultation:  # type: ignore[no-untyped-def]
    values = dict(
        id=1,
        number="R8-0001",
        fiscal_year=2026,
        seq=1,
        title="押印の見直し",
        body="押印を廃止したい",
        category=Category.BPR,
        confidence=0.8,
        category_source=CategorySource.AUTO,
        status=Status.RECEIVED,
        requester=Person("aad-requester", "山田 花子"),
        department="総務課",
        created_at=NOW,
        updated_at=NOW,
    )
    values.update(kw)
    return Consultation(**values)


def test_assign_moves_received_to_assigned_with_two_events() -> None:
    change = assign(consultation(), SUPPORT, actor=SUPPORT, now=NOW)
    assert change.consultation.status is Status.ASSIGNED and change.consultation.assignee == SUPPORT
    assert [e.kind for e in change.events] == [EventKind.ASSIGNED, EventKind.STATUS_CHANGED]


def test_assign_again_to_the_same_person_is_refused_but_reassigning_works() -> None:
    c = assign(consultation(), SUPPORT, actor=SUPPORT, now=NOW).consultation
    with pytest.raises(InvalidTransition) as e:
        assign(c, SUPPORT, actor=SUPPORT, now=NOW)
    assert e.value.key == "error.already_assigned"
    moved = assign(c, OTHER, actor=OTHER, now=NOW)
    assert moved.consultation.assignee == OTHER and moved.consultation.status is Status.ASSIGNED
    assert [(ev.from_value, ev.to_value) for ev in moved.events] == [(SUPPORT.id, OTHER.id)]


@pytest.mark.parametrize("source", list(Status))
@pytest.mark.parametrize("target", list(Status))
def test_transition_table_is_enforced(source: Status, target: Status) -> None:
    c = consultation(status=source, assignee=SUPPORT)
    if target in TRANSITIONS[source]:
        change = change_status(c, target, actor=SUPPORT, now=NOW)
        assert change.consultation.status is target
        assert (change.consultation.closed_at is not None) == target.is_closed
    else:
        with pytest.raises(InvalidTransition):
            change_status(c, target, actor=SUPPORT, now=NOW)


def test_working_an_unassigned_consultation_assigns_the_actor() -> None:
    change = change_status(consultation(), Status.IN_PROGRESS, actor=SUPPORT, now=NOW)
    assert change.consultation.assignee == SUPPORT
    assert [e.kind for e in change.events] == [EventKind.ASSIGNED, EventKind.STATUS_CHANGED]


def test_reopen_clears_closed_at_and_closed_cannot_be_assigned() -> None:
    done = change_status(consultation(assignee=SUPPORT), Status.DONE, actor=SUPPORT, now=NOW).consultation
    with pytest.raises(InvalidTransition):
        assign(done, OTHER, actor=OTHER, now=NOW)
    reopened = change_status(done, Status.IN_PROGRESS, actor=SUPPORT, now=NOW).consultation
    assert reopened.closed_at is None and reopened.status is Status.IN_PROGRESS


def test_reclassify_flips_category_and_marks_it_manual() -> None:
    change = reclassify(consultation(), actor=SUPPORT, now=NOW)
    assert change.consultation.category is Category.APP
    assert change.consultation.category_source is CategorySource.MANUAL and change.consultation.confidence == 1.0
    assert (change.events[0].from_value, change.events[0].to_value) == (Category.BPR, Category.APP)
