"""What a user sees on a card: the text of TextBlocks and FactSets, and the actions offered."""

from typing import Any


def _walk(node: Any):  # type: ignore[no-untyped-def]
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def visible_text(card: dict) -> str:
    parts = []
    for node in _walk(card.get("body", [])):
        if node.get("type") == "TextBlock":
            parts.append(node["text"])
        elif node.get("type") == "FactSet":
            parts.extend(f"{f['title']}: {f['value']}" for f in node["facts"])
    return "\n".join(parts)


def action_titles(card: dict) -> list[str]:
    return [a["title"] for a in card.get("actions", [])]


def action_verbs(card: dict) -> list[str]:
    return [a.get("verb", "") for a in card.get("actions", [])]
