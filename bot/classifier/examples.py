"""Labelled examples: `Example` (a text, its category and what else training and figures need) and how a JSON
object becomes one.  Reading the files is in `data`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.domain.category import Category
from bot.domain.scope import OUT_OF_SCOPE, Topic


@dataclass(frozen=True)
class Example:
    text: str
    label: Category
    tags: tuple[str, ...] | None = None  # None: not known, so the example does not train the sub-tags
    source: str = ""  # "seed", "extra", "correction": folds are stratified and figures reported per source
    group: str = ""  # difficulty or kind, for figures only
    weight: float = 1.0  # weight of the example in the training loss


@dataclass(frozen=True)
class ScopeExample:
    """A text for the scope gate: `topic` is None for a DX consultation (in scope)."""

    text: str
    topic: Topic | None
    source: str = ""


def is_out_of_scope(row: Mapping[str, Any]) -> bool:
    return row.get("label") == OUT_OF_SCOPE


def scope_example_from_row(row: Mapping[str, Any], *, source: str = "", where: str = "") -> ScopeExample:
    """A ScopeExample from an object with `text` and `label` (out_of_scope with a `topic`, or bpr / app)."""
    if not is_out_of_scope(row):
        return ScopeExample(example_from_row(row, where=where).text, None, source)
    text, topic = row.get("text"), row.get("topic")
    if not isinstance(text, str):
        raise ValueError(f"{where}: bad example: text is not a string")
    try:
        return ScopeExample(text, Topic(str(topic)), source)
    except ValueError as exc:
        raise ValueError(f"{where}: bad example: an out_of_scope row needs a topic ({', '.join(Topic)})") from exc


def example_from_row(row: Mapping[str, Any], *, source: str = "", where: str = "") -> Example:
    """An Example from an object with at least `text` and `label` ("bpr" / "app"; an out_of_scope row is read by
    `scope_example_from_row`)."""
    try:
        text, label = row["text"], Category(row["label"])
        if not isinstance(text, str):
            raise ValueError("text is not a string")
    except (KeyError, ValueError) as exc:
        raise ValueError(f"{where}: bad example: {exc!r}") from exc
    tags = row.get("tags")
    group = row.get("difficulty") or row.get("kind") or ""
    return Example(
        text,
        label,
        tuple(str(t) for t in tags) if isinstance(tags, list) else None,
        source,
        str(group),
    )
