"""Labelled examples for the classifier: the JSON Lines files shipped with the bot and how they are read."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from bot.domain.category import Category

_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Example:
    text: str
    label: Category
    tags: tuple[str, ...] | None = None  # None: not known, so the example does not train the sub-tags
    source: str = ""  # "seed", "extra", "correction": folds are stratified and figures reported per source
    group: str = ""  # difficulty or kind, for figures only
    weight: float = 1.0  # weight of the example in the training loss


def default_model_path() -> Path:
    return _DATA / "classifier_model.json"


def seed_data_path() -> Path:
    """The 240 labelled development examples (id, text, department, label, tags, difficulty)."""
    return _DATA / "consultations_seed.jsonl"


def extra_data_path() -> Path:
    """Examples written for the weak kinds of message (kind: short, greeting, noisy, indirect, borderline).

    Rows with "split": "holdout" are never trained on: they measure the shipped model on unseen text.
    """
    return _DATA / "extra_examples.jsonl"


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """(line number, object) of a JSON Lines file; blank lines are skipped."""
    out = []
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except ValueError as exc:
                    raise ValueError(f"{path}:{n}: not JSON: {exc}") from exc
                if not isinstance(row, dict):
                    raise ValueError(f"{path}:{n}: not a JSON object")
                out.append((n, row))
    return out


def example_from_row(row: dict, *, source: str = "", where: str = "") -> Example:
    """An Example from an object with at least `text` and `label` ("bpr" / "app")."""
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


def read_examples(path: Path, *, source: str = "", split: str | None = None) -> list[Example]:
    """Read JSON Lines with at least `text` and `label`; with `split`, only rows whose "split" (default
    "train") equals it."""
    return [
        example_from_row(row, source=source, where=f"{path}:{n}")
        for n, row in read_rows(path)
        if split is None or row.get("split", "train") == split
    ]


def training_examples() -> list[Example]:
    """What `consult train` trains on by default: the seed data, then the extra examples' training split."""
    return read_examples(seed_data_path(), source="seed") + read_examples(
        extra_data_path(), source="extra", split="train"
    )
