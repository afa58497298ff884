"""What `consult train` and `consult eval` do (bot.cli parses the arguments and calls these).

`consult train` retrains on seed + extra examples (+ corrections) and writes a model that carries its version and
cross-validated figures.  It refuses (exit 1) a model whose accuracy on the seed data's cross-validation is lower
than that of the model it would replace (the shipped model when the output does not exist yet and the seed data is
the shipped one), unless forced.
The replaced model is kept beside the new one as `<name>-<version>.json`, for rollback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from bot.domain.category import Category
from bot.domain.classify import Classifier, refusal, save_model, seed_cv_accuracy, train
from bot.domain.classify_data import (
    Example,
    default_model_path,
    example_from_row,
    extra_data_path,
    read_examples,
    read_rows,
    seed_data_path,
)
from bot.domain.classify_metrics import ACCURACY_NOTE, format_report, grouped, label_figures, probability_figures

GROUP_FIELDS = ("kind", "difficulty", "split")


def _read_current(path: Path, err: TextIO) -> dict | None:
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"warning: the current model {path} cannot be read ({exc}); it is not compared", file=err)
        return None


def train_command(
    *,
    data: Path | None = None,
    extra: Path | None = None,
    no_extra: bool = False,
    corrections: Path | None = None,
    output: Path | None = None,
    force: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        examples = read_examples(data or seed_data_path(), source="seed")
        if not no_extra:
            examples += read_examples(extra or extra_data_path(), source="extra", split="train")
        fixes = read_examples(corrections, source="correction") if corrections else []
        report = train(examples, fixes)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=err)
        return 2
    path = output or default_model_path()
    # A first retrain to a new path is compared with the shipped model (when both use the shipped seed data).
    current = _read_current(path if path.exists() or data else default_model_path(), err)
    if (why := refusal(report.model, current)) is not None and not force:
        print(f"refused: {why}. Nothing was written; use --force to write it anyway.", file=err)
        return 1
    kept = None
    if path.exists() and current is not None and current.get("version") != report.model["version"]:
        kept = path.with_name(f"{path.stem}-{current.get('version') or 'previous'}{path.suffix}")
        if not kept.exists():
            kept.write_bytes(path.read_bytes())
    save_model(report.model, path)
    summary = {
        **report.summary(),
        "model": str(path),
        "seed_cv_accuracy": seed_cv_accuracy(report.model),
        "previous": None
        if current is None
        else {
            "version": current.get("version"),
            "seed_cv_accuracy": seed_cv_accuracy(current),
            "kept_as": str(kept) if kept else None,
        },
        "forced": bool(why and force),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=2), file=out)
    return 0


def evaluate(classifier: Classifier, rows: list[tuple[Example, dict]], group_fields: tuple[str, ...]) -> dict:
    """The figures `consult eval` prints, for (example, its JSON object) rows."""
    results = [classifier.classify(e.text) for e, _ in rows]
    truth = [e.label for e, _ in rows]
    pred = [r.label for r in results]
    abstained = [r.needs_triage for r in results]
    p_app = [r.confidence if r.label is Category.APP else 1.0 - r.confidence for r in results]
    groups = [
        {f: str(row[f]) for f in group_fields if isinstance(row.get(f), str | int | bool) and row.get(f) != ""}
        for _, row in rows
    ]
    return {
        **label_figures(truth, pred, abstained),
        **probability_figures(p_app, truth),
        "by_group": grouped(truth, pred, abstained, groups, group_fields),
        "model": {"version": classifier.version, "threshold": classifier.threshold},
        "note": ACCURACY_NOTE,
    }


def eval_command(
    file: Path,
    *,
    model: Path | None = None,
    threshold: float = 0.65,
    group_by: list[str] | None = None,
    as_json: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        rows = [(example_from_row(row, where=f"{file}:{n}"), row) for n, row in read_rows(file)]
        classifier = Classifier.load(model, threshold=threshold)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=err)
        return 2
    if not rows:
        print(f"error: {file} holds no examples", file=err)
        return 2
    result = evaluate(classifier, rows, tuple(group_by or GROUP_FIELDS))
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2), file=out)
    else:
        print(format_report(result), end="", file=out)
    return 0
