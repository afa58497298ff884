"""The support team's workflow in a real browser (personal chat, Japanese UI), through the playground.

The current user 山田 花子 is in SUPPORT_TEAM_IDS, so the cards in the 1:1 chat show the support team's view.
What these tests hold the bot to (texts the user sees, not layout):
- 完了 opens a form in the card (解決内容（必須）, 削減時間の見込み（時間／月）); 完了にする turns that same card
  to 状況 完了 with the resolution and the hours saved, and the closed card offers 再開;
- 一覧 shows the open queue 「相談の一覧：未完了すべて（N件）」 with every open number and the workload per assignee;
  絞り込み + 表示 updates that card to the filtered list;
- その他 → As-Is/To-Be ワークシート turns a BPR card into the worksheet form; 保存 brings the status card back with
  「ワークシートを保存しました」, and 詳細 <number> shows the worksheet's facts and the history;
- 新規 posts the intake form; 送信 turns the form into the status card of the new consultation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.support.playground_ui import Ui

PERSONAL_CHAT = "Personal Chat"
USER_NAME = "山田 花子"  # currentUser in scripts/playground.yml
BPR_TEXT = (
    "申請書の押印を廃止して、決裁ルートを見直したいです。紙の申請が月200件あり、窓口で毎日手作業で確認しています。"
)
APP_TEXT = "Power Appsで備品の貸出管理アプリを作りたいです。今は紙の台帳で、貸出状況が分かりません。"
DEPARTMENT = "総務課"


def test_close_with_resolution_updates_the_card(ui: Ui) -> None:
    ui.open_conversation(PERSONAL_CHAT)
    with ui.step("consultation + 所属 -> status card"):
        message, number = ui.new_consultation(BPR_TEXT, DEPARTMENT)
    card = ui.card_in(message)

    with ui.step("click 完了 -> the close form opens in the card"):
        card.get_by_role("button", name="完了", exact=True).click()
        resolution = card.get_by_label("解決内容（必須）")
        hours = card.get_by_label("削減時間の見込み（時間／月）")
        resolution.wait_for()
        hours.wait_for()
        assert card.get_by_role("button", name="完了にする", exact=True).is_visible()

    with ui.step("fill 解決内容 + 削減時間, click 完了にする -> same card shows 完了"):
        resolution.fill("押印欄を削除しました")
        hours.fill("5")
        card.get_by_role("button", name="完了にする", exact=True).click()
        ui.wait_status_card(message, status="完了", number=number, buttons=("再開",))
        ui.wait_card(
            message,
            "the closed card to show the resolution and the hours saved",
            facts={"状況": "完了", "解決内容": "押印欄を削除しました", "削減時間（月）": "5時間", "担当者": USER_NAME},
            buttons=("再開",),
            no_buttons=("完了", "担当する"),
        )


def test_queue_lists_open_consultations_and_filters_them(ui: Ui) -> None:
    ui.open_conversation(PERSONAL_CHAT)
    with ui.step("two consultations (所属 asked once)"):
        bpr_message, bpr_number = ui.new_consultation(BPR_TEXT, DEPARTMENT)
        _, app_number = ui.new_consultation(APP_TEXT)  # the department is remembered: no question this time
    with ui.step("担当する on the first -> 担当決定"):
        ui.card_in(bpr_message).get_by_role("button", name="担当する", exact=True).click()
        ui.wait_card(bpr_message, "the first card to be assigned to the user", facts={"担当者": USER_NAME})

    with ui.step("一覧 -> queue card"):
        ui.send("一覧")
        reply = ui.wait_bot_reply("一覧", lambda m: m.has_card, "the queue card after 一覧")
        queue = ui.message(reply.index)
        ui.wait_card(
            queue,
            "the queue of every open consultation with the workload",
            texts=("相談の一覧：未完了すべて（2件）", bpr_number, app_number, "担当者別の対応中件数"),
            facts={USER_NAME: "1"},
            buttons=("表示",),
        )

    with ui.step("絞り込み アプリ + 表示 -> the same card, filtered"):
        ui.choose(queue, "絞り込み", "アプリ")
        ui.card_in(queue).get_by_role("button", name="表示", exact=True).click()
        ui.wait_card(
            queue,
            "the queue filtered to アプリ",
            texts=("相談の一覧：アプリ（1件）", app_number),
            absent=("未完了すべて（2件）", bpr_number),
        )


def test_worksheet_is_saved_and_shown_in_the_details(ui: Ui) -> None:
    ui.open_conversation(PERSONAL_CHAT)
    with ui.step("BPR consultation + 所属 -> status card"):
        message, number = ui.new_consultation(BPR_TEXT, DEPARTMENT)
    card = ui.card_in(message)

    with ui.step("その他 -> As-Is/To-Be ワークシート -> the form replaces the card"):
        card.get_by_role("button", name="その他", exact=True).click()
        card.get_by_role("button", name="As-Is/To-Be ワークシート", exact=True).click()
        ui.wait_card(
            message,
            "the worksheet form in place of the status card",
            texts=(f"As-Is/To-Be ワークシート（{number}）",),
            buttons=("保存", "戻る"),
            absent=("状況",),
        )

    with ui.step("fill 現状の業務, 年間件数, 1件あたり時間 + 保存 -> status card with the notice"):
        card.get_by_label("現状の業務").fill("紙の申請書に押印し、窓口で目視確認している")
        card.get_by_label("年間件数").fill("2400")
        card.get_by_label("1件あたり時間（分）").fill("10")
        card.get_by_role("button", name="保存", exact=True).click()
        ui.wait_status_card(message, status="受付", number=number)
        ui.wait_card(message, "the status card with the saved notice", texts=("ワークシートを保存しました",))

    with ui.step("詳細 <number> -> details card with the worksheet and the history"):
        ui.send(f"詳細 {number}")
        reply = ui.wait_bot_reply(f"詳細 {number}", lambda m: m.has_card, "the details card")
        details = ui.wait_card(
            ui.message(reply.index),
            "the details card with the worksheet's facts and the history",
            texts=(f"相談 {number} の詳細", "As-Is/To-Be ワークシート", "やり取り", "履歴"),
            facts={
                "現状の業務": "紙の申請書に押印し、窓口で目視確認している",
                "年間件数": "2,400",
                "1件あたり時間（分）": "10",
                "年間の作業時間（計算）": "400時間",
            },
            buttons=("戻る",),
        )
        history = [value for _, value in details["facts"]]
        assert f"受付（{USER_NAME}）" in history, f"history lacks the creation: {details['facts']}"
        assert f"ワークシート保存（{USER_NAME}）" in history, f"history lacks the worksheet: {details['facts']}"


def test_intake_form_turns_into_the_status_card(ui: Ui) -> None:
    ui.open_conversation(PERSONAL_CHAT)
    with ui.step("新規 -> intake form"):
        ui.send("新規")
        reply = ui.wait_bot_reply("新規", lambda m: m.has_card, "the intake form after 新規")
        message = ui.message(reply.index)
        ui.wait_card(message, "the intake form", texts=("新規相談",), buttons=("送信",))

    title = "会議室予約のオンライン化"
    with ui.step("fill 件名/内容/所属 + 送信 -> the form becomes the status card"):
        card = ui.card_in(message)
        card.get_by_label("件名").fill(title)
        card.get_by_label("内容").fill(
            "会議室の予約を紙の台帳で管理しています。Teamsから予約できるアプリを作りたいです。"
        )
        card.get_by_label("所属").fill("管財課")
        card.get_by_role("button", name="送信", exact=True).click()
        ui.wait_status_card(message, status="受付", department="管財課", buttons=("担当する", "完了", "その他"))
        ui.wait_card(
            message, "the status card with the subject", texts=(title,), facts={"所属": "管財課"}, absent=("新規相談",)
        )
