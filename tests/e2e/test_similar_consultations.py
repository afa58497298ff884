"""「類似の相談」 in a real browser (personal chat, Japanese UI), through the playground.

The current user 山田 花子 is in SUPPORT_TEAM_IDS, so the cards in the 1:1 chat show the support team's view.
A first consultation is completed with a resolution; a second one, asking for the same improvement in other words
(判子 and 回覧 instead of 押印 and 決裁), shows the first in its 「類似の相談」 section with the resolution, and 開く
opens the first one's record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

pytestmark = pytest.mark.lean_matrix  # on botbuilder; the integration tests cover both hosts (tests/conftest.py)

if TYPE_CHECKING:
    from tests.support.playground_ui import Ui

PERSONAL_CHAT = "Personal Chat"
FIRST = "申請書の押印を廃止して、決裁ルートを見直したいです。紙の申請が月200件あり、窓口で毎日手作業で確認しています。"
LATER = "届出の様式に判子を押す欄が残っていて、上司の判をもらう紙の回覧に時間がかかります。やめられないでしょうか。"
RESOLUTION = "押印欄を削除し、決裁を電子化しました"
DEPARTMENT = "総務課"


def test_a_new_card_shows_a_similar_completed_consultation_and_opens_it(ui: Ui) -> None:
    ui.open_conversation(PERSONAL_CHAT)
    with ui.step("first consultation + 所属 -> status card, completed with a resolution"):
        first_message, first = ui.new_consultation(FIRST, DEPARTMENT)
        card = ui.card_in(first_message)
        card.get_by_role("button", name="完了", exact=True).click()
        card.get_by_label("解決内容（必須）").fill(RESOLUTION)
        card.get_by_role("button", name="完了にする", exact=True).click()
        ui.wait_status_card(first_message, status="完了", number=first, buttons=("再開",))

    with ui.step("the same improvement in other words -> 類似の相談 on the new card"):
        message, number = ui.new_consultation(LATER)  # the department is remembered
        assert number != first
        ui.wait_card(
            message,
            "the new card to show the completed one under 類似の相談",
            texts=(f"相談 {number}", "類似の相談", f"{first} ", RESOLUTION),
            facts={"解決内容": RESOLUTION, "状況": "完了"},
            buttons=("開く", "担当する"),
        )

    with ui.step("開く -> the first consultation's record replaces the card"):
        ui.card_in(message).get_by_role("button", name="開く", exact=True).click()
        ui.wait_card(
            message,
            "the details of the similar consultation",
            texts=(f"相談 {first} の詳細", FIRST[:20]),
            facts={"解決内容": RESOLUTION},
            buttons=("戻る",),
        )
