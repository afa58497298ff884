"""Chat commands: ヘルプ, 状況, 詳細, 一覧, 検索, キャンセル — through the router, with the in-memory desk."""

from datetime import datetime, timedelta

import pytest

from bot.domain.consultation import Status
from bot.handlers import build_router
from bot.handlers.commands import help_text
from bot.turn import Reply
from tests.support.clocks import DEFAULT_NOW, FixedClock, jst
from tests.support.handler_kit import (
    OTHER_REQUESTER,
    OUTSIDER,
    REQUESTER,
    SUPPORT,
    TEAM,
    actor,
    given_consultation,
    say,
    visible_text,
)
from tests.support.memory import database, memory_deps

ROUTER = build_router()
NOT_YOURS = "この相談を表示できるのは依頼者と支援チームのみです。"


# --- ヘルプ --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "example"),
    [
        (DEFAULT_NOW, "R8-0042"),
        (jst(2027, 3, 31, 23, 59), "R8-0042"),  # the last minute of fiscal year 令和8
        (jst(2027, 4, 1, 0, 0), "R9-0042"),  # midnight JST, still March 31 in UTC
    ],
)
async def test_help_numbers_its_examples_in_the_current_fiscal_year(now: datetime, example: str) -> None:
    deps = memory_deps(clock=FixedClock(now))

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say("ヘルプ"), deps)

    assert reply.text.startswith("**相談ボットの使い方**")
    assert f"**状況 {example}**：相談のカードを表示" in reply.text
    assert f"**詳細 {example}**" in reply.text
    assert reply.text == help_text("ja", deps)


@pytest.mark.parametrize("word", ["ヘルプ", "help", "ＨＥＬＰ", "Help", "?", "？"])
async def test_help_answers_to_every_spelling(word: str) -> None:
    deps = memory_deps()

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say(word), deps)

    assert "相談ボットの使い方" in reply.text
    assert database(deps).tables.consultations == {}  # not taken in as a consultation


async def test_help_in_english() -> None:
    reply = await ROUTER.dispatch_message(actor(REQUESTER, locale="en"), say("help"), memory_deps())

    assert "**status R8-0042**" in reply.text


# --- 状況 / 詳細 --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["状況", "状況 ", "状況 42", "状況 相談です", "状況 R0-1"])
async def test_status_without_a_number_gives_the_usage_hint(text: str) -> None:
    deps = memory_deps(support=TEAM)
    await given_consultation(deps)

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say(text), deps)

    assert reply == Reply.message("番号を付けて送ってください（例：状況 R8-0042）。")


async def test_the_usage_hint_follows_the_clock() -> None:
    deps = memory_deps(clock=FixedClock(jst(2027, 4, 1)))

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say("状況"), deps)

    assert reply.text == "番号を付けて送ってください（例：状況 R9-0042）。"


@pytest.mark.parametrize("text", ["状況 R8-0001", "詳細 R8-0001", "status r8-1"])
async def test_an_outsider_cannot_see_someone_elses_consultation(text: str) -> None:
    deps = memory_deps(support=TEAM)
    await given_consultation(deps)

    reply = await ROUTER.dispatch_message(actor(OUTSIDER), say(text), deps)

    assert reply == Reply.message(NOT_YOURS)


@pytest.mark.parametrize("number", ["R8-0001", "r8-1", "Ｒ８－０００１"])
async def test_the_requester_sees_the_status_card_by_number(number: str) -> None:
    deps = memory_deps(support=TEAM)
    await given_consultation(deps)

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say(f"状況 {number}"), deps)

    seen = visible_text(reply.card)
    assert "相談 R8-0001" in seen
    assert "状況: 受付" in seen and "依頼者: 山田 花子" in seen and "所属: 市民課" in seen


async def test_the_support_team_sees_any_consultation_in_detail() -> None:
    deps = memory_deps(support=TEAM)
    await given_consultation(deps)

    reply = await ROUTER.dispatch_message(actor(SUPPORT), say("詳細 R8-0001"), deps)

    assert "相談 R8-0001 の詳細" in visible_text(reply.card)
    assert "まだやり取りはありません。" in visible_text(reply.card)


