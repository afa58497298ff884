"""類似の相談 on the support team's card and in 詳細, and the 類似 / 事例 commands: what the support team sees,
what a requester does not."""

from dataclasses import replace

from bot.cards.verbs import Verb
from bot.deps import Deps
from bot.domain.consultation import Consultation, Outcome, Status
from bot.handlers import build_router
from tests.support.clocks import DEFAULT_NOW
from tests.support.handler_kit import (
    OTHER_REQUESTER,
    REQUESTER,
    SUPPORT,
    TEAM,
    actor,
    click,
    given_consultation,
    say,
    visible_text,
)
from tests.support.memory import database, memory_deps

ROUTER = build_router()
REQUEST = "研修で県外に行くたびに、ハンコをもらうまで何日も待たされます。上司が不在だと行けません。"


async def completed(deps: Deps, title: str, body: str, department: str, resolution: str, artefact: str) -> Consultation:
    c = await given_consultation(deps, requester=OTHER_REQUESTER, title=title, body=body, department=department)
    async with deps.uow() as u:
        done = replace(
            c, status=Status.DONE, closed_at=DEFAULT_NOW, outcome=Outcome(resolution, artefact_name=artefact)
        )
        await u.consultations.update(done, expected_version=c.version)
    return database(deps).consultation(c.id)


async def desk_with_history() -> tuple[Deps, Consultation]:
    deps = memory_deps(support=TEAM)
    past = await completed(
        deps,
        "出張命令書の押印をなくしたい",
        "出張のたびに紙の命令書に課長と部長の押印をもらっています。",
        "総務課",
        "SharePointリストと承認フローに置き換えた",
        "出張申請アプリ",
    )
    await completed(deps, "会議室予約の紙台帳", "会議室の予約簿を紙で管理しています。", "管財課", "予約アプリ", "")
    async with deps.uow() as u:
        await u.profiles.remember_department(REQUESTER.id, "消防本部", DEFAULT_NOW)
    return deps, past


async def test_the_support_team_sees_similar_earlier_consultations_on_a_new_card() -> None:
    deps, past = await desk_with_history()

    created = await ROUTER.dispatch_message(actor(REQUESTER), say(REQUEST, activity_id="a1"), deps)
    new = database(deps).consultation(created.consultation_id or 0)
    support_view = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.REFRESH, new.id), deps)

    shown = visible_text(support_view.card)
    assert "類似の相談" in shown
    assert f"{past.number} 出張命令書の押印をなくしたい" in shown
    assert "所属: 総務課" in shown and "解決内容: SharePointリストと承認フローに置き換えた" in shown
    assert "成果物: 出張申請アプリ" in shown
    assert "会議室" not in shown
    assert "類似の相談" not in visible_text(created.card)  # the requester's own card
    assert "類似の相談" not in visible_text(created.shared_card)  # their 1:1 chat shows their view


async def test_the_requesters_view_never_shows_similar_consultations() -> None:
    deps, _ = await desk_with_history()
    created = await ROUTER.dispatch_message(actor(REQUESTER), say(REQUEST, activity_id="a1"), deps)

    own = await ROUTER.dispatch_action(actor(REQUESTER), click(Verb.REFRESH, created.consultation_id), deps)
    details = await ROUTER.dispatch_action(actor(REQUESTER), click(Verb.DETAILS, created.consultation_id), deps)

    assert "類似の相談" not in visible_text(own.card)
    assert "類似の相談" not in visible_text(details.card)


async def test_details_show_the_same_similar_consultations_to_the_support_team() -> None:
    deps, past = await desk_with_history()
    created = await ROUTER.dispatch_message(actor(REQUESTER), say(REQUEST, activity_id="a1"), deps)

    by_click = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.DETAILS, created.consultation_id), deps)
    new = database(deps).consultation(created.consultation_id or 0)
    by_command = await ROUTER.dispatch_message(actor(SUPPORT), say(f"詳細 {new.number}"), deps)

    for reply in (by_click, by_command):
        shown = visible_text(reply.card)
        assert "類似の相談" in shown and f"{past.number} 出張命令書の押印をなくしたい" in shown


