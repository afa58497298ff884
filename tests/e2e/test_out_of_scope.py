"""対象外 in a real browser (personal chat, Japanese UI), through the playground (issue 13):
- a message that is not a DX consultation (PC trouble) is answered with the 対象外 card: where to go instead, the
  text sent, and 「相談として登録する」; nothing is created;
- pressing 「相談として登録する」 runs the normal intake: the 所属 question, then the status card of the new
  consultation, whose text is the message that was turned away;
- a greeting is told what the desk is for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

pytestmark = pytest.mark.lean_matrix  # on botbuilder; the integration tests cover both hosts (tests/conftest.py)

if TYPE_CHECKING:
    from tests.support.playground_ui import Ui

PERSONAL_CHAT = "Personal Chat"
PC_TROUBLE = "パソコンが起動しません。電源ボタンを押しても画面が真っ暗なままです。"


def test_pc_trouble_gets_the_helpdesk_and_the_button_registers_it(ui: Ui) -> None:
    ui.open_conversation(PERSONAL_CHAT)
    with ui.step("PC trouble -> the 対象外 card with the helpdesk and 相談として登録する"):
        ui.send(PC_TROUBLE)
        reply = ui.wait_bot_reply(PC_TROUBLE, lambda m: m.has_card, "the 対象外 card")
        answer = ui.message(reply.index)
        ui.wait_card(
            answer,
            "the 対象外 answer",
            texts=("このご用件は、DX相談窓口の対象外のようです", "ヘルプデスクにお問い合わせください", PC_TROUBLE),
            buttons=("相談として登録する",),
        )

    with ui.step("相談として登録する -> the 所属 question"):
        ui.card_in(answer).get_by_role("button", name="相談として登録する", exact=True).click()
        ui.wait_for(
            lambda: next((m for m in ui.chat_messages()[reply.index + 1 :] if "所属" in m.text), None),
            "the department question (所属) after the button",
        )

    with ui.step("総務課 -> the status card of the registered consultation"):
        ui.send("総務課")
        status = ui.wait_bot_reply("総務課", lambda m: m.has_card, "the status card")
        message = ui.message(status.index)
        ui.wait_status_card(message, status="受付", department="総務課")
        ui.wait_card(message, "the consultation's text", texts=("パソコンが起動しません",))


def test_a_greeting_is_told_what_the_desk_is_for(ui: Ui) -> None:
    ui.open_conversation(PERSONAL_CHAT)
    with ui.step("こんにちは -> what the desk is for"):
        ui.send("こんにちは")
        ui.wait_bot_reply("こんにちは", lambda m: "DX推進の相談窓口ボットです" in m.text, "the desk's introduction")
