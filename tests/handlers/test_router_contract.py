"""The router enforces each card verb's contract before a handler runs: a consultation id when the verb needs one,
the support team for support-only verbs; rules that depend on the consultation (its requester) are checked on the
stored row. Everything is dispatched through build_router(), as the Teams edge does."""

import pytest

from bot.cards.verbs import Verb
from bot.domain.access import Access
from bot.domain.consultation import Person, Status
from bot.handlers import build_router
from bot.routing import Router
from bot.turn import CardAction, Reply
from tests.support.handler_kit import (
    OUTSIDER,
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
UNREADABLE = "送信内容を読み取れませんでした。カードを開き直して、もう一度お試しください。"
SUPPORT_ONLY = "この操作は支援チームのメンバーのみ行えます。"
REQUESTER_ONLY = "この操作は依頼者ご本人のみ行えます。"
NOT_YOURS = "この相談を表示できるのは依頼者と支援チームのみです。"

VERBS_WITH_ID = sorted(v for v in ROUTER.verbs if ROUTER.route(v).needs_id)  # type: ignore[union-attr]
SUPPORT_VERBS_WITH_ID = sorted(
    v
    for v in VERBS_WITH_ID
    if ROUTER.route(v).access is Access.SUPPORT  # type: ignore[union-attr]
)


def test_the_contracts_are_those_the_desk_expects() -> None:
    """Who may use what, in one place: a new verb must be added here on purpose."""
    contracts = {verb: (r.needs_id, r.access) for verb in ROUTER.verbs if (r := ROUTER.route(verb)) is not None}
    support = (True, Access.SUPPORT)
    assert contracts == {
        Verb.ASSIGN_SELF: support,
        Verb.ASSIGN: support,
        Verb.UNASSIGN: support,
        Verb.START: support,
        Verb.HOLD: support,
        Verb.CLOSE: support,
        Verb.REOPEN: support,
        Verb.RECLASSIFY: support,
        Verb.SET_BPR: support,
        Verb.SET_APP: support,
        Verb.MARK_REUSE: support,
        Verb.UNMARK_REUSE: support,
        Verb.DIGEST_ASSIGN_SELF: support,  # 担当する on the daily ageing digest
        Verb.WITHDRAW: (True, Access.REQUESTER),
        Verb.ADD_NOTE: (True, Access.INVOLVED),
        Verb.DETAILS: (True, Access.INVOLVED),
        Verb.WORKSHEET: (True, Access.INVOLVED),
        Verb.SAVE_WORKSHEET: (True, Access.INVOLVED),
        Verb.REFRESH: (True, Access.INVOLVED),
        Verb.CREATE: (False, Access.ANYONE),
        Verb.LIST: (False, Access.SUPPORT),
        Verb.ANSWER: (False, Access.ANYONE),  # a question card submitted after its question closed
        Verb.REGISTER_ANYWAY: (False, Access.ANYONE),  # 対象外 registered after all: its sender only (the handler)
    }


@pytest.mark.parametrize("verb", VERBS_WITH_ID)
async def test_a_verb_that_needs_a_consultation_is_a_bad_request_without_one(verb: str) -> None:
    deps = memory_deps(support=TEAM)
    await given_consultation(deps)
    db = database(deps)
    opened = db.opened

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(verb, None, resolution="対応しました"), deps)

    assert reply == Reply(text=UNREADABLE, status=400)
    assert db.opened == opened  # the handler never ran: not even a read


async def test_the_router_does_not_call_the_handler_of_a_refused_verb() -> None:
    called: list[CardAction] = []

    async def handler(*args: object) -> Reply:
        called.append(args[1])  # type: ignore[arg-type]
        return Reply.message("handled")

    router = Router()
    router.verb("thing.do", handler)
    router.verb("thing.support", handler, needs_id=False, access=Access.SUPPORT)
    deps = memory_deps()

    assert (await router.dispatch_action(actor(SUPPORT), click("thing.do", None), deps)).status == 400
    refused = await router.dispatch_action(actor(REQUESTER), click("thing.support", None), deps)
    assert refused == Reply.message(SUPPORT_ONLY)
    assert called == []
    assert (await router.dispatch_action(actor(SUPPORT), click("thing.do", 7), deps)).text == "handled"
    assert [a.consultation_id for a in called] == [7]


@pytest.mark.parametrize("verb", ["consultation.explode", "", "CONSULTATION.START", "list"])
async def test_an_unknown_verb_is_a_bad_request(verb: str) -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps)

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(verb, c.id), deps)

    assert reply == Reply(text=UNREADABLE, status=400)


