"""Free text becomes a consultation: at once when it is clear and the department is known, otherwise the intake
conversation asks (its declaration, INTAKE, is checked here too: questions, checks, cancel words, finish)."""

from dataclasses import replace

import pytest

from bot.deps import Deps
from bot.domain.category import Category
from bot.domain.consultation import EventKind, Place, Role, Status
from bot.domain.intake import MIN_DETAIL_CHARS, Draft, Missing
from bot.domain.ports import ChannelSetting, DirectoryEntry
from bot.handlers import build_router, intake
from bot.handlers.intake_conversation import INTAKE, department_given, enough_details
from bot.turn import Reply
from tests.support.clocks import DEFAULT_NOW, FixedClock, jst
from tests.support.handler_kit import (
    CHANNEL_THREAD,
    DM,
    REQUESTER,
    SUPPORT,
    TEAM,
    actor,
    deliver,
    given_consultation,
    say,
    visible_text,
)
from tests.support.memory import StaticDirectory, database, memory_deps

ROUTER = build_router()
CLEAR = "紙の申請書に押印して決裁を回す業務を電子化したいです。"
CHANNEL = Place(conversation_id="19:intake@thread.tacv2", channel_id="19:intake@thread.tacv2", tenant_id="tenant-1")


async def knows_department(deps: Deps, person_id: str = REQUESTER.id, department: str = "市民課") -> None:
    async with deps.uow() as u:
        await u.profiles.remember_department(person_id, department, DEFAULT_NOW)


async def test_a_clear_request_from_a_known_department_is_taken_in_at_once() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    await knows_department(deps)

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say(CLEAR, activity_id="act:dm:1"), deps)

    c = db.consultation("R8-0001")
    assert reply.text == "ご相談を受け付けました（R8-0001）。担当が決まり次第お知らせします。"
    assert reply.consultation_id == c.id
    assert (c.fiscal_year, c.seq, c.status, c.department) == (2026, 1, Status.RECEIVED, "市民課")
    assert (c.requester, c.created_at, c.place) == (REQUESTER, DEFAULT_NOW, DM)
    assert (c.category, c.reasons) == (Category.BPR, ("押印", "紙", "決裁"))  # the fake classifier's cues
    assert c.title == "紙の申請書に押印して決裁を回す業務を電子化したいです"
    assert [(e.kind, e.actor_id, e.to_value) for e in db.events_of(c.id)] == [
        (EventKind.CREATED, REQUESTER.id, "received")
    ]
    seen = visible_text(reply.card)
    assert "相談 R8-0001" in seen and "区分: 業務改善（BPR）（自動判定 90%）" in seen
    assert "判定の根拠: 「押印」「紙」「決裁」 → BPR" in seen
    assert reply.shared_card is not None and reply.notices == ()


async def test_numbers_count_up_within_the_fiscal_year_and_start_again_in_april() -> None:
    clock = FixedClock(DEFAULT_NOW)
    deps = memory_deps(clock=clock)
    await knows_department(deps)

    first = await ROUTER.dispatch_message(actor(REQUESTER), say(CLEAR, activity_id="a1"), deps)
    second = await ROUTER.dispatch_message(
        actor(REQUESTER), say("勤怠の集計をExcelマクロで自動化したい", activity_id="a2"), deps
    )
    clock.value = jst(2027, 4, 1, 0, 0)
    third = await ROUTER.dispatch_message(actor(REQUESTER), say(CLEAR, activity_id="a3"), deps)

    db = database(deps)
    numbers = [db.consultation(r.consultation_id or 0).number for r in (first, second, third)]
    assert numbers == ["R8-0001", "R8-0002", "R9-0001"]
    assert "（R9-0001）" in third.text
    assert db.consultation("R8-0002").category is Category.APP


