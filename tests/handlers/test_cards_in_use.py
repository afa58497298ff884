"""The cards as people use them, through the router with the in-memory desk: reclassifying keeps only the tags of
the new category, 担当する leaves the card of the one who took it, list and search rows open their card, a search
without hits says so, and 詳細 comes in parts when the record is too long for one message."""

import pytest

from bot.cards.verbs import Verb
from bot.domain.category import Category
from bot.handlers import build_router
from tests.support.cards import action_titles, walk
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
BPR_TAGS = ("counter-service", "paper-reduction", "as-is-to-be")


@pytest.mark.parametrize("verb", [Verb.RECLASSIFY, Verb.SET_APP])
async def test_moving_bpr_to_app_drops_the_bpr_tags(verb: Verb) -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(
        deps, category=Category.BPR, tags=(*BPR_TAGS, "approval-flow"), needs_triage=verb is Verb.SET_APP
    )

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(verb, c.id), deps)

    stored = database(deps).consultation(c.id)
    assert (stored.category, stored.tags) == (Category.APP, ("approval-flow",))
    shown = visible_text(reply.card)
    assert "タグ: 決裁・承認フロー" in shown and "窓口業務" not in shown and "counter-service" not in shown
    assert "決裁・承認フロー" in visible_text(reply.shared_card)


async def test_moving_back_keeps_what_is_left() -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps, category=Category.APP, tags=("power-apps", "notifications", "approval-flow"))

    await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.SET_BPR, c.id), deps)

    assert database(deps).consultation(c.id).tags == ("approval-flow",)


async def test_take_it_leaves_the_card_of_the_one_who_took_it() -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps)

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.ASSIGN_SELF, c.id), deps)

    assert "担当者: 佐藤 一郎" in visible_text(reply.card)
    assert "担当する" not in action_titles(reply.card)
    assert "担当する" in action_titles(reply.shared_card)  # what colleagues see until their own view arrives
    refreshed = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.REFRESH, c.id), deps)
    assert "担当する" not in action_titles(refreshed.card)


def opens(card: dict) -> dict[str, int]:
    """The 開く buttons of a list: the row's number -> the consultation id it opens."""
    out = {}
    for row in walk(card["body"]):
        if row.get("type") == "ColumnSet":
            number = row["columns"][0]["items"][0]["text"].split("**")[1]
            (button,) = row["columns"][1]["items"][0]["actions"]
            assert (button["title"], button["verb"]) == ("開く", Verb.REFRESH)
            out[number] = button["data"]["consultation_id"]
    return out


async def test_a_requester_opens_a_consultation_from_their_list() -> None:
    deps = memory_deps(support=TEAM)
    first = await given_consultation(deps, title="押印の見直し", category=Category.BPR)
    second = await given_consultation(deps, title="会議室予約の自動化")

    listing = await ROUTER.dispatch_message(actor(REQUESTER), say("一覧"), deps)
    assert opens(listing.card) == {second.number: second.id, first.number: first.id}

    opened = await ROUTER.dispatch_action(actor(REQUESTER), click(Verb.REFRESH, first.id), deps)
    assert "相談 R8-0001" in visible_text(opened.card) and "押印の見直し" in visible_text(opened.card)
    assert action_titles(opened.card) == ["追記", "取り下げ", "As-Is/To-Be ワークシート", "詳細"]  # their own view


async def test_the_support_team_opens_consultations_from_the_queue_and_from_search() -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps, title="押印の見直し", category=Category.BPR)

    queue = await ROUTER.dispatch_message(actor(SUPPORT), say("一覧"), deps)
    found = await ROUTER.dispatch_message(actor(SUPPORT), say("検索 押印"), deps)
    assert opens(queue.card) == opens(found.card) == {c.number: c.id}

    opened = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.REFRESH, c.id), deps)
    assert "押印の見直し" in visible_text(opened.card) and "担当する" in action_titles(opened.card)


async def test_someone_else_cannot_open_a_consultation_that_is_not_theirs() -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps, title="押印の見直し")

    reply = await ROUTER.dispatch_action(actor(OTHER_REQUESTER), click(Verb.REFRESH, c.id), deps)

    assert reply.card is None and "押印" not in reply.text


async def test_a_search_without_hits_says_nothing_matched_while_consultations_exist() -> None:
    deps = memory_deps(support=TEAM)
    await given_consultation(deps, title="押印の見直し")

    reply = await ROUTER.dispatch_message(actor(SUPPORT), say("検索 給食 **献立**"), deps)

    shown = visible_text(reply.card)
    assert "「給食 **献立**」に一致する相談はありませんでした。" in shown
    assert "まだ相談はありません" not in shown
    assert "「給食 **献立**」の検索結果（0件）" in shown


async def test_details_by_command_shows_a_5000_character_request_in_full() -> None:
    deps = memory_deps(support=TEAM)
    body = ("申請書の受付から決裁までの流れを見直したいです。" * 10 + "\n") * 20
    body = body[:5000]
    c = await given_consultation(deps, body=body)

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say(f"詳細 {c.number}"), deps)

    assert body.strip("\n").replace("\n", "") in visible_text(reply.card).replace("\n", "")


async def test_the_parts_of_a_long_record_are_opened_by_their_buttons() -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps, body=("とても長い相談の本文です。" * 50 + "\n") * 120)

    first = await ROUTER.dispatch_message(actor(SUPPORT), say(f"詳細 {c.number}"), deps)
    more = next(a for a in first.card["actions"] if a["title"] == "続きを表示")
    second = await ROUTER.dispatch_action(actor(SUPPORT), click(more["verb"], c.id, part=more["data"]["part"]), deps)

    assert visible_text(first.card).startswith(f"相談 {c.number} の詳細（1/")
    assert visible_text(second.card).startswith(f"相談 {c.number} の詳細（2/")
    for junk in ("2", True, -1, 10**9, None):
        again = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.DETAILS, c.id, part=junk), deps)
        assert visible_text(again.card).startswith(f"相談 {c.number} の詳細（1/")
