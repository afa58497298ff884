"""Every move of status_actions.MOVES, and the two moves that read inputs (担当者の指定, 完了): what changes, what is
recorded, what the clicker, everyone and the requester see. Dispatched through build_router(), as the edge does."""

from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.cards.verbs import Verb
from bot.domain.category import Category
from bot.domain.consultation import CategorySource, EventKind, Outcome, Person, Status
from bot.handlers import build_router
from bot.handlers.status_actions import MOVES
from tests.support.clocks import DEFAULT_NOW
from tests.support.handler_kit import (
    CHANNEL_THREAD,
    COLLEAGUE,
    OUTSIDER,
    REQUESTER,
    SUPPORT,
    TEAM,
    actor,
    card_verbs,
    click,
    deliver,
    given_consultation,
    visible_text,
)
from tests.support.memory import database, memory_deps

ROUTER = build_router()
HEAD = "【R8-0001】ご相談「会議室予約の自動化」"  # how every 1:1 message to the requester begins
THREAD_LINK = "\n[スレッドを開く](https://teams.microsoft.com/l/message/19%3Aintake%40thread.tacv2/1700000000000?tenantId=tenant-1&parentMessageId=1700000000000)"


def stored(person: Person) -> Person:
    """A person as a consultation row keeps them (no Teams id for the assignee)."""
    return Person(person.id, person.name)


@dataclass(frozen=True)
class Scenario:
    """A move from a state where it is legal: who clicks, the state before (given_consultation's arguments), the
    fields after, the events recorded (kind, from, to), the facts both cards show, the notice on them, and how the
    requester's 1:1 message begins (None: the requester did it and is told nothing)."""

    by: Person
    before: dict[str, Any]
    after: dict[str, Any]
    events: tuple[tuple[EventKind, str, str], ...]
    shown: tuple[str, ...]
    notice: str
    told: str | None
    extra: dict[str, Any] = field(default_factory=dict)


SCENARIOS = {
    Verb.ASSIGN_SELF: Scenario(
        by=SUPPORT,
        before={},
        after={"status": Status.ASSIGNED, "assignee": stored(SUPPORT)},
        events=((EventKind.ASSIGNED, "", SUPPORT.id), (EventKind.STATUS_CHANGED, "received", "assigned")),
        shown=("状況: 担当決定", "担当者: 佐藤 一郎"),
        notice="佐藤 一郎 さんが担当になりました。",
        told=f"{HEAD}の担当者が 佐藤 一郎 さんに決まりました。",
    ),
    Verb.UNASSIGN: Scenario(
        by=SUPPORT,
        before={"status": Status.ASSIGNED, "assignee": COLLEAGUE},
        after={"status": Status.RECEIVED, "assignee": None},
        events=((EventKind.UNASSIGNED, COLLEAGUE.id, ""), (EventKind.STATUS_CHANGED, "assigned", "received")),
        shown=("状況: 受付", "担当者: 未定"),
        notice="担当を解除しました。",
        told=f"{HEAD}の担当者が未定に戻りました。",
    ),
    Verb.START: Scenario(
        by=SUPPORT,
        before={},
        after={"status": Status.IN_PROGRESS, "assignee": stored(SUPPORT)},
        events=((EventKind.ASSIGNED, "", SUPPORT.id), (EventKind.STATUS_CHANGED, "received", "in_progress")),
        shown=("状況: 対応中", "担当者: 佐藤 一郎"),
        notice="状況を「対応中」に変更しました。",
        told=f"{HEAD}の状況が「対応中」になりました。",
    ),
    Verb.HOLD: Scenario(
        by=SUPPORT,
        before={"status": Status.IN_PROGRESS, "assignee": COLLEAGUE},
        after={"status": Status.ON_HOLD, "assignee": stored(COLLEAGUE)},
        events=((EventKind.STATUS_CHANGED, "in_progress", "on_hold"),),
        shown=("状況: 保留", "担当者: 鈴木 次郎"),
        notice="状況を「保留」に変更しました。",
        told=f"{HEAD}の状況が「保留」になりました。",
    ),
    Verb.REOPEN: Scenario(
        by=SUPPORT,
        before={"status": Status.DONE, "assignee": COLLEAGUE},
        after={"status": Status.IN_PROGRESS, "closed_at": None, "assignee": stored(COLLEAGUE)},
        events=((EventKind.STATUS_CHANGED, "done", "in_progress"),),
        shown=("状況: 対応中",),
        notice="状況を「対応中」に変更しました。",
        told=f"{HEAD}の状況が「対応中」になりました。",
    ),
    Verb.RECLASSIFY: Scenario(
        by=SUPPORT,
        before={"category": Category.APP},
        after={"category": Category.BPR, "category_source": CategorySource.MANUAL, "confidence": 1.0},
        events=((EventKind.RECLASSIFIED, "app", "bpr"),),
        shown=("区分: 業務改善（BPR）（手動設定）",),
        notice="区分を「業務改善（BPR）」に変更しました。",
        told=f"{HEAD}の区分が「業務改善（BPR）」に変更されました。",
    ),
    Verb.SET_BPR: Scenario(
        by=SUPPORT,
        before={"category": Category.APP, "needs_triage": True},
        after={"category": Category.BPR, "category_source": CategorySource.MANUAL, "needs_triage": False},
        events=((EventKind.RECLASSIFIED, "app", "bpr"),),
        shown=("区分: 業務改善（BPR）（手動設定）",),
        notice="区分を「業務改善（BPR）」に変更しました。",
        told=f"{HEAD}の区分が「業務改善（BPR）」に変更されました。",
    ),
    Verb.SET_APP: Scenario(
        by=SUPPORT,
        before={"category": Category.BPR, "needs_triage": True},
        after={"category": Category.APP, "category_source": CategorySource.MANUAL, "needs_triage": False},
        events=((EventKind.RECLASSIFIED, "bpr", "app"),),
        shown=("区分: アプリ・自動化（手動設定）",),
        notice="区分を「アプリ・自動化」に変更しました。",
        told=f"{HEAD}の区分が「アプリ・自動化」に変更されました。",
    ),
    Verb.WITHDRAW: Scenario(
        by=REQUESTER,
        before={},
        after={"status": Status.WITHDRAWN, "closed_at": DEFAULT_NOW},
        events=((EventKind.STATUS_CHANGED, "received", "withdrawn"),),
        shown=("状況: 取り下げ", "取り下げ日: 2026年11月28日"),
        notice="取り下げました。",
        told=None,
    ),
}