@pytest.mark.parametrize("verb", SUPPORT_VERBS_WITH_ID)
async def test_a_support_verb_clicked_by_the_requester_is_refused_on_the_current_card(verb: str) -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps, status=Status.IN_PROGRESS, assignee=SUPPORT)
    db = database(deps)
    events = db.events_of(c.id)

    # Inputs the handlers themselves would refuse for other reasons: only the router answers "support only".
    inputs = {"resolution": "解決", "hours_saved": "abc", "assignee": OUTSIDER.id}
    reply = await ROUTER.dispatch_action(actor(REQUESTER), click(verb, c.id, activity_id="act:1", **inputs), deps)

    assert reply.status == 200
    assert reply.text == SUPPORT_ONLY
    assert SUPPORT_ONLY in visible_text(reply.card)
    assert "相談 R8-0001" in visible_text(reply.card)
    assert Verb.WITHDRAW in card_verbs(reply.card)  # the requester's own view of the card
    assert Verb.CLOSE not in card_verbs(reply.card)
    assert reply.shared_card is None and reply.notices == ()
    assert db.consultation(c.id) == c
    assert db.events_of(c.id) == events
    assert db.tables.processed == {}


async def test_the_support_queue_is_refused_to_a_requester_without_a_card() -> None:
    deps = memory_deps(support=TEAM)

    reply = await ROUTER.dispatch_action(actor(REQUESTER), click(Verb.LIST, None, filter="open", page=1), deps)

    assert reply == Reply.message(SUPPORT_ONLY)


async def test_the_support_queue_pages_for_the_support_team() -> None:
    deps = memory_deps(support=TEAM)
    await given_consultation(deps)

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.LIST, None, filter="open", page=1), deps)

    assert "相談の一覧" in visible_text(reply.card)
    assert "R8-0001" in visible_text(reply.card)
    assert reply.shared_card == reply.card


async def test_only_the_requester_may_withdraw() -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps)
    db = database(deps)

    reply = await ROUTER.dispatch_action(actor(SUPPORT), click(Verb.WITHDRAW, c.id, activity_id=SUPPORT.id), deps)
    assert reply.text == REQUESTER_ONLY
    assert REQUESTER_ONLY in visible_text(reply.card)  # on the card the support team may see
    assert db.consultation(c.id).status is Status.RECEIVED
    reply = await ROUTER.dispatch_action(actor(OUTSIDER), click(Verb.WITHDRAW, c.id, activity_id=OUTSIDER.id), deps)
    assert reply == Reply.message(REQUESTER_ONLY)  # the reason only: an outsider may not read the consultation
    assert db.consultation(c.id).status is Status.RECEIVED

    reply = await ROUTER.dispatch_action(actor(REQUESTER), click(Verb.WITHDRAW, c.id), deps)

    assert "取り下げました。" in visible_text(reply.card)
    assert db.consultation(c.id).status is Status.WITHDRAWN


async def test_an_outsider_cannot_add_a_note() -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps)
    db = database(deps)
    events = db.events_of(c.id)

    reply = await ROUTER.dispatch_action(actor(OUTSIDER), click(Verb.ADD_NOTE, c.id, note="横から失礼します"), deps)

    assert reply == Reply.message(NOT_YOURS)  # the reason only: no card, so nothing of the consultation
    assert db.notes_of(c.id) == []
    assert db.events_of(c.id) == events


async def test_an_outsider_cannot_see_the_details() -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps)

    reply = await ROUTER.dispatch_action(actor(OUTSIDER), click(Verb.DETAILS, c.id), deps)

    assert reply == Reply.message(NOT_YOURS)


@pytest.mark.parametrize("person", [REQUESTER, SUPPORT], ids=["requester", "support"])
async def test_the_requester_and_the_support_team_may_add_notes_and_see_details(person: Person) -> None:
    deps = memory_deps(support=TEAM)
    c = await given_consultation(deps)
    db = database(deps)

    noted = await ROUTER.dispatch_action(actor(person), click(Verb.ADD_NOTE, c.id, note="添付の様式です"), deps)
    details = await ROUTER.dispatch_action(actor(person), click(Verb.DETAILS, c.id), deps)

    assert "追記しました。" in visible_text(noted.card)
    assert [n.body for n in db.notes_of(c.id)] == ["添付の様式です"]
    assert "相談 R8-0001 の詳細" in visible_text(details.card)
    assert "添付の様式です" in visible_text(details.card)
