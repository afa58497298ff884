"""Adaptive Cards as tests look at them: what a user sees (the text of TextBlocks and FactSets, the actions offered),
every node of a card (`walk`), and the element and action types Teams renders (`ELEMENTS`, `ACTIONS`)."""

import re
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
    """The text of every TextBlock and fact (`title: value`), one per line, as Teams shows it (`as_shown`)."""
    parts = []
    for node in walk(card.get("body", [])):
        if node.get("type") == "TextBlock":
            parts.append(as_shown(node["text"]))
        elif node.get("type") == "FactSet":
            parts.extend(f"{as_shown(f['title'])}: {as_shown(f['value'])}" for f in node["facts"])
    return "\n".join(parts)


# A model of what Teams makes of TextBlock and fact text (markdown, the subset Teams documents, plus what its
# renderer also does): a backslash before ASCII punctuation shows that character; unescaped *, _ and ~ are
# emphasis and vanish; [text](url) shows `text` as a link; <tags> (<at>, <script>) vanish; a line starting with
# a list marker (-, +, *, 1.), # or > loses it; two spaces before a line break keep the break, a lone line break
# is a space; {{DATE(...)}} shows a date; no-break spaces read as spaces.
_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_LINE_MARKUP = re.compile(r"^[ \t]*(?:[-+*][ \t]+|\d+[.)][ \t]+|#+[ \t]+|>[ \t]*)", re.MULTILINE)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_DATE = re.compile(r"\{\{(?:DATE|TIME)\([^)]*\)\}\}")
_ESCAPED = "\x00"  # stands for "the next character was escaped" while markup is resolved


def as_shown(text: str) -> str:
    """What a Teams user reads for `text` in a TextBlock or a FactSet (see above)."""
    hidden: list[str] = []

    def protect(ch: str) -> str:
        hidden.append(ch)
        return f"{_ESCAPED}{len(hidden) - 1}{_ESCAPED}"

    out, i = [], 0
    while i < len(text):  # escapes first: what they protect is no markup
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in _PUNCTUATION:
            out.append(protect(text[i + 1]))
            i += 2
        else:
            out.append(text[i])
            i += 1
    shown = "".join(out)
    shown = _DATE.sub("(a date)", shown)
    shown = _LINE_MARKUP.sub("", shown)
    shown = _LINK.sub(r"\1", shown)
    shown = _TAG.sub("", shown)
    shown = re.sub(r"[*_~]", "", shown)
    shown = re.sub(r" {2,}\n", "\u2028", shown).replace("\n", " ").replace("\u2028", "\n")
    shown = shown.replace("\u00a0", " ")
    return re.sub(f"{_ESCAPED}(\\d+){_ESCAPED}", lambda m: hidden[int(m.group(1))], shown)


def action_titles(card: dict) -> list[str]:
    return [a["title"] for a in card.get("actions", [])]


def action_verbs(card: dict) -> list[str]:
    return [a.get("verb", "") for a in card.get("actions", [])]
