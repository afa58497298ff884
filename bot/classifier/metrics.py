"""Evaluation figures of the classifier, as dicts: accuracy, macro-F1, per-label precision/recall, abstention,
confusion, log-loss, Brier score, calibration (reliability table and ECE), and the same per group.

Accuracy counts an abstained item (needs_triage) by its predicted label; `accuracy_confident` is the accuracy on
the items that were not abstained.  The text form of these figures is printed by `bot.cli_classifier`.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import TypedDict

from bot.domain.category import Category
from bot.domain.scope import OUT_OF_SCOPE

LABELS: tuple[str, ...] = (Category.BPR, Category.APP)
ALL_LABELS: tuple[str, ...] = (*LABELS, OUT_OF_SCOPE)  # with the third outcome (対象外)
RELIABILITY_BINS = 10  # equal-width bins over the confidence range 0.5–1.0 (a two-label confidence is never lower)
ACCURACY_NOTE = "accuracy counts abstained (needs_triage) items by their predicted label"


class LabelScore(TypedDict):
    """Precision, recall and F1 of one label, and how many items truly carry it."""

    precision: float
    recall: float
    f1: float
    support: int


class LabelFigures(TypedDict):
    """What `label_figures` gives: figures of predicted labels against true labels."""

    n: int
    accuracy: float
    macro_f1: float
    abstain_rate: float
    n_abstained: int
    accuracy_confident: float | None  # None when every item was abstained
    labels: dict[str, LabelScore]  # label -> its figures
    confusion: dict[str, dict[str, int]]  # true label -> predicted label -> count


class ProbabilityFigures(TypedDict):
    """What `probability_figures` gives: figures of calibrated probabilities."""

    log_loss: float
    brier: float
    mean_confidence: float


class Figures(LabelFigures, ProbabilityFigures):
    """Label and probability figures of one set of items."""


class Brief(TypedDict):
    """The headline figures of one set of items (a `Figures` has them all)."""

    n: int
    accuracy: float
    macro_f1: float
    log_loss: float
    abstain_rate: float


def _r(x: float) -> float:
    return round(x, 4)


def labels_of(*columns: Sequence[str]) -> tuple[str, ...]:
    """bpr and app, and out_of_scope when any item is (or is predicted) out of scope."""
    return ALL_LABELS if any(x == OUT_OF_SCOPE for column in columns for x in column) else LABELS


def label_figures(
    truth: Sequence[str], pred: Sequence[str], abstained: Sequence[bool], names: Sequence[str] | None = None
) -> LabelFigures:
    """Figures of predicted labels against true labels (n > 0): bpr, app and, when present (or named), out_of_scope."""
    n = len(truth)
    shown = tuple(map(str, names or labels_of(truth, pred)))
    confusion = {t: dict.fromkeys(shown, 0) for t in shown}
    for t, p in zip(truth, pred, strict=True):
        confusion[str(t)][str(p)] += 1
    labels: dict[str, LabelScore] = {}
    f1s: list[float] = []
    for label in shown:
        tp = confusion[label][label]
        predicted = sum(row[label] for row in confusion.values())
        support = sum(confusion[label].values())
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        labels[label] = {"precision": _r(precision), "recall": _r(recall), "f1": _r(f1), "support": support}
        if predicted or support:
            f1s.append(f1)
    kept = [t == p for t, p, a in zip(truth, pred, abstained, strict=True) if not a]
    return {
        "n": n,
        "accuracy": _r(sum(t == p for t, p in zip(truth, pred, strict=True)) / n),
        "macro_f1": _r(statistics.fmean(f1s)),
        "abstain_rate": _r(sum(abstained) / n),
        "n_abstained": sum(abstained),
        "accuracy_confident": _r(statistics.fmean(kept)) if kept else None,
        "labels": labels,
        "confusion": confusion,
    }


def probability_figures(p_app: Sequence[float], truth: Sequence[Category]) -> ProbabilityFigures:
    """Log-loss, Brier score and mean confidence of calibrated probabilities of "app"."""
    pairs = list(zip(p_app, [x is Category.APP for x in truth], strict=True))
    return {
        "log_loss": _r(statistics.fmean(-math.log(max(p if y else 1 - p, 1e-15)) for p, y in pairs)),
        "brier": _r(statistics.fmean((p - y) ** 2 for p, y in pairs)),
        "mean_confidence": _r(statistics.fmean(max(p, 1 - p) for p in p_app)),
    }


class ReliabilityBin(TypedDict):
    """One confidence bin: its range, how many items fell in it, their mean confidence and accuracy (None if empty)."""

    low: float
    high: float
    n: int
    mean_confidence: float | None
    accuracy: float | None


class Reliability(TypedDict):
    ece: float
    bins: list[ReliabilityBin]


def reliability(p_app: Sequence[float], truth: Sequence[Category], bins: int = RELIABILITY_BINS) -> Reliability:
    """How far confidence can be taken at its word: the items binned by confidence (the probability of the predicted
    label, 0.5–1.0, in `bins` equal-width bins, the last one closed) with, per bin, its range, n, mean confidence and
    accuracy (None for an empty bin); and the expected calibration error ECE = Σ n_bin/N · |accuracy − confidence|.
    Calibrated means that of the items said to be 90 % sure, 9 in 10 are right."""
    items: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for p, t in zip(p_app, truth, strict=True):
        sure = max(p, 1.0 - p)
        right = (p > 0.5) is (t is Category.APP)  # the predicted label, as everywhere: "app" above 0.5
        items[min(int((sure - 0.5) * 2 * bins), bins - 1)].append((sure, right))
    n = sum(map(len, items))
    table: list[ReliabilityBin] = []
    ece = 0.0
    for i, got in enumerate(items):
        low, high = 0.5 + i * 0.5 / bins, 0.5 + (i + 1) * 0.5 / bins
        row: ReliabilityBin = {
            "low": _r(low),
            "high": _r(high),
            "n": len(got),
            "mean_confidence": None,
            "accuracy": None,
        }
        if got:
            confidence, accuracy = statistics.fmean(c for c, _ in got), statistics.fmean(r for _, r in got)
            ece += len(got) / n * abs(accuracy - confidence)
            row["mean_confidence"], row["accuracy"] = _r(confidence), _r(accuracy)
        table.append(row)
    return {"ece": _r(ece), "bins": table}


def grouped(
    truth: Sequence[str],
    pred: Sequence[str],
    abstained: Sequence[bool],
    groups: Sequence[dict[str, str]],
    fields: Sequence[str],
) -> dict[str, dict[str, LabelFigures]]:
    """{field: {value: label_figures of the items with that value}} for the fields some item has."""
    out: dict[str, dict[str, LabelFigures]] = {}
    for field in fields:
        values = sorted({g[field] for g in groups if field in g})
        if values:
            out[field] = {}
        for value in values:
            idx = [i for i, g in enumerate(groups) if g.get(field) == value]
            out[field][value] = label_figures(
                [truth[i] for i in idx], [pred[i] for i in idx], [abstained[i] for i in idx], labels_of(truth, pred)
            )
    return out
