"""追記, 詳細 and the As-Is/To-Be worksheet from the card: who may, what is stored, what is shown."""

from bot.cards.verbs import Verb
from bot.domain.category import Category
from bot.domain.consultation import EventKind, Role, Worksheet
from bot.handlers import build_router
from bot.handlers.record_actions import add_note
from bot.services.notes import MAX_NOTE_CHARS
from tests.support.clocks import DEFAULT_NOW
from tests.support.handler_kit import (
    REQUESTER,
    SUPPORT,
    TEAM,
    actor,
    click,
    deliver,
    given_consultation,
    visible_text,
)
from tests.support.memory import database, memory_deps

ROUTER = build_router()


async def test_the_requester_adds_a_note_and_nobody_is_messaged() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps)

    reply = await ROUTER.dispatch_action(
        actor(REQUESTER), click(Verb.ADD_NOTE, c.id, note="  様式を添付します。\r\n"), deps
    )

    (note,) = db.notes_of(c.id)
    assert (note.author.id, note.role, note.body, note.at) == (
        REQUESTER.id,
        Role.REQUESTER,
        "様式を添付します。",
        DEFAULT_NOW,
    )
    assert [(e.kind, e.actor_id, e.to_value) for e in db.events_of(c.id)[-1:]] == [
        (EventKind.NOTE_ADDED, REQUESTER.id, "requester")
    ]
    assert "追記しました。" in visible_text(reply.card)
    assert reply.notices == ()
    assert db.consultation(c.id) == c  # a note does not move the consultation


async def test_a_note_from_the_support_team_is_forwarded_to_the_requester() -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps)

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.ADD_NOTE, c.id, note="様式を確認しました。"), deps)
    notifier = await deliver(reply, deps)

    assert database(deps).notes_of(c.id)[0].role is Role.SUPPORT
    (text,) = notifier.texts_to(REQUESTER.id)
    assert text.startswith(
        "【R8-0001】ご相談「会議室予約の自動化」に 佐藤 一郎 さんから返信がありました：\n様式を確認しました。"
    )


async def test_an_empty_note_is_refused_and_nothing_is_stored() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps)
    history = db.events_of(c.id)

    for inputs in ({}, {"note": " \n "}, {"note": 42}):
        reply = await ROUTER.dispatch_action(actor(REQUESTER), click(Verb.ADD_NOTE, c.id, **inputs), deps)
        assert reply.text == "追記する内容を入力してください。"
        assert "追記する内容を入力してください。" in visible_text(reply.card)

    assert db.notes_of(c.id) == []
    assert db.events_of(c.id) == history


async def test_the_same_note_sent_twice_from_one_card_is_stored_once() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps)

    for _ in range(2):
        await ROUTER.dispatch_action(actor(REQUESTER), click(Verb.ADD_NOTE, c.id, note="追加の資料です"), deps)
    await ROUTER.dispatch_action(actor(REQUESTER), click(Verb.ADD_NOTE, c.id, note="もう一つあります"), deps)

    assert [n.body for n in db.notes_of(c.id)] == ["追加の資料です", "もう一つあります"]
    assert [e.kind for e in db.events_of(c.id)].count(EventKind.NOTE_ADDED) == 2


async def test_a_support_reply_sent_twice_tells_the_requester_once() -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps)

    first = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.ADD_NOTE, c.id, note="確認しました"), deps)
    again = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.ADD_NOTE, c.id, note="確認しました"), deps)

    assert len(first.notices) == 1 and again.notices == ()


async def test_a_long_note_is_cut_to_the_limit() -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps)

    await add_note(actor(REQUESTER), click(Verb.ADD_NOTE, c.id, note="あ" * (MAX_NOTE_CHARS + 10)), deps)

    assert len(database(deps).notes_of(c.id)[0].body) == MAX_NOTE_CHARS


async def test_details_show_the_record_with_notes_and_history() -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps)
    await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.START, c.id, activity_id="act:1"), deps)
    await ROUTER.dispatch_action(actor(REQUESTER), click(Verb.ADD_NOTE, c.id, note="よろしくお願いします"), deps)

    reply = await ROUTER.dispatch_action(actor(REQUESTER), click(Verb.DETAILS, c.id), deps)

    seen = visible_text(reply.card)
    assert "相談 R8-0001 の詳細" in seen
    assert "状況: 対応中" in seen
    assert "会議室の予約をメールで受けて台帳に転記しています。" in seen
    assert "山田 花子（依頼者）" in seen and "よろしくお願いします" in seen
    assert reply.shared_card is None  # only the person who clicked sees it


async def test_details_of_a_consultation_that_does_not_exist() -> None:
    deps = memory_deps(support=TEAM)

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.DETAILS, 404), deps)

    assert reply.text == "該当する相談が見つかりません（#404）。"


async def test_the_worksheet_is_for_bpr_consultations_only() -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps, category=Category.APP)

    for verb in (Verb.WORKSHEET, Verb.SAVE_WORKSHEET):
        reply = await ROUTER.dispatch_action(actor(REQUESTER), click(verb, c.id, as_is="紙で受付"), deps)
        assert reply.text == "ワークシートは業務改善（BPR）の相談で使えます。"

    assert database(deps).tables.worksheets == {}


async def test_the_requester_fills_in_the_worksheet() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps, category=Category.BPR)

    form = await ROUTER.dispatch_action(actor(REQUESTER), click(Verb.WORKSHEET, c.id), deps)
    saved = await ROUTER.dispatch_action(
        actor(REQUESTER),
        click(
            Verb.SAVE_WORKSHEET,
            c.id,
            as_is="申請書を紙で受け付け、押印して回覧",
            to_be="オンライン申請",
            yearly_count="1200",
            minutes_per_case="15",
        ),
        deps,
    )

    assert "As-Is/To-Be ワークシート（R8-0001）" in visible_text(form.card)
    assert db.tables.worksheets[c.id] == Worksheet(
        as_is="申請書を紙で受け付け、押印して回覧", to_be="オンライン申請", yearly_count=1200, minutes_per_case=15.0
    )
    assert db.events_of(c.id)[-1].kind is EventKind.WORKSHEET_SAVED
    assert "ワークシートを保存しました。" in visible_text(saved.card)

    details = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.DETAILS, c.id), deps)
    assert "年間件数: 1,200" in visible_text(details.card)


async def test_a_worksheet_with_an_impossible_count_is_refused() -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps, category=Category.BPR)

    reply = await ROUTER.dispatch_action(
        actor(REQUESTER), click(Verb.SAVE_WORKSHEET, c.id, as_is="紙", yearly_count="-3"), deps
    )

    assert reply.text == "年間件数は0以上の数値で入力してください。"
    assert database(deps).tables.worksheets == {}


async def test_the_requesters_notice_shows_typed_text_as_typed() -> None:
    """Teams renders markdown in messages too: a title or a reply with markup reaches the requester literally."""
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps, title="**至急** [申請](http://evil.example)")

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.ADD_NOTE, c.id, note="_確認_ しました"), deps)
    (text,) = (await deliver(reply, deps)).texts_to(REQUESTER.id)

    assert r"\*\*至急\*\* \[申請\]\(http://evil.example\)" in text and r"\_確認\_ しました" in text
