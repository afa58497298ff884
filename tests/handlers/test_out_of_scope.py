"""対象外: a message that is not a DX consultation creates nothing and is answered with where to go instead, with
「相談として登録する」; pressing it runs the normal intake once, however often it is pressed."""

from dataclasses import replace

from bot.cards.verbs import Verb
from bot.deps import Deps
from bot.domain.intake import Missing
from bot.domain.scope import Contacts, turned_away_source
from bot.handlers import build_router
from bot.handlers.intake import create
from bot.turn import CardAction, Reply
from tests.support.cards import action_titles, visible_text
from tests.support.handler_kit import CHANNEL_THREAD, COLLEAGUE, DM, REQUESTER, TEAM, actor, say
from tests.support.memory import database, memory_deps, scoped_classify

ROUTER = build_router()
CONTACTS = Contacts(helpdesk="情報システム課ヘルプデスク（内線1234）", helpdesk_url="https://help.example.lg.jp/")
PRINTER = "2階のプリンターで印刷できません。見てもらえますか"


def scoped_deps(**overrides: object) -> Deps:
    return memory_deps(support=TEAM, classify=scoped_classify, out_of_scope=CONTACTS, **overrides)


async def knows_department(deps: Deps) -> None:
    async with deps.uow() as u:
        await u.profiles.remember_department(REQUESTER.id, "市民課", deps.clock.now())


def the_button(reply: Reply) -> dict:
    assert reply.card is not None
    [button] = [a for a in reply.card["actions"] if a["type"] == "Action.Submit"]
    return button


def press(button: dict, *, place=DM, activity_id: str = "act:dm:press") -> CardAction:
    """The Action.Submit as the edge reads it (bot/edge/translate.card_action): the verb out, the rest as inputs."""
    data = {k: v for k, v in button["data"].items() if k != "verb"}
    return CardAction(
        verb=button["data"]["verb"], consultation_id=None, inputs=data, place=place, activity_id=activity_id
    )


async def test_printer_trouble_gets_the_helpdesk_and_creates_nothing() -> None:
    deps = scoped_deps()
    db = database(deps)

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say(PRINTER, activity_id="msg:dm:1"), deps)

    shown = visible_text(reply.card)
    assert "このご用件は、DX相談窓口の対象外のようです" in shown
    assert "情報システム課ヘルプデスク（内線1234）にお問い合わせください" in shown
    assert PRINTER in shown  # what was sent, shown as sent
    assert action_titles(reply.card) == ["相談として登録する", "ヘルプデスクを開く"]
    assert the_button(reply)["data"] == {
        "verb": Verb.REGISTER_ANYWAY,
        "turned_away_id": 1,
        "text": PRINTER,
        "sender": REQUESTER.id,
        "personal": True,
    }
    assert db.tables.consultations == {}
    [row] = db.tables.turned_away
    assert (row.topic, row.at, row.registered_at) == ("printer", deps.clock.now(), None)


async def test_rooms_go_to_facilities_and_personnel_matters_to_personnel() -> None:
    deps = scoped_deps()
    room = await ROUTER.dispatch_message(actor(REQUESTER), say("明日、第3会議室を予約したいです"), deps)
    leave = await ROUTER.dispatch_message(actor(REQUESTER), say("年休の残り日数を知りたいです"), deps)
    assert "総務課（庁舎・施設担当）にお問い合わせください" in visible_text(room.card)
    assert "人事課にお問い合わせください" in visible_text(leave.card)
    assert action_titles(room.card) == ["相談として登録する"]  # the helpdesk link is for the helpdesk's topics
    assert [r.topic for r in database(deps).tables.turned_away] == ["room", "personnel"]


async def test_a_greeting_is_told_what_the_desk_is_for() -> None:
    deps = scoped_deps()
    reply = await ROUTER.dispatch_message(actor(REQUESTER), say("こんにちは"), deps)
    assert reply.card is None and reply.ask == ()
    assert reply.text.startswith("こんにちは。DX推進の相談窓口ボットです。")
    assert "「ヘルプ」" in reply.text
    assert [r.topic for r in database(deps).tables.turned_away] == ["greeting"]


