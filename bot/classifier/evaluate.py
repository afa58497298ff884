"""Measuring a classifier on labelled examples: the figures of `consult eval` (as a dict) and nested
cross-validation of the whole training procedure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypedDict

from bot.classifier.data import read_rows
from bot.classifier.examples import Example, example_from_row, is_out_of_scope, scope_example_from_row
from bot.classifier.fit import assign_folds
from bot.classifier.metrics import (
    ACCURACY_NOTE,
    Figures,
    LabelFigures,
    ProbabilityFigures,
    Reliability,
    grouped,
    label_figures,
    probability_figures,
    reliability,
)
from bot.classifier.model import DEFAULT_THRESHOLD
from bot.classifier.predict import Classifier
from bot.classifier.train import train
from bot.domain.category import Category
from bot.domain.classification import Classification
from bot.domain.scope import OUT_OF_SCOPE

GROUP_FIELDS = ("kind", "difficulty", "split")


class ModelInfo(TypedDict):
    version: str
    threshold: float


class Evaluation(Figures):
    """What `evaluate` gives: the figures of all rows, the same per group, the model measured and a note."""

    reliability: Reliability
    by_group: dict[str, dict[str, LabelFigures]]  # field -> value -> figures of the rows with that value
    model: ModelInfo
    note: str


def evaluate(
    classifier: Classifier, rows: Sequence[tuple[Example, Mapping[str, Any]]], group_fields: tuple[str, ...]
) -> Evaluation:
    """The figures `consult eval` prints, for (example, its JSON object) rows."""
    results = [classifier.classify(e.text) for e, _ in rows]
    truth = [OUT_OF_SCOPE if is_out_of_scope(row) else str(e.label) for e, row in rows]
    pred = [OUT_OF_SCOPE if r.out_of_scope is not None else str(r.label) for r in results]
    abstained = [r.needs_triage and r.out_of_scope is None for r in results]
    # Probabilities of "app" are figures of the BPR/app decision: measured on the in-scope rows only.
    inside = [(r, e.label) for r, (e, row) in zip(results, rows, strict=True) if not is_out_of_scope(row)]
    p_app = [r.confidence if r.label is Category.APP else 1.0 - r.confidence for r, _ in inside]
    in_truth = [label for _, label in inside]
    groups = [
        {f: str(row[f]) for f in group_fields if isinstance(row.get(f), str | int | bool) and row.get(f) != ""}
        for _, row in rows
    ]
    probabilities = probability_figures(p_app, in_truth) if inside else NO_PROBABILITIES
    return {
        **label_figures(truth, pred, abstained),
        **probabilities,
        "reliability": reliability(p_app, in_truth),
        "by_group": grouped(truth, pred, abstained, groups, group_fields),
        "model": {"version": classifier.version, "threshold": classifier.threshold},
        "note": ACCURACY_NOTE,
    }


NO_PROBABILITIES: ProbabilityFigures = {"log_loss": 0.0, "brier": 0.0, "mean_confidence": 0.0}


def _example(row: Mapping[str, Any], where: str) -> Example:
    """An in-scope row as an Example; an out_of_scope row (checked as the scope gate reads it) as a placeholder
    Example whose label is never read."""
    if is_out_of_scope(row):
        return Example(scope_example_from_row(row, where=where).text, Category.BPR)
    return example_from_row(row, where=where)


def evaluate_file(
    file: Path,
    *,
    model: Path | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    group_by: Sequence[str] | None = None,
) -> Evaluation:
    """`evaluate` of the model file `model` (default: the shipped one) on a labelled JSON Lines file, grouped by
    `group_by` (default GROUP_FIELDS).  OSError or ValueError when a file cannot be read or holds no examples."""
    rows = [(_example(row, f"{file}:{n}"), row) for n, row in read_rows(file)]
    classifier = Classifier.load(model, threshold=threshold)
    if not rows:
        raise ValueError(f"{file} holds no examples")
    return evaluate(classifier, rows, tuple(group_by or GROUP_FIELDS))


def cross_validate(
    examples: Sequence[Example], k: int = 5, *, extra: Sequence[Example] = (), threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[Category, Classification]]:
    """Nested k-fold CV of the whole `train` procedure on `examples` (each fold's model also trains on `extra`);
    returns (true label, prediction) in input order."""
    examples = list(examples)
    fold = assign_folds([e.text for e in examples], [(e.source, str(e.label)) for e in examples], k)
    out: dict[int, tuple[Category, Classification]] = {}
    for f in range(k):
        rest = [e for e, g in zip(examples, fold, strict=True) if g != f]
        clf = Classifier(train([*rest, *extra]).model, threshold=threshold)
        for i, e in enumerate(examples):
            if fold[i] == f:
                out[i] = (e.label, clf.classify(e.text))
    return [out[i] for i in range(len(examples))]
