"""Intake through the real aiohttp app over loopback HTTP, replies recorded by the fake connector."""


from storage.orm import ConsultationRow, EventRow, ProfileRow
from tests.support import activities as a
from tests.support.cards import action_titles, visible_text
from tests.support.conversation import rows, say
from tests.support.factories import CLEAR_APP, CLEAR_BPR
from tests.support.harness import both_hosts


@both_hosts
async def test_first_message_asks_department_once_then_creates_with_card(harness) -> None:
    await say(harness, CLEAR_BPR)
    assert "所属" in harness.connector.texts_sent()[-1]
    assert await rows(harness, ConsultationRow) == []
    await say(harness, "総務課")
    card = harness.connector.cards_sent()[-1]
    shown = visible_text(card)
    assert "R8-0001" in shown and "受付" in shown and "山田 花子" in shown and "総務課" in shown
    assert "業務改善" in shown
    assert action_titles(card) == ["追記", "取り下げ", "As-Is/To-Be ワークシート", "詳細"]  # the requester's view
    [row] = await rows(harness, ConsultationRow)
    assert (row.number, row.department, row.category, row.status) == ("R8-0001", "総務課", "bpr", "received")
    assert row.body == CLEAR_BPR and row.requester_id == "aad-requester"
    [card_post] = [r for r in harness.connector.sent if r.cards]
    assert card_post.answered_id and row.card_activity_id == card_post.answered_id  # the id Teams gave the card
    assert [e.kind for e in await rows(harness, EventRow)] == ["created"]
    assert [p.department for p in await rows(harness, ProfileRow)] == ["総務課"]
    # the second consultation of the same person is created at once: the department is remembered
    await say(harness, CLEAR_APP)
    second = visible_text(harness.connector.cards_sent()[-1])
    assert "R8-0002" in second and "アプリ" in second and "総務課" in second


@both_hosts
async def test_channel_mention_replies_in_the_same_thread_at_once(harness) -> None:
    await harness.post(a.channel_mention(harness.service_url, CLEAR_APP, post_id="1700000000099"))
    await harness.connector.wait_for(lambda: harness.connector.cards_sent())
    sent = harness.connector.sent[-1]
    assert sent.conversation_id == f"{a.CHANNEL};messageid=1700000000099"
    assert "所属: 未登録" in visible_text(sent.cards[0])  # no question in a channel: answering needs an @mention
    [row] = await rows(harness, ConsultationRow)
    assert row.thread_id == "1700000000099" and row.channel_id == a.CHANNEL
    assert row.body == CLEAR_APP  # the mention is stripped


@both_hosts
async def test_vague_channel_mention_asks_for_details_in_the_thread(harness) -> None:
    await harness.post(a.channel_mention(harness.service_url, "相談です", post_id="1700000000100"))
    await harness.connector.wait_for(lambda: harness.connector.texts_sent())
    assert "詳しく" in harness.connector.texts_sent()[-1] and "@相談ボット" in harness.connector.texts_sent()[-1]
    assert harness.connector.sent[-1].conversation_id == f"{a.CHANNEL};messageid=1700000000100"


@both_hosts
async def test_redelivered_activity_creates_one_consultation(harness) -> None:
    await say(harness, "総務課を担当しています。" + CLEAR_BPR)  # department still unknown: asks
    await say(harness, "総務課")
    activity = a.message(harness.service_url, CLEAR_APP)
    for _ in range(2):
        assert (await harness.post(activity)).status == harness.accepted
    await harness.connector.wait_for(lambda: len(harness.connector.cards_sent()) >= 3)
    assert [r.number for r in await rows(harness, ConsultationRow)] == ["R8-0001", "R8-0002"]
