"""Small Adaptive Card element builders shared by every card family (schema 1.5, as Teams supports)."""

import json
import re
import unicodedata
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


# What people type is shown as typed. Teams runs TextBlock and FactSet text through markdown (bold, italic, links,
# lists, `<at>` tags) and the card's {{DATE()}} functions; a backslash before ASCII punctuation makes markdown
# (CommonMark) show that character literally, so `user_text` escapes every character that could start markup.
_MARKUP = re.compile(r"[\\`*_{}\[\]()<>#|~$&!]")
_LINE_MARKER = re.compile(r"^(\u00a0*)(?:(\d+)([.)])|([-+=]))", re.MULTILINE)  # list items, setext underlines
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)  # four spaces would make a code block
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029]")


def user_text(text: str) -> str:
    """Text a person typed (a title, a body, a note, a name, a department, a search), for a TextBlock or a FactSet:
    Teams shows exactly the characters typed. Line breaks stay line breaks (markdown would fold a lone one into a
    space), leading indentation stays (as no-break spaces). Not for inputs, choices or button titles, which Teams
    shows as they are."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _MARKUP.sub(r"\\\g<0>", text)
    text = _INDENT.sub(lambda m: "\u00a0" * len(m.group().expandtabs(4)), text)
    text = _LINE_MARKER.sub(_escape_marker, text)
    return text.replace("\n", "  \n")


def _escape_marker(m: re.Match[str]) -> str:
    indent, digits, dot, sign = m.groups()
    return f"{indent}{digits}\\{dot}" if digits else f"{indent}\\{sign}"


def user_text_blocks(text: str, *, chunk: int = 1000, **style: Any) -> list[dict[str, Any]]:
    """Long user text as several TextBlocks of at most `chunk` characters each (cut at line ends where it can be,
    never inside a character sequence such as an emoji), so that a card can be split between two of them."""
    return [text_block(user_text(part), **style) for part in split_text(text, chunk)]


def split_text(text: str, chunk: int) -> list[str]:
    """`text` in pieces of at most `chunk` characters, cut at a line end where one is near, else after a sentence
    end, a comma or a space, else where no character sequence is split. Nothing is lost but the line breaks cut at."""
    text = _LINE_BREAKS.sub("\n", text)
    parts: list[str] = []
    while len(text) > chunk:
        window = text[: chunk + 1]
        cut = window.rfind("\n")
        if cut > chunk // 2:
            parts.append(text[:cut])
            text = text[cut + 1 :]
            continue
        ends = [window.rfind(mark, 0, chunk) for mark in ("。", "．", ". ", "！", "？", "、", " ", "，")]
        cut = max(ends) + 1
        cut = safe_cut(text, cut if cut > chunk // 2 else chunk)
        parts.append(text[:cut])
        text = text[cut:]
    if text:
        parts.append(text)
    return parts


def safe_cut(text: str, at: int) -> int:
    """A cut position at or before `at` that does not split a character sequence (combining marks, variation
    selectors, skin tones, zero-width joiners, keycaps, flags), so nothing is shown broken on either side."""
    at = cut = min(at, len(text))
    while 0 < cut < len(text) and _joins(text[cut - 1], text[cut]):
        cut -= 1
    return cut or at  # one sequence longer than a piece: cut it where asked


def _joins(before: str, after: str) -> bool:
    if before == "\u200d" or after == "\u200d":
        return True
    if unicodedata.category(after) in ("Mn", "Me", "Mc", "Sk") and not after.isascii():
        return True  # combining marks, keycap, emoji skin tones
    if "\ufe00" <= after <= "\ufe0f" or "\U000e0100" <= after <= "\U000e01ef" or "\U000e0020" <= after <= "\U000e007f":
        return True  # variation selectors (also the ideographic ones of Japanese names), emoji tag sequences
    return _is_regional(before) and _is_regional(after)


def _is_regional(ch: str) -> bool:
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def utf16_size(node: Any) -> int:
    """How many bytes `node` takes as JSON in UTF-16, the measure of Teams' message size limit."""
    return len(json.dumps(node, ensure_ascii=False).encode("utf-16-le"))


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
