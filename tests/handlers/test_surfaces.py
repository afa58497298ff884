"""The message extension's handlers through the router, with the in-memory desk: 「相談として登録」 (dialog and
registration), 「相談を検索」 and link unfurling — what each person gets, and what is refused and why."""

from dataclasses import replace
from typing import Any

from bot.domain.consultation import Person, Place
from bot.domain.scope import Contacts
from bot.handlers import build_router
from bot.handlers.compose_search import SEARCH
from bot.handlers.message_action import REGISTER
from bot.turn import ExtensionAnswer, ExtensionInvoke, SharedMessage
from tests.support.handler_kit import (
    OTHER_REQUESTER,
    OUTSIDER,
    REQUESTER,
    SUPPORT,
    TEAM,
    actor,
    given_consultation,
    visible_text,
)
from tests.support.memory import database, memory_deps, scoped_classify

ROUTER = build_router()
CHAT = Place(conversation_id="19:chat@thread.v2", tenant_id="tenant-1")
TEXT = "申請書の押印欄を廃止して、紙の決裁を電子化したいです。\n来月から始めたい"
BASE_URL = "https://consult.example.lg.jp"


def message(author: Person | None = REQUESTER, *mentioned: Person, text: str = TEXT) -> SharedMessage:
    return SharedMessage("1700000000500", text, author, tuple(mentioned))


def registering(shared: SharedMessage | None = None, **inputs: Any) -> ExtensionInvoke:
    values = {"title": "押印欄の廃止", "body": TEXT, "requester": REQUESTER.id, "department": "", **inputs}
    return ExtensionInvoke("submitAction", REGISTER, shared or message(), values, place=CHAT)


def opening(shared: SharedMessage | None) -> ExtensionInvoke:
    return ExtensionInvoke("fetchTask", REGISTER, shared, place=CHAT)


def inputs_of(answer: ExtensionAnswer) -> dict[str, Any]:
    assert answer.dialog is not None, answer
    return {n["id"]: n.get("value", "") for n in answer.dialog["body"] if n.get("type", "").startswith("Input.")}


async def with_chat(deps: Any, *people: Person) -> None:
    """As if each person had talked to the bot 1:1 (the bot can reach them)."""
    async with deps.uow() as u:
        for p in people:
            ref = {"conversation": {"id": f"a:{p.id}"}}
            await u.conversation_refs.save(f"a:{p.id}", ref, now=deps.clock.now(), user_id=p.id, conversation_type="personal")


async def test_the_dialog_offers_the_author_as_requester_with_their_remembered_department() -> None:
    deps = memory_deps(support=TEAM)
    async with deps.uow() as u:
        await u.profiles.remember_department(REQUESTER.id, "総務課", deps.clock.now())
    answer = await ROUTER.dispatch_extension(actor(SUPPORT), opening(message(REQUESTER, OUTSIDER)), deps)
    assert inputs_of(answer) == {
        "title": "申請書の押印欄を廃止して、紙の決裁を電子化したいです",
        "body": TEXT,
        "requester": REQUESTER.id,
        "department": "総務課",
    }
    [picker] = [n for n in answer.dialog["body"] if n.get("id") == "requester"]  # type: ignore[index]
    assert [c["value"] for c in picker["choices"]] == [REQUESTER.id, SUPPORT.id, OUTSIDER.id]


async def test_a_message_without_a_person_as_author_is_offered_to_whoever_registers_it() -> None:
    deps = memory_deps(support=TEAM)
    answer = await ROUTER.dispatch_extension(actor(OUTSIDER), opening(message(None, text="")), deps)
    assert inputs_of(answer)["requester"] == OUTSIDER.id and inputs_of(answer)["body"] == ""