def is_support_view(card: dict | None) -> bool:
    return bool(card_verbs(card) & {Verb.CLOSE, Verb.REOPEN})


def is_requester_view(card: dict | None) -> bool:
    return Verb.ADD_NOTE in card_verbs(card) and not is_support_view(card)


def test_every_move_has_a_scenario() -> None:
    assert set(SCENARIOS) == set(MOVES)


@pytest.mark.parametrize("verb", list(MOVES))
async def test_a_move_changes_the_consultation_as_the_lifecycle_says(verb: Verb) -> None:
    s = SCENARIOS[verb]
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps, **s.before)
    history = db.events_of(c.id)

    await ROUTER.dispatch_action(actor(s.by), click(verb, c.id, activity_id="act:1"), deps)

    after = db.consultation(c.id)
    assert {name: getattr(after, name) for name in s.after} == s.after
    assert (after.version, after.updated_at) == (c.version + 1, DEFAULT_NOW)
    new_events = db.events_of(c.id)[len(history) :]
    assert [(e.kind, e.from_value, e.to_value) for e in new_events] == list(s.events)
    assert {(e.actor_id, e.at) for e in new_events} == {(s.by.id, DEFAULT_NOW)}
    assert len(db.corrections_of(c.id)) == (1 if MOVES[verb].correction else 0)


@pytest.mark.parametrize("verb", list(MOVES))
async def test_a_move_answers_the_clicker_and_everyone_with_the_notice(verb: Verb) -> None:
    s = SCENARIOS[verb]
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps, **s.before)

    reply = await ROUTER.dispatch_action(actor(s.by), click(verb, c.id, activity_id="act:1"), deps)

    assert (reply.status, reply.text) == (200, "")
    for card in (reply.card, reply.shared_card):
        seen = visible_text(card)
        assert "相談 R8-0001" in seen and s.notice in seen
        for fact in s.shown:
            assert fact in seen
    assert is_support_view(reply.card) if s.by in TEAM else is_requester_view(reply.card)
    assert is_support_view(reply.shared_card)  # posted in the intake channel: the support team's view


@pytest.mark.parametrize("verb", list(MOVES))
async def test_the_requester_is_told_when_someone_else_moved_their_consultation(verb: Verb) -> None:
    s = SCENARIOS[verb]
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps, **s.before)

    reply = await ROUTER.dispatch_action(actor(s.by), click(verb, c.id, activity_id="act:1"), deps)
    notifier = await deliver(reply, deps)

    if s.told is None:
        assert reply.notices == ()
        return
    (notice,) = reply.notices
    assert notice.text == s.told + THREAD_LINK
    assert (notice.recipient.person_id, notice.recipient.teams_id) == (REQUESTER.id, REQUESTER.teams_id)
    assert notice.recipient.via_conversation_id == CHANNEL_THREAD.conversation_id
    assert notice.recipient.tenant_id == "tenant-1"
    assert notifier.texts_to(REQUESTER.id) == [notice.text]


