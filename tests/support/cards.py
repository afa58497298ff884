"""Adaptive Cards as tests look at them: what a user sees (the text of TextBlocks and FactSets, the actions offered),
every node of a card (`walk`), and the element and action types Teams renders (`ELEMENTS`, `ACTIONS`)."""

from collections.abc import Iterator
from typing import Any

# The Adaptive Card 1.5 elements Teams renders, and the actions it supports.
ELEMENTS = {
    "TextBlock",
    "FactSet",
    "Container",
    "ColumnSet",
    "Column",
    "Image",
    "ActionSet",
    "RichTextBlock",
    "TextRun",
    "Input.Text",
    "Input.Date",
    "Input.Time",
    "Input.Number",
    "Input.Toggle",
    "Input.ChoiceSet",
    "Table",
    "TableRow",
    "TableCell",
}
ACTIONS = {"Action.Execute", "Action.Submit", "Action.OpenUrl", "Action.ShowCard", "Action.ToggleVisibility"}


def walk(node: Any) -> Iterator[dict]:
    """Every dict in `node` (a card or any part of it), depth first, `node` itself first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk(item)


def visible_text(card: dict) -> str:
    parts = []
    for node in walk(card.get("body", [])):
        if node.get("type") == "TextBlock":
            parts.append(node["text"])
        elif node.get("type") == "FactSet":
            parts.extend(f"{f['title']}: {f['value']}" for f in node["facts"])
    return "\n".join(parts)


def action_titles(card: dict) -> list[str]:
    return [a["title"] for a in card.get("actions", [])]


def action_verbs(card: dict) -> list[str]:
    return [a.get("verb", "") for a in card.get("actions", [])]
