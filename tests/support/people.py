"""People in tests about names: ids shaped as Teams and Entra give them (GUIDs, 29:...), and a scan of everything a
card shows for such ids (cards must show people by name, never by id)."""

import re
from collections.abc import Iterator
from typing import Any

from bot.domain.consultation import Person
from tests.support.cards import walk

# Anything id-shaped in shown text: an Entra object id (GUID) or a Teams / Bot Framework id (29:..., 28:..., 8:orgid:...).
ID_IN_TEXT = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\b\d{1,2}:[\w.@-]{6,}"
)

# Keys whose strings a card shows (data, ids, values of choices, verbs and refresh user ids are not shown).
_SHOWN = ("text", "title", "label", "placeholder", "errorMessage", "altText", "fallbackText")


def guid(n: int) -> str:
    return f"00000000-0000-0000-0000-{n:012d}"


SATO = Person(guid(21), "佐藤 一郎", "29:1sato-teams-id")  # a support-team member
SUZUKI = Person(guid(22), "鈴木 次郎", "29:1suzuki-teams-id")  # another
YAMADA = Person(guid(20), "山田 花子", "29:1yamada-teams-id")  # a requester


def shown_strings(card: dict | None) -> Iterator[str]:
    """Every string of the card a user can see: texts, fact titles and values, labels, choice and button titles."""
    assert card is not None, "no card"
    for node in walk(card):
        for key in _SHOWN:
            value = node.get(key)
            if isinstance(value, str):
                yield value
        if node.get("type") == "FactSet":
            for fact in node.get("facts", []):
                yield fact.get("value", "")
        if node.get("type") == "Input.Text" and isinstance(node.get("value"), str):  # a choice's value is not shown
            yield node["value"]


def ids_shown(*cards: dict[str, Any] | None) -> list[str]:
    """The id-shaped strings the cards show (empty when every person is shown by name)."""
    return [match for card in cards for text in shown_strings(card) for match in ID_IN_TEXT.findall(text)]