async def test_registering_creates_the_consultation_posts_its_card_and_tells_the_requester() -> None:
    deps = memory_deps(support=TEAM, public_base_url=BASE_URL)
    await with_chat(deps, REQUESTER)
    answer = await ROUTER.dispatch_extension(actor(SUPPORT), registering(), deps)
    c = database(deps).consultation(1)
    assert answer.message.startswith(f"相談 {c.number} として登録しました。")
    assert (c.requester.id, c.title, c.body, c.category.value, c.place) == (REQUESTER.id, "押印欄の廃止", TEXT, "bpr", CHAT)
    assert answer.post is not None and answer.post.consultation_id == c.id
    assert c.number in visible_text(answer.post.card) and answer.post.text.startswith(f"ご相談を受け付けました（{c.number}）")
    [notice] = answer.notices
    assert notice.recipient.person_id == REQUESTER.id and notice.recipient.via_conversation_id == CHAT.conversation_id
    assert notice.text.startswith(f"佐藤 一郎さんがメッセージから相談 {c.number}「押印欄の廃止」を登録しました。")
    assert notice.text.endswith(f"{BASE_URL}/c/{c.number}")


async def test_registering_ones_own_message_tells_oneself() -> None:
    deps = memory_deps(support=TEAM)
    await with_chat(deps, REQUESTER)
    answer = await ROUTER.dispatch_extension(actor(REQUESTER), registering(), deps)
    [notice] = answer.notices
    assert notice.text.startswith("メッセージから相談") and notice.recipient.teams_id == REQUESTER.teams_id
    assert "リンク" not in notice.text  # no public URL, no link


async def test_the_same_message_becomes_one_consultation_only() -> None:
    deps = memory_deps(support=TEAM)
    await with_chat(deps, REQUESTER, OTHER_REQUESTER)
    await ROUTER.dispatch_extension(actor(SUPPORT), registering(), deps)
    again = await ROUTER.dispatch_extension(actor(OTHER_REQUESTER), registering(requester=OTHER_REQUESTER.id), deps)
    number = database(deps).consultation(1).number
    assert again == ExtensionAnswer(message=f"このメッセージは相談 {number} として登録済みです。")
    reopened = await ROUTER.dispatch_extension(actor(SUPPORT), opening(message()), deps)
    assert reopened == again


async def test_a_department_typed_in_the_dialog_is_checked_and_remembered() -> None:
    deps = memory_deps(support=TEAM)
    await with_chat(deps, REQUESTER)
    async with deps.uow() as u:
        await u.departments.add("総務課", deps.clock.now())
    refused = await ROUTER.dispatch_extension(actor(SUPPORT), registering(department="存在しない課"), deps)
    assert "部署マスタ" in visible_text(refused.dialog) and inputs_of(refused)["department"] == "存在しない課"
    await ROUTER.dispatch_extension(actor(SUPPORT), registering(department="総務課"), deps)
    async with deps.uow() as u:
        assert await u.profiles.department_of(REQUESTER.id) == "総務課"
    assert database(deps).consultation(1).department == "総務課"


async def test_what_cannot_be_registered_is_said_in_the_dialog() -> None:
    deps = memory_deps(support=TEAM)
    await with_chat(deps, REQUESTER)
    cases = {
        "相談の内容が空です。内容を入力してください。": registering(body=""),
        "依頼者を一覧から選んでください。": registering(requester="aad-nobody"),
        "田中 三郎さんにはボットから連絡できません": registering(message(REQUESTER, OUTSIDER), requester=OUTSIDER.id),
        "件名が長すぎます": registering(title="あ" * 81),
        "もう少し詳しく": registering(body="押印"),
    }
    for said, invoke in cases.items():
        answer = await ROUTER.dispatch_extension(actor(SUPPORT), invoke, deps)
        assert said in visible_text(answer.dialog), said
        assert answer.post is None and answer.notices == ()
    deleted = await ROUTER.dispatch_extension(actor(SUPPORT), replace(registering(), message=None), deps)
    assert deleted.message.startswith("このメッセージは削除されたか")
    assert database(deps).tables.consultations == {}


def searching(text: str, skip: int = 0, count: int = 10) -> ExtensionInvoke:
    return ExtensionInvoke("query", SEARCH, query=text, skip=skip, count=count)