async def test_a_support_member_moving_their_own_consultation_is_not_messaged_about_it() -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps, requester=SUPPORT)

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.START, c.id), deps)

    assert "状況を「対応中」に変更しました。" in visible_text(reply.card)
    assert reply.notices == ()


@pytest.mark.parametrize("verb", list(MOVES))
async def test_a_redelivered_click_applies_once(verb: Verb) -> None:
    """Teams retries an invoke it got no answer to in time: the same activity id must not move the consultation
    again (区分変更 would flip back)."""
    s = SCENARIOS[verb]
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps, **s.before)
    await ROUTER.dispatch_action(actor(s.by), click(verb, c.id, activity_id="act:1"), deps)
    once, events = db.consultation(c.id), db.events_of(c.id)

    again = await ROUTER.dispatch_action(actor(s.by), click(verb, c.id, activity_id="act:1"), deps)

    assert db.consultation(c.id) == once
    assert db.events_of(c.id) == events
    assert again.text == "" and not again.changed  # no error: the click was applied, once
    for fact in s.shown:
        assert fact in visible_text(again.card)  # the clicker sees the current state
    assert again.notices == ()  # and nobody is told twice
    assert len(db.corrections_of(c.id)) == (1 if MOVES[verb].correction else 0)  # one training example


async def test_a_second_click_that_is_no_longer_legal_is_answered_on_the_current_card() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps)
    await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.START, c.id, activity_id="act:1"), deps)
    started = db.consultation(c.id)

    reply = await ROUTER.dispatch_action(actor(COLLEAGUE), click(Verb.START, c.id, activity_id="act:2"), deps)

    assert reply.text == "すでに「対応中」です。"
    assert "すでに「対応中」です。" in visible_text(reply.card)
    assert "状況: 対応中" in visible_text(reply.card)
    assert reply.shared_card is None and reply.notices == ()
    assert db.consultation(c.id) == started


@pytest.mark.parametrize(
    ("verb", "before", "reason"),
    [
        (Verb.HOLD, {"status": Status.DONE}, "「完了」の相談を「保留」にはできません。"),
        (Verb.ASSIGN_SELF, {"status": Status.WITHDRAWN}, "この相談は「取り下げ」のため変更できません。"),
        (Verb.UNASSIGN, {}, "担当者がいません。"),
        (Verb.SET_APP, {"category": Category.APP}, "すでに「アプリ・自動化」です。"),
        (Verb.REOPEN, {"status": Status.IN_PROGRESS}, "すでに「対応中」です。"),
    ],
)
async def test_an_illegal_move_changes_nothing_and_says_why(verb: Verb, before: dict, reason: str) -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps, **before)
    history = db.events_of(c.id)

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(verb, c.id, activity_id="act:1"), deps)

    assert reply.text == reason
    assert reason in visible_text(reply.card)
    assert db.consultation(c.id) == c
    assert db.events_of(c.id) == history
    assert db.corrections_of(c.id) == []
    assert db.tables.processed == {}  # a refused click is not remembered: it may be tried again


async def test_a_move_on_a_consultation_that_does_not_exist_says_so() -> None:
    deps = memory_deps(support=TEAM)

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.START, 99), deps)

    assert reply.text == "該当する相談が見つかりません（#99）。"
    assert reply.card is None


# --- 担当者の指定 -----------------------------------------------------------------------------------------------------


async def test_assigning_a_support_member_makes_them_the_assignee() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps)

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.ASSIGN, c.id, assignee=COLLEAGUE.id), deps)

    after = db.consultation(c.id)
    assert (after.status, after.assignee) == (Status.ASSIGNED, stored(COLLEAGUE))
    assert [(e.kind, e.actor_id, e.to_value) for e in db.events_of(c.id)[-2:]] == [
        (EventKind.ASSIGNED, SUPPORT.id, COLLEAGUE.id),
        (EventKind.STATUS_CHANGED, SUPPORT.id, "assigned"),
    ]
    assert "鈴木 次郎 さんが担当になりました。" in visible_text(reply.card)
    assert "担当者: 鈴木 次郎" in visible_text(reply.shared_card)
    (notice,) = reply.notices
    assert notice.text.startswith(f"{HEAD}の担当者が 鈴木 次郎 さんに決まりました。")


