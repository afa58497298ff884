"""Small Adaptive Card element builders shared by every card family (schema 1.5, as Teams supports)."""

from typing import Any

CARD_VERSION = "1.5"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
MAX_CARD_BYTES = 80_000  # Teams rejects messages over ~100 KB; stay well under


def card(
    body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None, *, refresh: dict[str, Any] | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {"$schema": CARD_SCHEMA, "type": "AdaptiveCard", "version": CARD_VERSION, "body": body}
    if actions:
        out["actions"] = actions
    if refresh:
        out["refresh"] = refresh
    out["msteams"] = {"width": "Full"}
    return out


def text_block(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def fact_set(facts: list[tuple[str, str]]) -> dict[str, Any]:
    return {"type": "FactSet", "facts": [{"title": title, "value": value} for title, value in facts]}


def container(items: list[dict[str, Any]], **style: Any) -> dict[str, Any]:
    return {"type": "Container", "items": items, **style}


def execute(title: str, verb: str, data: dict[str, Any] | None = None, **style: Any) -> dict[str, Any]:
    """Action.Execute (Universal Actions) with an Action.Submit fallback for older clients."""
    payload = dict(data or {})
    return {
        "type": "Action.Execute",
        "title": title,
        "verb": verb,
        "data": payload,
        "fallback": {"type": "Action.Submit", "title": title, "data": {"verb": verb, **payload}},
        **style,
    }


def refresh(verb: str, data: dict[str, Any], user_ids: list[str] | None = None) -> dict[str, Any]:
    """`userIds: []` disables automatic refresh but keeps the manual "Refresh card" menu item."""
    return {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "userIds": user_ids or []}


def text_input(
    input_id: str,
    label: str,
    *,
    value: str = "",
    placeholder: str = "",
    multiline: bool = False,
    max_length: int | None = None,
    required: bool = False,
    error: str = "",
) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "Input.Text", "id": input_id, "label": label, "isMultiline": multiline}
    if value:
        out["value"] = value
    if placeholder:
        out["placeholder"] = placeholder
    if max_length:
        out["maxLength"] = max_length
    if required:
        out["isRequired"] = True
        out["errorMessage"] = error or label
    return out


def date_input(input_id: str, label: str, *, value: str = "") -> dict[str, Any]:
    out = {"type": "Input.Date", "id": input_id, "label": label}
    if value:
        out["value"] = value
    return out


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def show_card(title: str, body: list[dict[str, Any]], actions: list[dict[str, Any]]) -> dict[str, Any]:
    """Action.ShowCard: a small form that opens under the card (inputs go with its Action.Execute)."""
    return {
        "type": "Action.ShowCard",
        "title": title,
        "card": {"type": "AdaptiveCard", "body": body, "actions": actions},
    }


def choice_input(input_id: str, label: str, choices: list[tuple[str, str]], *, value: str = "") -> dict[str, Any]:
    """A compact drop-down; `choices` are (title, value)."""
    out = {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "style": "compact",
        "choices": [{"title": title, "value": val} for title, val in choices],
    }
    if value:
        out["value"] = value
    return out


def number_input(input_id: str, label: str, *, value: float | None = None, minimum: float = 0) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "Input.Number", "id": input_id, "label": label, "min": minimum}
    if value is not None:
        out["value"] = value
    return out


def action_set(actions: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "ActionSet", "actions": actions}
