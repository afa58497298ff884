"""The 対象外 answer: where to go instead, what was sent (shown literally), and 「相談として登録する」.

The button is an Action.Submit (as the intake's question cards): it arrives as a message, so pressing it can start
the intake's questions (department …) like a message would. Its data carries the text, so nothing is lost; the
turned_away row's id makes the consultation's source id (one consultation, however often it is pressed); the
sender's id lets only the sender register it."""

from typing import Any

from bot.cards.elements import card, text_block, truncate, user_text_blocks
from bot.cards.verbs import Verb
from bot.domain.scope import Contacts, Desk, Topic, desk_of
from bot.texts import t

SHOWN_CHARS = 1_000  # of the text sent, on the card (the whole text travels in the button's data)


def where_to_go(topic: Topic, contacts: Contacts, locale: str) -> str:
    desk = desk_of(topic)
    if desk is Desk.HELPDESK:
        return t("scope.go.helpdesk", locale, contact=contacts.helpdesk)
    if desk is Desk.FACILITIES:
        return t("scope.go.facilities", locale, contact=contacts.facilities)
    if desk is Desk.PERSONNEL:
        return t("scope.go.personnel", locale, contact=contacts.personnel)
    return t("scope.desk_is_for", locale)


def register_data(turned_away_id: int, text: str, sender_id: str, personal: bool) -> dict[str, Any]:
    return {
        "verb": Verb.REGISTER_ANYWAY.value,
        "turned_away_id": turned_away_id,
        "text": text,
        "sender": sender_id,
        "personal": personal,
    }


def scope_card(topic: Topic, contacts: Contacts, text: str, data: dict[str, Any], locale: str = "ja") -> dict[str, Any]:
    """The answer to a message that is not a DX consultation, with the button that registers it after all."""
    body = [
        text_block(t("scope.heading", locale), weight="Bolder"),
        text_block(where_to_go(topic, contacts, locale)),
    ]
    if desk_of(topic) is not Desk.NONE:
        body.append(text_block(t("scope.desk_is_for", locale), isSubtle=True))
    body.append(text_block(t("scope.your_text", locale), spacing="Medium", size="Small", isSubtle=True))
    body += user_text_blocks(truncate(text, SHOWN_CHARS), size="Small")
    body.append(text_block(t("scope.offer", locale), spacing="Medium"))
    actions: list[dict[str, Any]] = [{"type": "Action.Submit", "title": t("scope.register", locale), "data": data}]
    if contacts.helpdesk_url and desk_of(topic) is Desk.HELPDESK:
        link = t("scope.helpdesk_link", locale)
        actions.append({"type": "Action.OpenUrl", "title": link, "url": contacts.helpdesk_url})
    return card(body, actions)


def done_card(key: str, locale: str = "ja", **params: object) -> dict[str, Any]:
    """What replaces the 対象外 card once its button was pressed (no button left to press again)."""
    return card([text_block(t(key, locale, **params), weight="Bolder")])
