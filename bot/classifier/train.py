"""Training the consultation classifier: model selection by cross-validation, calibration, sub-tags, figures.

Model: L2-regularised logistic regression (no intercept: the decision value 0 is neutral) on the binary feature
vectors of `features`, then Platt scaling so that `confidence` is a calibrated probability.  The L2 strength
is chosen by stratified k-fold CV (calibrated log-loss, one-standard-error rule towards stronger regularisation).
Corrections (human reclassifications) are extra examples with a larger weight in the loss.

Training is deterministic (no randomness, no set iteration order, no timestamps): the same examples give the same
model file byte for byte.  Out-of-fold figures are reported for exactly what is shipped (explicit pruned, rounded
weights; Platt parameters fitted on the other folds), overall, per source (seed / extra / correction) and per
group (difficulty or kind).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace
from operator import mul
from typing import Any, TypedDict

from bot.classifier.examples import Example, ScopeExample
from bot.classifier.features import FeatureConfig, feature_keys, gram_matrix, scale, score
from bot.classifier.fit import assign_folds, crossfit, fit, log_loss, platt, r6, sigmoid
from bot.classifier.metrics import Brief, Figures, Reliability, label_figures, probability_figures, reliability
from bot.classifier.model import (
    DEFAULT_THRESHOLD,
    FORMAT,
    Calibration,
    CVFigures,
    Model,
    ModelBody,
    ShortFigures,
    model_version,
)
from bot.classifier.scope import train_scope
from bot.classifier.tags import TagSummary, train_tags
from bot.domain.category import Category

FEATURES = FeatureConfig()
LAMBDAS = (1e-3, 1e-4, 1e-5, 1e-6)  # L2 strengths tried, strongest first (warm-start path)
FOLDS = 5
PRUNE = 0.05  # weights with |w| below this are dropped from the shipped model
SHORT = 16  # length of the held-out fragments used to report calibration on short messages
CORRECTION_WEIGHT = 2.0


class TrainSummary(TypedDict):
    """`TrainReport.summary`: the model's version and its main training figures (no weights)."""

    version: str
    n_examples: int
    n_by_source: dict[str, int]
    cv_accuracy: float
    cv_macro_f1: float
    cv_log_loss: float
    cv_brier: float
    cv_abstain_rate: float
    cv_calibration: Reliability
    cv_by_source: dict[str, Brief]
    cv_by_group: dict[str, dict[str, Brief]]
    cv_short: ShortFigures
    cv_folds: int
    l2: float
    tags_cv: TagSummary
    n_weights: int
    calibration: Calibration
    scope_cv: dict[str, Any] | None  # the 対象外 gate's out-of-fold figures; None when trained without it


@dataclass(frozen=True)
class TrainReport:
    model: Model
    n_examples: int
    cv_accuracy: float
    cv_log_loss: float
    cv_brier: float

    def summary(self) -> TrainSummary:
        meta = self.model["meta"]
        cv = meta["cv"]
        return {
            "version": self.model["version"],
            "n_examples": self.n_examples,
            "n_by_source": meta["n_by_source"],
            "cv_accuracy": self.cv_accuracy,
            "cv_macro_f1": cv["macro_f1"],
            "cv_log_loss": self.cv_log_loss,
            "cv_brier": self.cv_brier,
            "cv_abstain_rate": cv["abstain_rate"],
            "cv_calibration": cv["reliability"],
            "cv_by_source": {s: _brief(f) for s, f in cv["by_source"].items()},
            "cv_by_group": {s: {g: _brief(f) for g, f in gs.items()} for s, gs in cv["by_group"].items()},
            "cv_short": meta["cv_short"],
            "cv_folds": meta["cv_folds"],
            "l2": meta["l2"],
            "tags_cv": meta["tags_cv"]["summary"],
            "n_weights": len(self.model["weights"]),
            "calibration": self.model["calibration"],
            "scope_cv": self.model["scope"]["meta"] if "scope" in self.model else None,
        }