async def test_a_redelivered_message_is_taken_in_once_and_numbers_stay_gap_free() -> None:
    deps = memory_deps()
    db = database(deps)
    await knows_department(deps)

    first = await ROUTER.dispatch_message(actor(REQUESTER), say(CLEAR, activity_id="act:dm:1"), deps)
    again = await ROUTER.dispatch_message(actor(REQUESTER), say(CLEAR, activity_id="act:dm:1"), deps)
    other = await ROUTER.dispatch_message(actor(REQUESTER), say(CLEAR, activity_id="act:dm:2"), deps)

    assert again.consultation_id == first.consultation_id
    assert "R8-0001" in again.text
    assert "R8-0002" in other.text  # the redelivery's number was rolled back with its transaction
    assert len(db.tables.consultations) == 2
    assert [e.kind for e in db.tables.events] == [EventKind.CREATED, EventKind.CREATED]


async def test_a_vague_request_is_asked_for_details_and_nothing_is_stored() -> None:
    deps = memory_deps()
    await knows_department(deps)

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say("相談です", activity_id="act:dm:1"), deps)

    assert reply == Reply(
        ask=(Missing.DETAILS,), draft=Draft(body="相談です", department="市民課", place=DM, source_id="act:dm:1")
    )
    assert database(deps).tables.consultations == {}


async def test_an_unknown_department_is_asked_after_the_details() -> None:
    deps = memory_deps()

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say("相談です"), deps)

    assert reply.ask == (Missing.DETAILS, Missing.DEPARTMENT)
    assert reply.draft is not None and reply.draft.department == ""


async def test_the_directory_supplies_and_remembers_the_department() -> None:
    directory = StaticDirectory({REQUESTER.id: DirectoryEntry("山田 花子", "税務課")})
    deps = memory_deps(directory=directory)

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say(CLEAR), deps)
    await ROUTER.dispatch_message(actor(REQUESTER), say(CLEAR, activity_id="act:2"), deps)

    assert "R8-0001" in reply.text
    assert database(deps).consultation("R8-0001").department == "税務課"
    assert database(deps).tables.profiles == {REQUESTER.id: "税務課"}
    assert directory.lookups == [REQUESTER.id]  # remembered: asked once


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200b", "\r\n"])
async def test_an_empty_message_gets_a_polite_answer(text: str) -> None:
    deps = memory_deps()

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say(text), deps)

    assert reply == Reply.message("ご相談の内容を入力してください。使い方は「ヘルプ」と送ると表示されます。")
    assert database(deps).tables.consultations == {}


async def test_a_message_over_the_limit_is_refused_with_its_length() -> None:
    deps = memory_deps()

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say("あ" * 10_001), deps)

    assert reply.text.startswith("申し訳ありません。内容が長すぎます（10001文字、上限10000文字）。")
    assert database(deps).tables.consultations == {}


async def test_in_a_channel_a_clear_request_is_taken_in_even_without_a_department() -> None:
    deps = memory_deps()

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say(CLEAR, place=CHANNEL, personal=False), deps)

    assert "R8-0001" in reply.text
    assert database(deps).consultation("R8-0001").department == ""
    assert "所属: 未登録" in visible_text(reply.card)


async def test_a_channel_post_without_a_mention_is_ignored_unless_the_channel_takes_them() -> None:
    deps = memory_deps()
    post = say(CLEAR, place=CHANNEL, personal=False, mentioned=False)

    assert await ROUTER.dispatch_message(actor(REQUESTER), post, deps) == Reply()
    assert database(deps).tables.consultations == {}

    intake_channel = ChannelSetting("intake", CHANNEL.channel_id)
    deps = replace(deps, channel_messages_without_mention=True, configured_channels=(intake_channel,))
    reply = await ROUTER.dispatch_message(actor(REQUESTER), post, deps)
    assert "R8-0001" in reply.text


async def test_a_support_reply_in_a_consultations_thread_is_a_note_forwarded_to_the_requester() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    c = await given_consultation(deps, place=CHANNEL_THREAD)
    message = say(
        "担当します。来週お伺いします。",
        place=CHANNEL_THREAD,
        activity_id="act:thread:1",
        personal=False,
        reply_in_thread=True,
    )

    reply = await ROUTER.dispatch_message(actor(SUPPORT), message, deps)
    again = await ROUTER.dispatch_message(actor(SUPPORT), message, deps)
    notifier = await deliver(reply, deps)

    assert [(n.role, n.body) for n in db.notes_of(c.id)] == [(Role.SUPPORT, "担当します。来週お伺いします。")]
    assert len(db.tables.consultations) == 1  # not a new consultation
    (text,) = notifier.texts_to(REQUESTER.id)
    assert "佐藤 一郎 さんから返信がありました：\n担当します。来週お伺いします。" in text
    assert again == Reply()  # the redelivery adds nothing and tells nobody


