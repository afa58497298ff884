"""対象外 through the real app over loopback HTTP, on both hosts and both databases: a message that is not a DX
consultation gets where to go instead and 「相談として登録する」, and creates nothing; pressing the button runs the
normal intake (the department question when the department is unknown) and creates one consultation however often
it is pressed; the turn-away is recorded by topic only and the summary counts it; a text kept while the database
was down is answered as 対象外 when it is back."""

from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.engine import make_url

from app import create_app, runtime_key
from storage.orm import ConsultationRow, TurnedAwayRow
from tests.support import activities as a
from tests.support.cards import visible_text
from tests.support.clocks import TickingClock
from tests.support.conversation import remember_department, rows, say
from tests.support.fake_connector import FakeConnector
from tests.support.harness import Harness, both_hosts, make_settings
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.lean_matrix  # the Agents SDK × PostgreSQL pair is left out (tests/conftest.py)

PRINTER = "2階のプリンターが紙詰まりして印刷できません。見てもらえますか"


async def sent_after(harness: Harness, activity: dict[str, Any], count: int = 1) -> list[Any]:
    before = len(harness.connector.sent)
    response = await harness.post(activity)
    assert response.status == harness.accepted, await response.text()
    await harness.connector.wait_for(lambda: len(harness.connector.sent) >= before + count)
    return harness.connector.sent[before:]


async def press(harness: Harness, answer: Any, count: int = 1) -> list[Any]:
    """The 対象外 card's Action.Submit, as Teams sends it: a message with the button's data as its value, no text,
    and the card's message as replyToId."""
    [card] = answer.cards
    [button] = [x for x in card["actions"] if x["type"] == "Action.Submit"]
    activity = a.message(harness.service_url, "")
    activity["value"] = button["data"]
    activity["replyToId"] = answer.answered_id
    return await sent_after(harness, activity, count)


@both_hosts
async def test_printer_trouble_is_sent_to_the_helpdesk_and_registered_only_when_pressed(harness: Harness) -> None:
    await remember_department(harness, "aad-requester", "市民課")
    [answer] = await sent_after(harness, a.message(harness.service_url, PRINTER))

    shown = visible_text(answer.cards[0])
    assert "このご用件は、DX相談窓口の対象外のようです" in shown
    assert "情報システム課ヘルプデスクにお問い合わせください" in shown and PRINTER in shown
    assert await rows(harness, ConsultationRow) == []
    [turned] = await rows(harness, TurnedAwayRow)
    assert (turned.topic, turned.registered_at) == ("printer", None)

    [created] = await press(harness, answer)
    assert "ご相談を受け付けました（R8-0001）" in created.text
    [row] = await rows(harness, ConsultationRow)
    assert (row.body, row.department, row.requester_id) == (PRINTER, "市民課", "aad-requester")
    [update] = harness.connector.updated  # the 対象外 message became the consultation's card
    assert update.activity_id == answer.answered_id and "相談 R8-0001" in visible_text(update.cards[0])
    [turned] = await rows(harness, TurnedAwayRow)
    assert turned.registered_at is not None

    [again] = await press(harness, answer)  # a stale copy of the card, or the same press delivered again
    assert "この内容は、相談 R8-0001 として登録済みです。" in again.text
    assert len(await rows(harness, ConsultationRow)) == 1

    await say(harness, "集計", sender=a.SUPPORT, conversation=a.personal("a:personal-support"))
    assert "1件（うち相談として登録 1件）" in visible_text(harness.connector.cards_sent()[-1])  # the summary card