def _brief(f: Brief) -> Brief:
    """The headline figures of `f` (a `Figures` has them all)."""
    return {
        "n": f["n"],
        "accuracy": f["accuracy"],
        "macro_f1": f["macro_f1"],
        "log_loss": f["log_loss"],
        "abstain_rate": f["abstain_rate"],
    }


def _explicit(keysets: list[list[str]], c: list[float], idx: list[int], alpha: list[float]) -> dict[str, float]:
    """Explicit w = Σ αᵢxᵢ, pruned and rounded (deterministic accumulation order)."""
    w: dict[str, float] = {}
    for i, ai in zip(idx, alpha, strict=True):
        v = ai * c[i]
        for key in keysets[i]:
            w[key] = w.get(key, 0.0) + v
    return {key: r6(v) for key, v in sorted(w.items()) if abs(v) >= PRUNE}


def _cut(text: str) -> list[str]:
    """Start, middle and end SHORT-character fragments of a text (none if it is not longer than SHORT)."""
    starts = (0, (len(text) - SHORT) // 2, len(text) - SHORT) if len(text) > SHORT else ()
    return [text[s : s + SHORT] for s in starts]


def _figures(truth: list[Category], p_app: list[float], threshold: float) -> Figures:
    pred = [Category.APP if p > 0.5 else Category.BPR for p in p_app]
    abstained = [max(p, 1 - p) < threshold for p in p_app]
    figures = label_figures(truth, pred, abstained)
    return {**figures, **probability_figures(p_app, truth)}


def _corrections(corrections: Sequence[Example], weight: float) -> list[Example]:
    """Corrections as weighted examples; for a text corrected more than once the last label wins."""
    last: dict[str, Example] = {}
    for e in corrections:
        last.pop(e.text, None)
        last[e.text] = replace(e, source="correction", weight=weight * e.weight)
    return list(last.values())


def train(
    examples: Sequence[Example],
    corrections: Sequence[Example] = (),
    *,
    k: int = FOLDS,
    correction_weight: float = CORRECTION_WEIGHT,
    scope: Sequence[ScopeExample] = (),
) -> TrainReport:
    """The BPR/app model of `examples` and `corrections`; with `scope` examples, also the 対象外 gate (which never
    changes the BPR/app part: the same examples give the same weights with or without it)."""
    data = list(examples) + _corrections(corrections, correction_weight)
    t = [1.0 if e.label is Category.APP else 0.0 for e in data]
    w8 = [e.weight for e in data]
    n, n_app = len(t), int(sum(t))
    k = min(k, n_app, n - n_app)
    if k < 2:
        raise ValueError("training needs at least 2 examples of each category")
    keysets = [feature_keys(e.text, FEATURES) for e in data]
    sc = [scale(len(keys), FEATURES) for keys in keysets]
    K = gram_matrix(keysets, FEATURES)
    fold = assign_folds([e.text for e in data], [(e.source, str(e.label)) for e in data], k)
    parts = [[i for i in range(n) if fold[i] != f] for f in range(k)]
    sub = [[[K[i][j] for j in tr] for i in tr] for tr in parts]
    alphas: dict[float, list[list[float]]] = {}  # L2 strength -> per fold, the coefficients on its training part
    losses: dict[float, list[float]] = {}
    prev: Sequence[list[float] | None] = [None] * k
    for lam in LAMBDAS:  # strongest first; each fold warm-starts from the previous strength
        alpha = [fit(sub[f], [t[i] for i in tr], [w8[i] for i in tr], lam, prev[f]) for f, tr in enumerate(parts)]
        prev = alphas[lam] = alpha
        d = [sum(map(mul, [K[i][j] for j in parts[fold[i]]], alpha[fold[i]])) for i in range(n)]
        cal = crossfit(d, t, w8, fold, k)
        losses[lam] = [w8[i] * log_loss(sigmoid(cal[fold[i]][0] * d[i] + cal[fold[i]][1]), t[i]) for i in range(n)]
    mean_w = statistics.fmean(w8)
    cv_loss = {lam: statistics.fmean(v) / mean_w for lam, v in losses.items()}
    best = min(LAMBDAS, key=lambda x: cv_loss[x])
    limit = cv_loss[best] + statistics.stdev(losses[best]) / mean_w / math.sqrt(n)
    lam = next(x for x in LAMBDAS if cv_loss[x] <= limit)  # one-standard-error rule
    fold_w = [_explicit(keysets, sc, tr, alpha) for tr, alpha in zip(parts, alphas[lam], strict=True)]
    d = [score(fold_w[fold[i]], keysets[i], FEATURES) for i in range(n)]
    cal = crossfit(d, t, w8, fold, k)

    def prob(i: int, keys: list[str]) -> float:
        return sigmoid(cal[fold[i]][0] * score(fold_w[fold[i]], keys, FEATURES) + cal[fold[i]][1])

    truth = [e.label for e in data]
    p = [prob(i, keysets[i]) for i in range(n)]
    sources = list(dict.fromkeys(e.source or "-" for e in data))
    by_source: dict[str, Figures] = {}
    by_group: dict[str, dict[str, Brief]] = {}
    for src in sources:
        idx = [i for i, e in enumerate(data) if (e.source or "-") == src]
        by_source[src] = _figures([truth[i] for i in idx], [p[i] for i in idx], DEFAULT_THRESHOLD)
        for group in sorted({data[i].group for i in idx if data[i].group}):
            gi = [i for i in idx if data[i].group == group]
            by_group.setdefault(src, {})[group] = _brief(
                _figures([truth[i] for i in gi], [p[i] for i in gi], DEFAULT_THRESHOLD)
            )
    cv: CVFigures = {
        **_figures(truth, p, DEFAULT_THRESHOLD),
        "reliability": reliability(p, truth),  # out of fold: is a confidence of 90 % right 9 times in 10?
        "by_source": by_source,
        "by_group": by_group,
    }
    ref = [i for i, e in enumerate(data) if e.source == "seed"] or list(range(n))
    frag = [(truth[i], prob(i, feature_keys(x, FEATURES))) for i in ref for x in _cut(data[i].text)]
    cv_short: ShortFigures = {"chars": SHORT}
    if frag:
        cv_short = {"chars": SHORT, **_brief(_figures([x for x, _ in frag], [q for _, q in frag], DEFAULT_THRESHOLD))}
    tags, tags_cv = train_tags(keysets, sc, [e.tags for e in data], fold, k)
    ca, cb = platt(d, t, w8)
    body: ModelBody = {
        "format": FORMAT,
        "features": FEATURES.to_dict(),
        "calibration": {"a": r6(ca), "b": r6(cb)},
        "weights": _explicit(keysets, sc, list(range(n)), fit(K, t, w8, lam, None)),
        "prior_app": r6((sum(w for w, ti in zip(w8, t, strict=True) if ti) + 1) / (sum(w8) + 2)),
        "labels": {"positive": "app", "negative": "bpr"},
        "tags": tags,
        "meta": {
            "n_examples": n,
            "n_by_source": {src: sum((e.source or "-") == src for e in data) for src in sources},
            "n_app": n_app,
            "correction_weight": correction_weight,
            "cv_folds": k,
            "l2": lam,
            "prune_below": PRUNE,
            "selection": "min calibrated CV log-loss, one-standard-error rule towards stronger L2",
            "cv_log_loss_by_l2": {f"{x:g}": r6(cv_loss[x]) for x in LAMBDAS},
            "cv_threshold": DEFAULT_THRESHOLD,
            "cv": cv,
            "cv_short": cv_short,
            "tags_cv": tags_cv,
        },
    }
    if scope:
        body["scope"] = train_scope(scope)
    model: Model = {**body, "version": model_version(body)}
    return TrainReport(model, n, cv["accuracy"], cv["log_loss"], cv["brier"])