async def test_search_shows_the_support_team_everything_and_others_their_own() -> None:
    deps = memory_deps(support=TEAM)
    first = await given_consultation(deps, title="押印の廃止", body="押印欄をなくしたい申請書があります")
    second = await given_consultation(deps, requester=OTHER_REQUESTER, title="押印の電子化", body="押印を電子化したい")
    everyone = await ROUTER.dispatch_extension(actor(SUPPORT), searching("押印"), deps)
    assert [p.title[:7] for p in everyone.results or ()] == [second.number, first.number]
    own = await ROUTER.dispatch_extension(actor(REQUESTER), searching("押印"), deps)
    assert [p.title[:7] for p in own.results or ()] == [first.number]
    assert (await ROUTER.dispatch_extension(actor(REQUESTER), searching(second.number), deps)).results == ()
    by_number = await ROUTER.dispatch_extension(actor(SUPPORT), searching(second.number.lower()), deps)
    [found] = by_number.results or ()
    assert found.subtitle == "受付・アプリ・自動化" and found.text.startswith("依頼者: 高橋 四郎")
    assert found.card["refresh"]["userIds"][0] == OTHER_REQUESTER.teams_id and "actions" not in found.card


async def test_search_pages_and_an_empty_query_lists_the_latest() -> None:
    deps = memory_deps(support=TEAM)
    made = [await given_consultation(deps, title=f"相談{i}") for i in range(5)]
    page = await ROUTER.dispatch_extension(actor(SUPPORT), searching("", skip=2, count=2), deps)
    assert [p.title[:7] for p in page.results or ()] == [made[2].number, made[1].number]
    assert (await ROUTER.dispatch_extension(actor(SUPPORT), searching("", skip=5), deps)).results == ()


async def test_a_link_unfolds_into_the_card_for_those_who_may_see_it_and_a_neutral_preview_otherwise() -> None:
    deps = memory_deps(support=TEAM, public_base_url=BASE_URL)
    c = await given_consultation(deps)
    link = ExtensionInvoke("queryLink", url=f"{BASE_URL}/c/{c.number}")
    for person in (SUPPORT, REQUESTER):
        [shown] = (await ROUTER.dispatch_extension(actor(person), link, deps)).results or ()
        assert c.title in visible_text(shown.card)
    [neutral] = (await ROUTER.dispatch_extension(actor(OUTSIDER), link, deps)).results or ()
    assert c.title not in visible_text(neutral.card) and c.number in visible_text(neutral.card)
    assert "refresh" not in neutral.card  # the neutral preview is no status card: nobody's client refreshes it
    elsewhere = ExtensionInvoke("queryLink", url=f"https://example.com/c/{c.number}")
    assert (await ROUTER.dispatch_extension(actor(SUPPORT), elsewhere, deps)).results == ()


async def test_a_message_that_is_no_dx_consultation_gets_the_scope_answer_and_can_be_registered_anyway() -> None:
    contacts = Contacts(helpdesk="情報システム課ヘルプデスク（内線1234）", helpdesk_url="https://help.example.lg.jp/")
    deps = memory_deps(support=TEAM, classify=scoped_classify, out_of_scope=contacts)
    await with_chat(deps, REQUESTER)
    printer = "2階のプリンターで印刷できません。見てもらえますか"
    answer = await ROUTER.dispatch_extension(actor(SUPPORT), registering(body=printer), deps)
    shown = visible_text(answer.dialog)
    assert "情報システム課ヘルプデスク（内線1234）" in shown and inputs_of(answer)["body"] == printer
    assert database(deps).tables.consultations == {} and answer.post is None and answer.notices == ()
    [submit] = answer.dialog["actions"]  # type: ignore[index]
    assert submit["title"] == "相談として登録する" and submit["data"]["anyway"] is True
    assert [t.registered_at for t in database(deps).tables.turned_away] == [None]  # recorded by topic only
    after_all = registering(body=printer, **submit["data"])
    done = await ROUTER.dispatch_extension(actor(SUPPORT), after_all, deps)
    assert done.message.startswith("相談 ") and done.post is not None
    assert database(deps).consultation(1).body == printer
    assert [t.registered_at for t in database(deps).tables.turned_away] == [deps.clock.now()]
