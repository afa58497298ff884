"""The classifier's file I/O: where the shipped data and model live, reading labelled JSON Lines and model files,
writing a model file atomically (a running bot that watches the file never reads half of one)."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.classifier.examples import (
    Example,
    ScopeExample,
    example_from_row,
    is_out_of_scope,
    scope_example_from_row,
)
from bot.classifier.model import canonical

_DATA = Path(__file__).resolve().parent.parent / "data"


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


def regression_data_path() -> Path:
    """Requests written the way staff write them (押印, 決裁, 紙, 窓口 → bpr; Power Apps, フロー, Forms, SharePoint
    リスト → app; field `topic`), all with "split": "regression": never trained on.  The shipped model must get every
    one right and confident (tests/classifier/test_regression_set.py); `consult eval` measures any model on it."""
    return _DATA / "regression_examples.jsonl"


def scope_data_path() -> Path:
    """Messages that are not a DX consultation (label out_of_scope, field topic) and near misses that are (bpr /
    app: 「パスワード再発行の申請をFormsで受け付けたい」), kind "out" or "near_miss"; rows with "split": "holdout" are
    never trained on (tests/classifier/test_scope_quality.py measures the shipped model on them)."""
    return _DATA / "scope_examples.jsonl"


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, object) of a JSON Lines file; blank lines are skipped."""
    out: list[tuple[int, dict[str, Any]]] = []
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


def read_examples(path: Path, *, source: str = "", split: str | None = None) -> list[Example]:
    """Read JSON Lines with at least `text` and `label`; with `split`, only rows whose "split" (default
    "train") equals it. Rows labelled out_of_scope are the scope gate's (`read_scope_examples`): skipped here."""
    return [
        example_from_row(row, source=source, where=f"{path}:{n}")
        for n, row in read_rows(path)
        if (split is None or row.get("split", "train") == split) and not is_out_of_scope(row)
    ]


def training_examples() -> list[Example]:
    """What `consult train` trains on by default: the seed data, then the extra examples' training split."""
    return read_examples(seed_data_path(), source="seed") + read_examples(
        extra_data_path(), source="extra", split="train"
    )


def read_scope_examples(path: Path, *, source: str = "", split: str | None = None) -> list[ScopeExample]:
    """The scope gate's examples of a JSON Lines file (label out_of_scope with a topic, or bpr / app), optionally
    only one split."""
    return [
        scope_example_from_row(row, source=source, where=f"{path}:{n}")
        for n, row in read_rows(path)
        if split is None or row.get("split", "train") == split
    ]


def scope_training_examples(*, extra: Path | None = None, scope: Path | None = None) -> list[ScopeExample]:
    """What the gate trains on by default: the extra examples' training split (in scope) and the scope examples'
    training split. The seed data is left out, so all 240 seed requests measure the gate on unseen text."""
    inside = [ScopeExample(e.text, None, "extra") for e in read_examples(extra or extra_data_path(), split="train")]
    return inside + read_scope_examples(scope or scope_data_path(), source="scope", split="train")


def read_model(path: Path | str | None = None) -> dict[str, Any]:
    """The JSON object of a model file (default: the shipped model); OSError or ValueError if it cannot be read or
    holds something else than an object.  Its content is not checked here: see `Classifier`."""
    path = default_model_path() if path is None else Path(path)
    model = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(model, dict):
        raise ValueError(f"{path}: not a JSON object")
    return model


def save_model(model: Mapping[str, Any], path: Path) -> None:
    """Deterministic JSON (sorted keys, compact, floats as stored, UTF-8, trailing newline), written atomically."""
    path = Path(path)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644  # mkstemp would leave 0600
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(canonical(model) + "\n")
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def keep_copy(path: Path, version: str) -> Path:
    """Copy a model file to `<name>-<version><suffix>` beside it (unless that copy exists already); its path."""
    kept = path.with_name(f"{path.stem}-{version}{path.suffix}")
    if not kept.exists():
        kept.write_bytes(path.read_bytes())
    return kept