@pytest.mark.parametrize(
    "chosen", [OUTSIDER.id, REQUESTER.id, "", None], ids=["outsider", "requester", "empty", "none"]
)
async def test_assigning_someone_outside_the_support_team_is_refused(chosen: str | None) -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps)
    inputs = {} if chosen is None else {"assignee": chosen}

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.ASSIGN, c.id, **inputs), deps)

    assert reply.text == "選ばれた方は支援チームのメンバーではありません。"
    assert "選ばれた方は支援チームのメンバーではありません。" in visible_text(reply.card)
    assert reply.shared_card is None and reply.notices == ()
    assert db.consultation(c.id) == c


# --- 完了 --------------------------------------------------------------------------------------------------------


async def test_closing_records_the_resolution_and_the_hours_saved() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps, status=Status.IN_PROGRESS, assignee=SUPPORT)
    inputs = {
        "resolution": "Forms と Power Automate で予約受付を自動化しました。",
        "hours_saved": "12.5",
        "artefact_name": "会議室予約フロー",
        "artefact_environment": "本番",
        "artefact_owner": "市民課",
    }

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.CLOSE, c.id, activity_id="act:9", **inputs), deps)

    after = db.consultation(c.id)
    assert (after.status, after.closed_at) == (Status.DONE, DEFAULT_NOW)
    assert after.outcome == Outcome(
        "Forms と Power Automate で予約受付を自動化しました。", 12.5, "会議室予約フロー", "本番", "市民課"
    )
    assert [(e.kind, e.from_value, e.to_value) for e in db.events_of(c.id)[-1:]] == [
        (EventKind.STATUS_CHANGED, "in_progress", "done")
    ]
    for card in (reply.card, reply.shared_card):
        seen = visible_text(card)
        assert "完了にしました。" in seen
        assert "状況: 完了" in seen
        assert "解決内容: Forms と Power Automate で予約受付を自動化しました。" in seen
        assert "削減時間（月）: 12.5時間" in seen
        assert "成果物: 会議室予約フロー（本番 / 市民課）" in seen
    (notice,) = reply.notices
    assert notice.text.startswith(
        f"{HEAD}が完了しました。\n解決内容：Forms と Power Automate で予約受付を自動化しました。"
    )


async def test_closing_without_hours_is_fine() -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps)

    reply = await ROUTER.dispatch_action(
        actor(SUPPORT), click(Verb.CLOSE, c.id, resolution="解決済み", hours_saved=""), deps
    )

    assert database(deps).consultation(c.id).outcome == Outcome("解決済み", None)
    assert "削減時間" not in visible_text(reply.card)


@pytest.mark.parametrize("hours", ["-1", "abc", "1e9", "nan", "inf", True, [3]])
async def test_closing_with_invalid_hours_is_refused(hours: object) -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps, status=Status.IN_PROGRESS, assignee=SUPPORT)

    reply = await ROUTER.dispatch_action(
        actor(SUPPORT), click(Verb.CLOSE, c.id, resolution="解決済み", hours_saved=hours), deps
    )

    reason = "削減時間の見込み（時間／月）は0以上の数値で入力してください。"
    assert reply.text == reason
    assert reason in visible_text(reply.card)
    assert "状況: 対応中" in visible_text(reply.card)
    assert reply.shared_card is None and reply.notices == ()
    assert db.consultation(c.id) == c


@pytest.mark.parametrize("resolution", [None, "", "   \n "])
async def test_closing_needs_a_resolution(resolution: str | None) -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps)
    inputs = {} if resolution is None else {"resolution": resolution}

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.CLOSE, c.id, hours_saved="3", **inputs), deps)

    assert reply.text == "完了にするには解決内容を入力してください。"
    assert db.consultation(c.id) == c


# --- 区分変更 and the training examples ---------------------------------------------------------------------------


async def test_reclassifying_records_a_correction_with_the_text_and_both_labels() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps, category=Category.APP)

    await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.RECLASSIFY, c.id, activity_id="act:1"), deps)
    deps.clock.advance(minutes=5)
    await ROUTER.dispatch_action(actor(COLLEAGUE), click(Verb.RECLASSIFY, c.id, activity_id="act:2"), deps)

    first, second = db.corrections_of(c.id)
    text = f"{c.title}\n{c.body}"
    assert (first.text, first.label, first.previous, first.by, first.at) == (
        text,
        "bpr",
        "app",
        SUPPORT.id,
        DEFAULT_NOW,
    )
    assert (second.label, second.previous, second.by) == ("app", "bpr", COLLEAGUE.id)
    assert db.consultation(c.id).category is Category.APP
    async with deps.uow() as u:
        assert await u.corrections.all() == [(text, "app")]  # the latest decision is the training example


async def test_a_refused_reclassification_records_no_correction() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps, category=Category.BPR)

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.SET_BPR, c.id), deps)

    assert reply.text == "すでに「業務改善（BPR）」です。"
    assert db.corrections_of(c.id) == []
