"""A first day without a stumble (issue 12), through the whole app with the shipped classifier: the README's own
example is filed at once; a vague opener followed by the details gives a card titled by the details; filler alone is
asked for details; the intake form refuses a wanted-by date before today (the app's clock, in Tokyo time)."""

from storage.orm import ConsultationRow
from tests.support import activities as a
from tests.support.cards import visible_text
from tests.support.clocks import jst
from tests.support.conversation import click, remember_department, rows, say
from tests.support.factories import CLEAR_BPR
from tests.support.harness import both_hosts

README_EXAMPLE = "申請書の押印を廃止して、決裁ルートを見直したいです。紙の申請が月200件あります。"


async def test_the_readme_example_is_filed_as_bpr_without_triage(harness) -> None:
    await remember_department(harness, "aad-requester", "総務課")
    await say(harness, README_EXAMPLE)
    shown = visible_text(harness.connector.cards_sent()[-1])
    assert "区分: 業務改善（BPR）（自動判定" in shown and "要確認" not in shown
    [row] = await rows(harness, ConsultationRow)
    assert (row.category, row.needs_triage) == ("bpr", False) and row.confidence >= 0.65


@both_hosts
async def test_after_a_vague_opener_the_details_become_the_title(harness) -> None:
    await remember_department(harness, "aad-requester", "総務課")
    await say(harness, "相談です")
    assert "詳しく" in harness.connector.texts_sent()[-1]
    await say(harness, README_EXAMPLE)
    [row] = await rows(harness, ConsultationRow)
    assert row.title == "申請書の押印を廃止して、決裁ルートを見直したいです"
    assert row.body == "相談です\n" + README_EXAMPLE  # the body stays as the person wrote it
    assert (row.category, row.needs_triage) == ("bpr", False)
    assert row.reasons and "相談" not in row.reasons
    shown = visible_text(harness.connector.cards_sent()[-1])
    lines = shown.splitlines()
    assert lines[1] == "申請書の押印を廃止して、決裁ルートを見直したいです"  # under the heading 相談 R8-0001
    [why] = [line for line in lines if line.startswith("判定の根拠")]
    assert "相談" not in why and "要確認" not in shown


async def test_greetings_and_filler_alone_are_asked_for_details(harness) -> None:
    await say(harness, "お疲れ様です。相談があります。よろしくお願いします。")
    assert "詳しく" in harness.connector.texts_sent()[-1]
    await say(harness, "いつもお世話になっております。")
    assert "もう少し具体的に" in harness.connector.texts_sent()[-1]
    assert await rows(harness, ConsultationRow) == []


async def test_the_form_refuses_a_wanted_by_date_before_today(harness) -> None:
    harness.clock.set(jst(2026, 11, 28, 0, 30))  # just after midnight in Tokyo: still the 27th in UTC
    inputs = {"title": "押印の見直し", "body": CLEAR_BPR, "department": "市民課"}
    status, body = await click(harness, "consultation.create", {**inputs, "due": "2026-11-27"}, "form-1", a.REQUESTER)
    shown = visible_text(body["value"])
    assert status == 200
    assert "希望期限（2026年11月27日）が過ぎています。本日（2026年11月28日）以降の日付を選んでください。" in shown
    assert "押印の見直し" in str(body["value"])  # the form comes back with what was typed
    status, body = await click(
        harness, "consultation.create", {**inputs, "due": "2025-04-01"}, "form-2", a.REQUESTER, locale="en-US"
    )
    assert "The wanted-by date (2025-04-01) has already passed. Please choose today (2026-11-28)" in visible_text(
        body["value"]
    )
    assert await rows(harness, ConsultationRow) == []
    status, body = await click(harness, "consultation.create", {**inputs, "due": "2026-11-28"}, "form-3", a.REQUESTER)
    assert status == 200 and "2026年11月28日" in visible_text(body["value"])  # today is fine
    [row] = await rows(harness, ConsultationRow)
    assert str(row.desired_due) == "2026-11-28"