async def test_with_out_of_scope_answers_off_everything_is_taken_in() -> None:
    deps = memory_deps(support=TEAM, classify=scoped_classify)  # OUT_OF_SCOPE_ENABLED=false: no contacts
    await knows_department(deps)
    reply = await ROUTER.dispatch_message(actor(REQUESTER), say(PRINTER), deps)
    assert reply.consultation_id is not None and database(deps).tables.turned_away == []


async def test_a_redelivered_message_is_recorded_once_and_answered_once() -> None:
    deps = scoped_deps()
    first = await ROUTER.dispatch_message(actor(REQUESTER), say(PRINTER, activity_id="msg:dm:7"), deps)
    again = await ROUTER.dispatch_message(actor(REQUESTER), say(PRINTER, activity_id="msg:dm:7"), deps)
    assert first.card is not None and again == Reply()
    assert len(database(deps).tables.turned_away) == 1


async def test_the_button_registers_it_once_however_often_it_is_pressed() -> None:
    deps = scoped_deps()
    db = database(deps)
    await knows_department(deps)
    answer = await ROUTER.dispatch_message(actor(REQUESTER), say(PRINTER, activity_id="msg:dm:1"), deps)

    reply = await ROUTER.dispatch_action(actor(REQUESTER), press(the_button(answer)), deps)

    c = db.consultation("R8-0001")
    assert (c.body, c.department, c.requester) == (PRINTER, "市民課", REQUESTER)
    assert reply.text == "ご相談を受け付けました（R8-0001）。担当が決まり次第お知らせします。"
    assert reply.consultation_id == c.id and "相談 R8-0001" in visible_text(reply.shared_card)  # the card becomes it
    assert db.tables.turned_away[0].registered_at == deps.clock.now()

    again = await ROUTER.dispatch_action(actor(REQUESTER), press(the_button(answer), activity_id="act:2"), deps)
    assert again.text == "この内容は、相談 R8-0001 として登録済みです。"
    assert list(db.tables.consultations) == [c.id]
    assert action_titles(again.shared_card) == []  # the stale card loses its button


async def test_the_button_asks_the_intake_questions_and_the_finish_marks_it_registered() -> None:
    deps = scoped_deps()
    db = database(deps)
    answer = await ROUTER.dispatch_message(actor(REQUESTER), say(PRINTER), deps)

    reply = await ROUTER.dispatch_action(actor(REQUESTER), press(the_button(answer)), deps)

    assert reply.ask == (Missing.DEPARTMENT,) and reply.draft is not None
    assert (reply.draft.body, reply.draft.source_id) == (PRINTER, turned_away_source(1))
    assert "相談として登録します" in visible_text(reply.shared_card) and db.tables.consultations == {}
    # The host runs the questions; the conversation finishes as any intake does (INTAKE.finish):
    done = await create(actor(REQUESTER), replace(reply.draft, department="市民課"), deps)
    assert done.consultation_id is not None
    assert db.tables.turned_away[0].registered_at == deps.clock.now()


async def test_in_a_channel_the_button_takes_it_in_at_once() -> None:
    deps = scoped_deps()
    answer = await ROUTER.dispatch_message(
        actor(REQUESTER), say(PRINTER, place=CHANNEL_THREAD, personal=False, activity_id="msg:ch:1"), deps
    )
    assert the_button(answer)["data"]["personal"] is False
    reply = await ROUTER.dispatch_action(actor(REQUESTER), press(the_button(answer), place=CHANNEL_THREAD), deps)
    assert reply.ask == () and reply.consultation_id is not None


async def test_only_the_sender_can_register_it_and_a_broken_button_loses_nothing() -> None:
    deps = scoped_deps()
    answer = await ROUTER.dispatch_message(actor(REQUESTER), say(PRINTER), deps)
    other = await ROUTER.dispatch_action(actor(COLLEAGUE), press(the_button(answer)), deps)
    assert other.text == "この内容を相談として登録できるのは、送った方ご本人だけです。"
    broken = CardAction(verb=Verb.REGISTER_ANYWAY, consultation_id=None, inputs={"turned_away_id": "1"}, place=DM)
    assert (await ROUTER.dispatch_action(actor(REQUESTER), broken, deps)).text.startswith(
        "登録する内容を読み取れませんでした。"
    )
    assert database(deps).tables.consultations == {}
