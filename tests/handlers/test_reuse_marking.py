"""横展開候補 from the card: the support team marks a completed consultation with one line on what other departments
can reuse, changes the line, or takes the mark off; nobody else may, and only a completed consultation qualifies."""

from dataclasses import replace

from bot.cards.verbs import Verb
from bot.domain.consultation import EventKind, Status
from bot.handlers import build_router
from tests.support.clocks import DEFAULT_NOW
from tests.support.handler_kit import (
    REQUESTER,
    SUPPORT,
    TEAM,
    actor,
    card_verbs,
    click,
    given_consultation,
    visible_text,
)
from tests.support.memory import database, memory_deps

ROUTER = build_router()
LINE = "申請受付アプリとフローを複製すれば他課でも使える"


async def test_the_support_team_marks_a_completed_consultation_and_the_card_shows_the_line() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps, status=Status.DONE)
    assert Verb.MARK_REUSE in card_verbs((await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.REFRESH, c.id), deps)).card)

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.MARK_REUSE, c.id, reuse_note=f"  {LINE}\n"), deps)

    marked = db.consultation(c.id).reuse
    assert marked is not None and (marked.note, marked.marked_at, marked.marked_by) == (LINE, DEFAULT_NOW, SUPPORT.id)
    assert f"横展開候補: {LINE}" in visible_text(reply.card)
    assert "横展開候補にしました。" in visible_text(reply.card)
    assert [(e.kind, e.to_value) for e in db.events_of(c.id)[-1:]] == [(EventKind.REUSE_MARKED, LINE)]
    assert reply.notices == ()  # the requester is not messaged about the catalogue
    assert {Verb.MARK_REUSE, Verb.UNMARK_REUSE} <= card_verbs(reply.card)


async def test_the_line_can_be_changed_and_the_mark_taken_off() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps, status=Status.DONE)
    await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.MARK_REUSE, c.id, reuse_note=LINE), deps)

    await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.MARK_REUSE, c.id, reuse_note="フローだけ再利用できる"), deps)
    assert db.consultation(c.id).reuse.note == "フローだけ再利用できる"

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.UNMARK_REUSE, c.id), deps)
    assert db.consultation(c.id).reuse is None
    assert "横展開候補から外しました。" in visible_text(reply.card)
    assert Verb.UNMARK_REUSE not in card_verbs(reply.card) and Verb.MARK_REUSE in card_verbs(reply.card)
    assert [e.kind for e in db.events_of(c.id)[-3:]] == [
        EventKind.REUSE_MARKED,
        EventKind.REUSE_MARKED,
        EventKind.REUSE_UNMARKED,
    ]


async def test_bad_lines_are_refused_politely_and_nothing_changes() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps, status=Status.DONE)
    for inputs, said in (
        ({}, "再利用できる点を1行で書いてください"),
        ({"reuse_note": " \n "}, "再利用できる点を1行で書いてください"),
        ({"reuse_note": 42}, "再利用できる点を1行で書いてください"),
        ({"reuse_note": "あ" * 201}, "200文字以内"),
    ):
        reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.MARK_REUSE, c.id, **inputs), deps)
        assert said in visible_text(reply.card)
        assert db.consultation(c.id) == c


async def test_only_a_completed_consultation_can_be_marked() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps, status=Status.IN_PROGRESS, assignee=SUPPORT)

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.MARK_REUSE, c.id, reuse_note=LINE), deps)

    assert "完了した相談だけです（現在：対応中）" in visible_text(reply.card)
    assert db.consultation(c.id).reuse is None
    assert Verb.MARK_REUSE not in card_verbs(reply.card)


async def test_the_requester_may_not_mark_and_sees_no_such_button() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps, status=Status.DONE)

    reply = await ROUTER.dispatch_action(actor(REQUESTER), click(Verb.MARK_REUSE, c.id, reuse_note=LINE), deps)

    assert db.consultation(c.id).reuse is None
    assert "支援チーム" in (reply.text or visible_text(reply.card))
    own_view = await ROUTER.dispatch_action(actor(REQUESTER), click(Verb.REFRESH, c.id), deps)
    assert not {Verb.MARK_REUSE, Verb.UNMARK_REUSE} & card_verbs(own_view.card)


async def test_a_redelivered_click_marks_once() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps, status=Status.DONE)
    click_once = click(Verb.MARK_REUSE, c.id, activity_id="act-1", reuse_note=LINE)

    first = await ROUTER.dispatch_action(actor(SUPPORT), click_once, deps)
    again = await ROUTER.dispatch_action(actor(SUPPORT), replace(click_once), deps)

    assert first.changed and not again.changed
    assert [e.kind for e in db.events_of(c.id)].count(EventKind.REUSE_MARKED) == 1