@both_hosts
async def test_the_button_asks_for_the_department_like_any_new_request(harness: Harness) -> None:
    [answer] = await sent_after(harness, a.message(harness.service_url, "明日の10時から第3会議室を予約したいです"))
    assert "総務課（庁舎・施設担当）にお問い合わせください" in visible_text(answer.cards[0])

    [question] = await press(harness, answer)
    assert "所属" in question.text
    assert await rows(harness, ConsultationRow) == []
    [busy] = await press(harness, answer)  # pressed again while the question is open: one question at a time
    assert "先に、いまお聞きしている質問にお答えください" in busy.text

    [created] = await sent_after(harness, a.message(harness.service_url, "総務課"))
    assert "R8-0001" in visible_text(created.cards[0])
    [row] = await rows(harness, ConsultationRow)
    assert (row.department, row.body) == ("総務課", "明日の10時から第3会議室を予約したいです")
    [turned] = await rows(harness, TurnedAwayRow)
    assert (turned.topic, turned.registered_at is not None) == ("room", True)


@both_hosts
async def test_a_greeting_is_told_what_the_desk_is_for(harness: Harness) -> None:
    await say(harness, "こんにちは")
    reply = harness.connector.sent[-1]
    assert reply.text.startswith("こんにちは。DX推進の相談窓口ボットです。") and reply.cards == []
    [turned] = await rows(harness, TurnedAwayRow)
    assert turned.topic == "greeting"
    assert await rows(harness, ConsultationRow) == []


async def test_someone_else_cannot_register_the_senders_text(harness: Harness) -> None:
    [answer] = await sent_after(harness, a.message(harness.service_url, PRINTER))
    [card] = answer.cards
    [button] = [x for x in card["actions"] if x["type"] == "Action.Submit"]
    activity = a.message(harness.service_url, "", sender=a.OUTSIDER)
    activity["value"] = button["data"]
    [refused] = await sent_after(harness, activity)
    assert "送った方ご本人だけ" in refused.text
    assert await rows(harness, ConsultationRow) == []


@both_hosts
async def test_in_a_channel_the_answer_is_in_the_thread_and_the_button_takes_it_in_at_once(harness: Harness) -> None:
    post = "1700000000301"
    [answer] = await sent_after(harness, a.channel_mention(harness.service_url, PRINTER, post_id=post))
    thread = f"{a.CHANNEL};messageid={post}"
    assert answer.conversation_id == thread and "対象外" in visible_text(answer.cards[0])

    [card] = answer.cards
    [button] = [x for x in card["actions"] if x["type"] == "Action.Submit"]
    press_in_thread = a.message(harness.service_url, "", conversation=a.channel_thread(post))
    press_in_thread["value"] = button["data"]
    press_in_thread["replyToId"] = answer.answered_id
    [created] = await sent_after(harness, press_in_thread)
    assert "ご相談を受け付けました（R8-0001）" in created.text  # no question in a channel
    [row] = await rows(harness, ConsultationRow)
    assert (row.body, row.thread_id) == (PRINTER, post)


@both_hosts
async def test_text_kept_during_an_outage_is_answered_as_out_of_scope_when_the_database_is_back(
    postgres_url: str, connector: tuple[FakeConnector, str], bot_host: str
) -> None:
    fake, url = connector
    direct = make_url(postgres_url)
    proxy = TcpProxy(direct.host or "127.0.0.1", direct.port or 5432)
    await proxy.start()
    through_proxy = direct.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    clock = TickingClock()
    app = create_app(make_settings(through_proxy, bot_host, summary_enabled=False), clock=clock)
    client = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    harness = Harness(client, fake, url, app, clock, bot_host)
    try:
        await proxy.cut()  # the database goes away: the message is kept, as any new request
        await harness.post(a.message(url, PRINTER))
        await fake.wait_for(lambda: fake.texts_sent(), timeout=30)
        assert "お預かりしました" in fake.texts_sent()[-1]
        await proxy.restore()
        runtime = app[runtime_key]
        assert await runtime.spool.take_in(runtime.deps, runtime.transport) == 1
        assert "このご用件は、DX相談窓口の対象外のようです" in visible_text(fake.sent[-1].cards[0])
        assert await rows(harness, ConsultationRow) == []
        assert [r.topic for r in await rows(harness, TurnedAwayRow)] == ["printer"]
    finally:
        await client.close()
        await proxy.cut()
