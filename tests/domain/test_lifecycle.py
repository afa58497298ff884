"""Status transitions, assignment and reclassification as pure functions."""


import pytest

from bot.domain.category import Category
from bot.domain.consultation import (
    TRANSITIONS,
    CategorySource,
    Change,
    EventKind,
    Outcome,
    Person,
    Role,
    Status,
    assign,
    change_status,
    close,
    reclassify,
    role_of,
    unassign,
    withdraw,
)
from bot.domain.errors import InvalidInput, InvalidTransition
from tests.support.factories import NOW, OTHER, SUPPORT, a_consultation


def test_assign_moves_received_to_assigned_with_two_events() -> None:
    change = assign(a_consultation(), SUPPORT, actor=SUPPORT, now=NOW)
    assert change.consultation.status is Status.ASSIGNED and change.consultation.assignee == SUPPORT
    assert [e.kind for e in change.events] == [EventKind.ASSIGNED, EventKind.STATUS_CHANGED]


def test_assign_again_to_the_same_person_is_refused_but_reassigning_works() -> None:
    c = assign(a_consultation(), SUPPORT, actor=SUPPORT, now=NOW).consultation
    with pytest.raises(InvalidTransition) as e:
        assign(c, SUPPORT, actor=SUPPORT, now=NOW)
    assert e.value.key == "error.already_assigned"
    moved = assign(c, OTHER, actor=OTHER, now=NOW)
    assert moved.consultation.assignee == OTHER and moved.consultation.status is Status.ASSIGNED
    assert [(ev.from_value, ev.to_value) for ev in moved.events] == [(SUPPORT.id, OTHER.id)]


@pytest.mark.parametrize("source", list(Status))
@pytest.mark.parametrize("target", list(Status))
def test_transition_table_is_enforced(source: Status, target: Status) -> None:
    c = a_consultation(status=source, assignee=SUPPORT)

    def move() -> Change:
        if target is Status.DONE:
            return close(c, Outcome("解決しました"), actor=SUPPORT, now=NOW)
        return change_status(c, target, actor=SUPPORT, now=NOW)

    if target in TRANSITIONS[source]:
        change = move()
        assert change.consultation.status is target
        assert (change.consultation.closed_at is not None) == target.is_closed
    else:
        with pytest.raises(InvalidTransition):
            move()


def test_closing_needs_a_resolution_and_keeps_the_outcome() -> None:
    c = a_consultation(status=Status.IN_PROGRESS, assignee=SUPPORT)
    with pytest.raises(InvalidInput):
        change_status(c, Status.DONE, actor=SUPPORT, now=NOW)
    with pytest.raises(InvalidInput):
        close(c, Outcome("  "), actor=SUPPORT, now=NOW)
    outcome = Outcome("押印欄を削除", 12.5, "受付アプリ", "本番", "情報政策課")
    closed = close(c, outcome, actor=SUPPORT, now=NOW).consultation
    assert closed.status is Status.DONE and closed.outcome == outcome and closed.closed_at == NOW


def test_unassign_returns_assigned_to_received_and_withdraw_is_final_until_reopened() -> None:
    assigned = assign(a_consultation(), SUPPORT, actor=SUPPORT, now=NOW).consultation
    back = unassign(assigned, actor=SUPPORT, now=NOW)
    assert back.consultation.assignee is None and back.consultation.status is Status.RECEIVED
    assert [e.kind for e in back.events] == [EventKind.UNASSIGNED, EventKind.STATUS_CHANGED]
    with pytest.raises(InvalidTransition):
        unassign(back.consultation, actor=SUPPORT, now=NOW)
    gone = withdraw(a_consultation(), actor=Person("aad-requester"), now=NOW).consultation
    assert gone.status is Status.WITHDRAWN and gone.closed_at == NOW
    assert change_status(gone, Status.IN_PROGRESS, actor=SUPPORT, now=NOW).consultation.status is Status.IN_PROGRESS


def test_role_of() -> None:
    c = a_consultation()
    assert role_of("aad-requester", c, is_support=False) is Role.REQUESTER
    assert role_of("aad-requester", c, is_support=True) is Role.SUPPORT
    assert role_of("someone", c, is_support=False) is Role.OTHER


def test_working_an_unassigned_consultation_assigns_the_actor() -> None:
    change = change_status(a_consultation(), Status.IN_PROGRESS, actor=SUPPORT, now=NOW)
    assert change.consultation.assignee == SUPPORT
    assert [e.kind for e in change.events] == [EventKind.ASSIGNED, EventKind.STATUS_CHANGED]


def test_reopen_clears_closed_at_and_closed_cannot_be_assigned() -> None:
    done = close(a_consultation(assignee=SUPPORT), Outcome("済"), actor=SUPPORT, now=NOW).consultation
    with pytest.raises(InvalidTransition):
        assign(done, OTHER, actor=OTHER, now=NOW)
    reopened = change_status(done, Status.IN_PROGRESS, actor=SUPPORT, now=NOW).consultation
    assert reopened.closed_at is None and reopened.status is Status.IN_PROGRESS


def test_reclassify_flips_category_and_marks_it_manual() -> None:
    change = reclassify(a_consultation(), actor=SUPPORT, now=NOW)
    assert change.consultation.category is Category.APP
    assert change.consultation.category_source is CategorySource.MANUAL and change.consultation.confidence == 1.0
    assert (change.events[0].from_value, change.events[0].to_value) == (Category.BPR, Category.APP)
