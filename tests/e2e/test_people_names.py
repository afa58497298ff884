"""People by name in a real browser (personal chat, Japanese UI), through the playground (issue 12).

The current user 山田 花子 is in SUPPORT_TEAM_IDS by Entra object id only (scripts/playground.yml), so the bot knows
her name only from Teams (the activity's from.name). その他 → 担当者 offers her by name; once chosen, the card, 一覧,
検索 and the history in 詳細 show her name, and no card shows an id (GUID or 29:...).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Locator

    from tests.support.playground_ui import Ui

PERSONAL_CHAT = "Personal Chat"
USER_NAME = "山田 花子"  # currentUser in scripts/playground.yml
BPR_TEXT = (
    "申請書の押印を廃止して、決裁ルートを見直したいです。紙の申請が月200件あり、窓口で毎日手作業で確認しています。"
)
DEPARTMENT = "総務課"
ID_SHAPED = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\b\d{1,2}:[\w.@-]{6,}"
)


def no_ids(content: dict) -> None:
    """A card's texts, facts and buttons show no Entra object id (GUID) and no Teams id (29:...)."""
    shown = [*content["texts"], *content["buttons"], *(v for pair in content.get("facts", []) for v in pair)]
    ids = [m for text in shown for m in ID_SHAPED.findall(text)]
    assert ids == [], f"the card shows ids {ids}: {shown}"


def card_reply(ui: Ui, sent: str, what: str) -> Locator:
    ui.send(sent)
    return ui.message(ui.wait_bot_reply(sent, lambda m: m.has_card, what).index)


def test_the_assignee_is_shown_by_name_on_the_card_the_lists_and_the_history(ui: Ui) -> None:
    ui.open_conversation(PERSONAL_CHAT)
    with ui.step("consultation + 所属 -> status card"):
        message, number = ui.new_consultation(BPR_TEXT, DEPARTMENT)
    card = ui.card_in(message)

    with ui.step("その他 -> 担当者 offers the user by name (not the GUID) -> この人を担当にする"):
        card.get_by_role("button", name="その他", exact=True).click()
        ui.choose(card, "担当者", USER_NAME)
        card.get_by_role("button", name="この人を担当にする", exact=True).click()
        no_ids(ui.wait_card(message, "the card assigned by name", facts={"担当者": USER_NAME, "依頼者": USER_NAME}))

    with ui.step("一覧 -> the queue names the assignee"):
        queue = card_reply(ui, "一覧", "the queue card")
        content = ui.wait_card(queue, "the queue by name", texts=(number, f"・ {USER_NAME} ・"), facts={USER_NAME: "1"})
        no_ids(content)

    with ui.step("検索 押印 -> the result names the assignee"):
        found = card_reply(ui, "検索 押印", "the search results")
        no_ids(ui.wait_card(found, "the search result by name", texts=(number, f"・ {USER_NAME} ・")))

    with ui.step(f"詳細 {number} -> the history names who was assigned and who did it"):
        details = card_reply(ui, f"詳細 {number}", "the details card")
        content = ui.wait_card(details, "the details card", texts=(f"相談 {number} の詳細", "履歴"))
        history = [value for _, value in content["facts"]]
        assert f"担当 → {USER_NAME}（{USER_NAME}）" in history, f"the history: {content['facts']}"
        no_ids(content)
