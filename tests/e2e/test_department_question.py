"""The 所属 question and the intake form's 所属 in a real browser (personal chat, Japanese UI), through the playground
(issue 12):
- with a department master (部署 追加 …), the 所属 question is a card with a typeahead picker: typing part of a name
  and picking it, then 送信, answers it;
- a consultation sent where the department was asked for is not taken as the department: the bot says it kept it,
  and the department given next creates both;
- the intake form's 所属 is prefilled with the remembered department, and changing it is confirmed on the card.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Locator

    from tests.support.playground_ui import ChatMessage, Ui

PERSONAL_CHAT = "Personal Chat"
BPR_TEXT = (
    "申請書の押印を廃止して、決裁ルートを見直したいです。紙の申請が月200件あり、窓口で毎日手作業で確認しています。"
)
APP_TEXT = "Power Appsで備品の貸出管理アプリを作りたいです。今は紙の台帳で、貸出状況が分かりません。"
DEPARTMENT = "総務課"


def bot_cards_after(ui: Ui, index: int, count: int, what: str) -> list[ChatMessage]:
    """The first `count` bot messages with a card after the chat message at `index`."""

    def probe() -> list[ChatMessage] | None:
        cards = [m for m in ui.chat_messages()[index + 1 :] if m.from_bot and m.has_card]
        return cards[:count] if len(cards) >= count else None

    return ui.wait_for(probe, what)


def card_reply(ui: Ui, sent: str, what: str) -> Locator:
    ui.send(sent)
    return ui.message(ui.wait_bot_reply(sent, lambda m: m.has_card, what).index)


def test_the_department_question_is_a_typeahead_picker_when_there_is_a_master(ui: Ui) -> None:
    ui.open_conversation(PERSONAL_CHAT)
    with ui.step("部署 追加 -> the department master"):
        ui.send("部署 追加 市民課 情報政策課 税務課")
        ui.wait_bot_reply("部署 追加", lambda m: "3件の部署を登録しました" in m.text, "the departments added")

    with ui.step("consultation -> the 所属 question as a card with a picker"):
        ui.send(BPR_TEXT)
        reply = ui.wait_bot_reply(BPR_TEXT, lambda m: m.has_card and "所属" in m.text, "the 所属 question card")
        question = ui.message(reply.index)
        ui.wait_card(question, "the 所属 question", texts=("所属の課・部署名を教えてください",), buttons=("送信",))

    with ui.step("type 市民 in the picker, pick 市民課, 送信 -> the status card"):
        box = ui.card_in(question).get_by_role("combobox", name="所属")
        box.click()
        ui.page.keyboard.type("市民")
        ui.page.get_by_role("option", name="市民課", exact=True).click()
        ui.wait_for(lambda: box.input_value() == "市民課", "the picker to show 市民課")
        ui.card_in(question).get_by_role("button", name="送信", exact=True).click()
        [status] = bot_cards_after(ui, reply.index, 1, "the status card after the picked department")
        ui.wait_status_card(ui.message(status.index), status="受付", department="市民課")


def test_a_consultation_sent_for_the_department_is_kept_and_created_with_the_first(ui: Ui) -> None:
    ui.open_conversation(PERSONAL_CHAT)
    with ui.step("consultation -> asks 所属"):
        ui.send(BPR_TEXT)
        ui.wait_bot_reply(BPR_TEXT, lambda m: not m.has_card and "所属" in m.text, "the department question (所属)")

    with ui.step("another consultation instead of the department -> kept, asked again"):
        ui.send(APP_TEXT)
        ui.wait_bot_reply(
            APP_TEXT, lambda m: "新しいご相談としてお預かりしました" in m.text and "2件" in m.text, "the bot keeping it"
        )
        ui.wait_bot_reply(APP_TEXT, lambda m: "所属の課・部署名を教えてください" in m.text, "the question again")

    with ui.step(f"{DEPARTMENT} -> both consultations, with that department"):
        ui.send(DEPARTMENT)
        mine = ui.wait_for(
            lambda: [m.index for m in ui.chat_messages() if not m.from_bot and m.text.strip().endswith(DEPARTMENT)],
            f"the message {DEPARTMENT} in the chat",
        )
        first, second = bot_cards_after(ui, mine[-1], 2, "two status cards")
        one = ui.wait_status_card(ui.message(first.index), status="受付", category="業務改善", department=DEPARTMENT)
        two = ui.wait_status_card(ui.message(second.index), status="受付", category="アプリ", department=DEPARTMENT)
        assert (one, two) == ("R8-0001", "R8-0002")


def test_the_form_is_prefilled_and_a_changed_department_is_confirmed(ui: Ui) -> None:
    ui.open_conversation(PERSONAL_CHAT)
    with ui.step("a first consultation remembers 総務課"):
        ui.new_consultation(BPR_TEXT, DEPARTMENT)

    with ui.step("新規 -> the form with 所属 総務課"):
        form = card_reply(ui, "新規", "the intake form")
        card = ui.card_in(form)
        department = card.get_by_label("所属")
        ui.wait_for(lambda: department.input_value() == DEPARTMENT, "所属 prefilled with 総務課")

    with ui.step("内容 + 所属 市民課 + 送信 -> the status card confirms the change"):
        card.get_by_label("内容").fill(APP_TEXT)
        department.fill("市民課")
        card.get_by_role("button", name="送信", exact=True).click()
        ui.wait_status_card(form, status="受付", department="市民課")
        ui.wait_card(form, "the change confirmed on the card", texts=("所属を市民課に更新しました",))
