"""The 所属 question through the real app over loopback HTTP (issue 12): it takes only a department; a consultation
sent instead is kept and created with the pending one once the department is given; with a department master the
question is a card with a typeahead picker, answered by its submit or by typing; the intake form is prefilled and a
changed department is confirmed."""

from typing import Any

from storage.orm import ConsultationRow, ProfileRow
from tests.support import activities as a
from tests.support.cards import visible_text, walk
from tests.support.conversation import click, remember_department, rows, say
from tests.support.factories import CLEAR_APP, CLEAR_BPR
from tests.support.harness import Harness, both_hosts


async def said(harness: Harness, text: str, count: int, **kw: Any) -> list[Any]:
    """Post a message and wait for `count` messages from the bot; those messages."""
    before = len(harness.connector.sent)
    response = await harness.post(a.message(harness.service_url, text, **kw))
    assert response.status == harness.accepted, await response.text()
    await harness.connector.wait_for(lambda: len(harness.connector.sent) >= before + count)
    return harness.connector.sent[before:]


async def submitted(harness: Harness, value: dict[str, Any], **kw: Any) -> list[Any]:
    """An Action.Submit from a card: a message with the card's inputs as its value and no text."""
    before = len(harness.connector.sent)
    activity = a.message(harness.service_url, "", **kw)
    activity["value"] = value
    response = await harness.post(activity)
    assert response.status == harness.accepted, await response.text()
    await harness.connector.wait_for(lambda: len(harness.connector.sent) > before)
    return harness.connector.sent[before:]


@both_hosts
async def test_a_consultation_sent_for_the_department_is_kept_and_created_with_the_pending_one(harness) -> None:
    await say(harness, CLEAR_BPR)
    assert "所属" in harness.connector.texts_sent()[-1]

    notice, question = await said(harness, CLEAR_APP, 2)  # a second request instead of the department

    assert "新しいご相談としてお預かりしました（入力中のご相談とあわせて2件）" in notice.text
    assert "「Power Automateのフローで、Formsの回答を…」" in notice.text
    assert "所属" in question.text
    assert await rows(harness, ConsultationRow) == [] and await rows(harness, ProfileRow) == []

    await said(harness, "わかりません", 1)
    assert "課・部署名だけを送ってください" in harness.connector.texts_sent()[-1]

    first, second = await said(harness, "総務課です。", 2)
    assert "R8-0001" in visible_text(first.cards[0]) and "R8-0002" in visible_text(second.cards[0])
    created = [(r.number, r.department, r.category, r.body) for r in await rows(harness, ConsultationRow)]
    assert created == [("R8-0001", "総務課", "bpr", CLEAR_BPR), ("R8-0002", "総務課", "app", CLEAR_APP)]
    assert [p.department for p in await rows(harness, ProfileRow)] == ["総務課"]


@both_hosts
async def test_with_a_master_the_department_question_is_a_typeahead_card(harness) -> None:
    await say(harness, "部署 追加 市民課 情報政策課", sender=a.SUPPORT)
    await say(harness, CLEAR_BPR)
    [question] = harness.connector.sent[-1].cards

    [picker] = [n for n in walk(question) if n.get("type") == "Input.ChoiceSet"]
    assert (picker["id"], picker["style"]) == ("department", "filtered")
    assert [c["title"] for c in picker["choices"]] == ["市民課", "情報政策課"]
    [submit] = question["actions"]
    assert submit["type"] == "Action.Submit" and submit["data"] == {"verb": "intake.answer"}

    await say(harness, "税務課")  # typed, but not in the master
    assert "部署マスタにない所属です" in visible_text(harness.connector.sent[-1].cards[0])

    [reply] = await submitted(harness, {"verb": "intake.answer", "department": "市民課"})
    assert "所属: 市民課" in visible_text(reply.cards[0])
    [row] = await rows(harness, ConsultationRow)
    assert row.department == "市民課"

    [late] = await submitted(harness, {"verb": "intake.answer", "department": "情報政策課"})  # no question open
    assert "この質問への回答はすでに終わっています" in late.text
    assert len(await rows(harness, ConsultationRow)) == 1


@both_hosts
async def test_a_typed_answer_to_the_card_is_taken_too(harness) -> None:
    await say(harness, "部署 追加 市民課", sender=a.SUPPORT)
    await say(harness, "相談です")
    await say(harness, "窓口の受付簿が紙で、月末に件数を手で数えています。改善したいです。")
    assert harness.connector.sent[-1].cards  # the department question, as a card
    await say(harness, "ｼﾐﾝ課")  # not a name of the master: asked again
    await say(harness, "市民課")
    assert "所属: 市民課" in visible_text(harness.connector.cards_sent()[-1])


@both_hosts
async def test_the_form_is_prefilled_and_a_changed_department_is_confirmed(harness) -> None:
    await remember_department(harness, "aad-requester", "総務課")
    await say(harness, "新規")
    [form] = harness.connector.sent[-1].cards
    assert next(n for n in walk(form) if n.get("id") == "department")["value"] == "総務課"

    status, body = await click(
        harness, "consultation.create", {"body": CLEAR_BPR, "department": "市民課"}, "form-1", sender=a.REQUESTER
    )

    assert status == 200 and "所属を市民課に更新しました。" in visible_text(body["value"])
    assert [p.department for p in await rows(harness, ProfileRow)] == ["市民課"]