async def test_open_on_a_similar_case_shows_its_record() -> None:
    deps, past = await desk_with_history()

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.DETAILS, past.id), deps)

    assert f"相談 {past.number} の詳細" in visible_text(reply.card)
    assert "出張のたびに紙の命令書に課長と部長の押印をもらっています。" in visible_text(reply.card)


async def test_similar_lists_more_for_a_number() -> None:
    deps, past = await desk_with_history()
    created = await ROUTER.dispatch_message(actor(REQUESTER), say(REQUEST, activity_id="a1"), deps)
    new = database(deps).consultation(created.consultation_id or 0)

    reply = await ROUTER.dispatch_message(actor(SUPPORT), say(f"類似 {new.number}"), deps)

    shown = visible_text(reply.card)
    assert f"{new.number} に類似の相談（最大10件、完了したものが先）" in shown
    assert f"{past.number} 出張命令書の押印をなくしたい" in shown


async def test_similar_explains_itself_and_refuses_requesters() -> None:
    deps, past = await desk_with_history()

    usage = await ROUTER.dispatch_message(actor(SUPPORT), say("類似"), deps)
    unknown = await ROUTER.dispatch_message(actor(SUPPORT), say("類似 R8-0999"), deps)
    nothing = await ROUTER.dispatch_message(actor(SUPPORT), say(f"similar {past.number}", activity_id="x"), deps)
    refused = await ROUTER.dispatch_message(actor(REQUESTER), say(f"類似 {past.number}"), deps)

    assert usage.text.startswith("使い方: 類似 R8-0042")
    assert unknown.text == "該当する相談が見つかりません（R8-0999）。"
    assert f"{past.number} に類似の相談は見つかりませんでした。" in visible_text(nothing.card)  # nothing earlier
    assert refused.text == "この操作は支援チームのメンバーのみ行えます。"
    assert refused.card is None


async def test_cases_search_completed_solutions() -> None:
    deps, past = await desk_with_history()
    await given_consultation(deps, title="押印の廃止（対応中）", body="押印をなくしたい", department="人事課")

    by_resolution = await ROUTER.dispatch_message(actor(SUPPORT), say("事例 承認フロー"), deps)
    by_title = await ROUTER.dispatch_message(actor(SUPPORT), say("事例 押印"), deps)
    none = await ROUTER.dispatch_message(actor(SUPPORT), say("事例 ドローン"), deps)
    usage = await ROUTER.dispatch_message(actor(SUPPORT), say("事例"), deps)
    refused = await ROUTER.dispatch_message(actor(REQUESTER), say("事例 押印"), deps)

    assert "事例「承認フロー」（完了した相談、最大10件）" in visible_text(by_resolution.card)
    assert f"{past.number} 出張命令書の押印をなくしたい" in visible_text(by_resolution.card)
    assert "対応中" not in visible_text(by_title.card) and past.number in visible_text(by_title.card)
    assert "「ドローン」を含む完了事例は見つかりませんでした。" in visible_text(none.card)
    assert usage.text.startswith("使い方: 事例 キーワード")
    assert refused.card is None and refused.text == "この操作は支援チームのメンバーのみ行えます。"


async def test_english_speakers_get_english() -> None:
    deps, _ = await desk_with_history()

    reply = await ROUTER.dispatch_message(actor(SUPPORT, locale="en"), say("cases 承認フロー"), deps)
    usage = await ROUTER.dispatch_message(actor(SUPPORT, locale="en"), say("similar"), deps)

    assert 'Solutions for "承認フロー" (completed consultations, up to 10)' in visible_text(reply.card)
    assert "Resolution: SharePointリストと承認フローに置き換えた" in visible_text(reply.card)
    assert usage.text.startswith("Usage: similar R8-0042")
