"""Commands, the intake form and the intake dialog (including a restart in the middle of it)."""

from aiohttp.test_utils import TestClient, TestServer

from app import create_app
from storage.orm import ConsultationRow, EventRow
from tests.support import activities as a
from tests.support.cards import visible_text
from tests.support.conversation import click, remember_department, rows, say
from tests.support.factories import CLEAR_APP, CLEAR_BPR
from tests.support.harness import both_hosts, make_settings


@both_hosts
async def test_help_in_both_languages_and_full_width_command(harness) -> None:
    await say(harness, "ヘルプ")
    assert "相談ボットの使い方" in harness.connector.texts_sent()[-1]
    await say(harness, "ＨＥＬＰ", locale="en-US")
    assert "How to use Consult Bot" in harness.connector.texts_sent()[-1]
    assert await rows(harness, ConsultationRow) == []


async def test_command_words_match_only_as_first_word(harness) -> None:
    await remember_department(harness, "aad-requester", "総務課")
    await say(harness, "アプリの一覧画面をPower Appsで作りたいのですが、ギャラリーの使い方を教えてください。")
    assert "R8-0001" in visible_text(harness.connector.cards_sent()[-1])


@both_hosts
async def test_new_form_submit_creates_consultation_in_place(harness) -> None:
    await say(harness, "新規")
    form_message = harness.connector.sent[-1]
    assert "件名" in str(form_message.cards[0])
    form_id = "form-message-1"
    status, body = await click(
        harness,
        "consultation.create",
        {"title": "押印の見直し", "body": CLEAR_BPR, "department": "市民課", "due": "2027-01-31"},
        form_id,
        sender=a.REQUESTER,
    )
    assert status == 200
    shown = visible_text(body["value"])
    assert "押印の見直し" in shown and "市民課" in shown and "2027年1月31日" in shown
    [row] = await rows(harness, ConsultationRow)
    assert row.card_activity_id == form_id and row.title == "押印の見直し"
    await harness.connector.wait_for(lambda: harness.connector.updated)
    assert harness.connector.updated[-1].activity_id == form_id
    # a double click on the same form creates nothing new
    await click(harness, "consultation.create", {"body": CLEAR_BPR}, form_id, sender=a.REQUESTER)
    assert len(await rows(harness, ConsultationRow)) == 1


async def test_form_with_bad_inputs_is_shown_again_with_the_reason(harness) -> None:
    cases = [
        ({}, "内容を入力してください"),
        ({"body": "短い"}, "もう少し詳しく"),
        ({"body": CLEAR_BPR, "due": "not-a-date"}, "日付が読み取れません"),
        ({"body": CLEAR_BPR, "title": "x" * 500}, "件名が長すぎます"),
    ]
    for inputs, reason in cases:
        status, body = await click(harness, "consultation.create", inputs, "form-x", sender=a.REQUESTER)
        assert status == 200 and reason in visible_text(body["value"]), inputs
    assert await rows(harness, ConsultationRow) == []


async def test_list_and_status_commands(harness) -> None:
    await remember_department(harness, "aad-requester", "総務課")
    await say(harness, CLEAR_BPR)
    await say(harness, CLEAR_APP)
    await say(harness, "一覧")
    shown = visible_text(harness.connector.cards_sent()[-1])
    assert shown.index("R8-0002") < shown.index("R8-0001")
    await say(harness, "状況 Ｒ８－０００１")
    assert "相談 R8-0001" in visible_text(harness.connector.cards_sent()[-1])
    await say(harness, "status R8-0099", locale="en-US")
    assert "No consultation found (R8-0099)" in harness.connector.texts_sent()[-1]
    await say(harness, "状況")
    assert "例：状況 R8-0042" in harness.connector.texts_sent()[-1]


@both_hosts
async def test_vague_message_dialog_asks_details_then_department(harness) -> None:
    await say(harness, "相談です")
    assert "詳しく" in harness.connector.texts_sent()[-1]
    await say(harness, "まだ短い")
    assert "もう少し具体的に" in harness.connector.texts_sent()[-1]
    await say(harness, "毎月の統計報告をExcelで手集計しています。Power Automateで自動化できないか相談したいです。")
    assert "所属" in harness.connector.texts_sent()[-1]
    await say(harness, "情報政策課")
    shown = visible_text(harness.connector.cards_sent()[-1])
    assert "情報政策課" in shown and "アプリ" in shown
    [row] = await rows(harness, ConsultationRow)
    assert row.body.startswith("相談です\n毎月の統計報告")


@both_hosts
async def test_cancel_leaves_the_dialog_and_creates_nothing(harness) -> None:
    await say(harness, "相談です")
    await say(harness, "キャンセル")
    assert "中止しました" in harness.connector.texts_sent()[-1]
    await say(harness, "cancel")
    assert "中止する入力はありません" in harness.connector.texts_sent()[-1]
    assert await rows(harness, ConsultationRow) == []


@both_hosts
async def test_help_during_dialog_keeps_the_dialog(harness) -> None:
    await remember_department(harness, "aad-requester", "総務課")
    await say(harness, "相談です")
    await say(harness, "help")
    await say(harness, "押印の廃止と決裁ルートの見直しについて、進め方を相談したいです。")
    assert "R8-0001" in visible_text(harness.connector.cards_sent()[-1])


@both_hosts
async def test_restart_in_the_middle_of_a_dialog_loses_nothing(harness, database_url) -> None:
    await say(harness, "相談です")
    await say(harness, "窓口の受付簿が紙で、月末に件数を手で数えています。改善したいです。")
    assert "所属" in harness.connector.texts_sent()[-1]
    await harness.client.close()  # the bot process stops...
    restarted = TestClient(TestServer(create_app(make_settings(database_url, harness.host), clock=harness.clock), host="127.0.0.1"))
    await restarted.start_server()  # ...and a new one starts on the same database
    try:
        harness.client, harness.app = restarted, restarted.app
        await say(harness, "市民課")
        shown = visible_text(harness.connector.cards_sent()[-1])
        assert "市民課" in shown and "R8-0001" in shown
    finally:
        await restarted.close()


async def test_empty_and_huge_messages_get_polite_answers_and_nothing_is_written(harness) -> None:
    await say(harness, "   ")
    assert "ご相談の内容を入力してください" in harness.connector.texts_sent()[-1]
    await say(harness, "あ" * 20_000)
    assert "内容が長すぎます（20000文字、上限10000文字）" in harness.connector.texts_sent()[-1]
    assert await rows(harness, ConsultationRow) == [] and await rows(harness, EventRow) == []