async def test_a_number_nobody_has_is_not_found() -> None:
    deps = memory_deps(support=TEAM)

    reply = await ROUTER.dispatch_message(actor(SUPPORT), say("状況 R8-0099"), deps)

    assert reply == Reply.message("該当する相談が見つかりません（R8-0099）。")


# --- 一覧 ----------------------------------------------------------------------------------------------------------


async def test_a_requester_lists_only_their_own_consultations_newest_first() -> None:
    deps = memory_deps(support=TEAM)
    await given_consultation(deps, title="押印の見直し", created_at=DEFAULT_NOW - timedelta(days=2))
    await given_consultation(deps, requester=OTHER_REQUESTER, title="他の人の相談")
    await given_consultation(deps, title="勤怠の集計", status=Status.DONE, created_at=DEFAULT_NOW - timedelta(days=1))

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say("一覧"), deps)

    seen = visible_text(reply.card)
    assert seen.startswith("あなたの相談（新しい順、最大20件）")
    assert "他の人の相談" not in seen and "R8-0002" not in seen
    assert seen.index("R8-0003 勤怠の集計") < seen.index("R8-0001 押印の見直し")  # the number shows in bold
    assert "完了 ・ アプリ ・ 2026年11月27日" in seen


async def test_a_requester_without_consultations_is_told_so() -> None:
    deps = memory_deps(support=TEAM)
    await given_consultation(deps, requester=OTHER_REQUESTER)

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say("list"), deps)

    assert "まだ相談はありません。" in visible_text(reply.card)


async def test_the_support_team_lists_the_open_queue_with_a_filter() -> None:
    deps = memory_deps(support=TEAM)
    await given_consultation(deps, title="未割当の相談")
    await given_consultation(deps, title="担当済みの相談", status=Status.IN_PROGRESS, assignee=SUPPORT)
    await given_consultation(deps, title="完了した相談", status=Status.DONE)

    everything = await ROUTER.dispatch_message(actor(SUPPORT), say("一覧"), deps)
    unassigned = await ROUTER.dispatch_message(actor(SUPPORT), say("一覧 未割当"), deps)

    seen = visible_text(everything.card)
    assert "相談の一覧：未完了すべて（2件）" in seen
    assert "未割当の相談" in seen and "担当済みの相談" in seen and "完了した相談" not in seen
    seen = visible_text(unassigned.card)
    assert "相談の一覧：未割当（1件）" in seen
    assert "未割当の相談" in seen and "担当済みの相談" not in seen


# --- 検索, キャンセル --------------------------------------------------------------------------------------------


async def test_search_without_keywords_explains_itself() -> None:
    reply = await ROUTER.dispatch_message(actor(REQUESTER), say("検索"), memory_deps())

    assert reply == Reply.message("キーワードを付けて送ってください（例：検索 押印）。")


async def test_a_requester_searches_only_their_own_consultations() -> None:
    deps = memory_deps(support=TEAM)
    await given_consultation(deps, title="押印の廃止", body="申請書の押印をやめたい")
    await given_consultation(deps, requester=OTHER_REQUESTER, title="押印欄の削除", body="様式の押印欄を削除したい")

    mine = await ROUTER.dispatch_message(actor(REQUESTER), say("検索 押印"), deps)
    everyone = await ROUTER.dispatch_message(actor(SUPPORT), say("検索 押印"), deps)

    assert "「押印」の検索結果（1件）" in visible_text(mine.card)
    assert "押印欄の削除" not in visible_text(mine.card)
    assert "「押印」の検索結果（2件）" in visible_text(everyone.card)


@pytest.mark.parametrize("word", ["キャンセル", "cancel", "中止"])
async def test_cancel_outside_the_intake_conversation_has_nothing_to_cancel(word: str) -> None:
    deps = memory_deps()

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say(word), deps)

    assert reply == Reply.message("中止する入力はありません。")
    assert database(deps).tables.consultations == {}