# --- the INTAKE declaration ----------------------------------------------------------------------------------------


def test_intake_starts_from_the_default_route_and_finishes_by_creating() -> None:
    assert INTAKE.entry is intake.take_in
    assert INTAKE.finish is intake.create
    assert INTAKE.commands_interrupt


def test_the_questions_are_put_in_the_declared_order() -> None:
    assert [m for m, _ in INTAKE.asks(["department", "details"])] == [Missing.DETAILS, Missing.DEPARTMENT]
    assert [m for m, _ in INTAKE.asks(("department",))] == [Missing.DEPARTMENT]


@pytest.mark.parametrize(
    ("answer", "accepted"),
    [
        ("相談です", False),
        ("あ" * (MIN_DETAIL_CHARS - 1), False),
        ("あ" * MIN_DETAIL_CHARS, True),
        ("。、！？　" * 10, False),  # punctuation and spaces carry no content
        ("窓口の受付簿を紙からExcelに移したい", True),
        ("ＡＢＣ" * 5, True),  # full-width letters count
    ],
)
def test_the_details_question_accepts_only_enough_details(answer: str, accepted: bool) -> None:
    question = INTAKE.questions[Missing.DETAILS]
    assert question.accept is enough_details
    assert question.accept(answer) is accepted


@pytest.mark.parametrize(
    ("answer", "accepted"), [("市民課", True), (" 税務課 ", True), ("", False), ("  \u200b ", False)]
)
def test_the_department_question_accepts_any_name(answer: str, accepted: bool) -> None:
    question = INTAKE.questions[Missing.DEPARTMENT]
    assert question.accept is department_given
    assert question.accept(answer) is accepted


def test_accepted_answers_complete_the_draft() -> None:
    draft = Draft(body="相談です", place=DM, source_id="act:1")

    detailed = INTAKE.questions[Missing.DETAILS].apply(draft, "申請書の押印を廃止したい")
    placed = INTAKE.questions[Missing.DEPARTMENT].apply(detailed, "  市民課\n 窓口係 ")

    assert detailed.body == "相談です\n申請書の押印を廃止したい"
    assert placed == replace(detailed, department="市民課 窓口係")


def test_the_prompts_and_the_retry_say_what_is_needed() -> None:
    from bot.texts import t

    details = INTAKE.questions[Missing.DETAILS]
    assert "もう少し詳しく" in t(details.prompt)
    assert t(details.retry, **details.retry_params).startswith("もう少し具体的に教えてください（15文字以上）。")
    assert "@相談ボット" in t(details.channel_hint)
    assert t(INTAKE.questions[Missing.DEPARTMENT].prompt) == "所属の課・部署名を教えてください（例：市民課）。"
    assert t(INTAKE.cancelled) == "ご相談の入力を中止しました。"


@pytest.mark.parametrize(
    ("command", "cancels"), [("キャンセル", True), ("cancel", True), ("中止", True), ("ヘルプ", False), ("", False)]
)
def test_the_cancel_words(command: str, cancels: bool) -> None:
    assert INTAKE.cancels(command) is cancels


async def test_finishing_the_conversation_creates_the_consultation_and_remembers_the_department() -> None:
    deps = memory_deps()
    draft = Draft(body="相談です\n窓口の受付簿をExcelに移したい", department="市民課", place=DM, source_id="act:dm:1")

    reply = await INTAKE.finish(actor(REQUESTER), draft, deps)

    c = database(deps).consultation("R8-0001")
    assert reply.text.startswith("ご相談を受け付けました（R8-0001）。")
    assert (c.title, c.department, c.category) == ("窓口の受付簿をExcelに移したい", "市民課", Category.APP)  # not 相談です
    assert c.body == "相談です\n窓口の受付簿をExcelに移したい"
    assert database(deps).tables.profiles == {REQUESTER.id: "市民課"}
