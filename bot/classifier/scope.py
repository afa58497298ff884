"""The scope gate: is a text a DX consultation at all, and if not, what is it about (対象外 and its topic).

A second logistic regression on the classifier's features, read *with* filler (a bare 「お疲れ様です」 or 「テスト」
is exactly what the gate must see), trained on messages that are not a DX consultation (label out_of_scope, with
a topic) against requests that are (bpr and app examples, near misses among them: 「パスワード再発行の申請を
Formsで受け付けたい」 is app work). Same fitting, folds and Platt scaling as the BPR/app model (`fit`); the L2
strength is chosen by cross-validated log-loss. The decision threshold is the lowest cut whose out-of-fold share of
in-scope examples turned away stays within MAX_IN_SCOPE_LOSS. The topic of a text past the gate is the best of
one-vs-rest logistic regressions over the out-of-scope examples.

The gate never changes the BPR/app decision: a text it lets through is classified exactly as before.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from operator import mul
from typing import Any, TypedDict

from bot.classifier.examples import ScopeExample
from bot.classifier.features import FeatureConfig, FeatureDict, feature_keys, gram_matrix, scale, score
from bot.classifier.fit import assign_folds, crossfit, fit, log_loss, platt, r6, sigmoid
from bot.domain.scope import OutOfScope, Topic

FEATURES = FeatureConfig(drop_filler=False, min_norm=10)  # short texts (「テスト」) count: min_norm by CV
FOLDS = 5
MAX_IN_SCOPE_LOSS = 0.03  # out of fold, on the training data (the held-out figures are measured apart)
PRUNE = 0.05  # as the BPR/app model
LAMBDAS = (1e-6,)  # L2 strength: 1e-3 … 1e-7 were tried by cross-validated log-loss on the shipped data
TOPIC_L2 = 1e-4  # L2 strength of the topic models
TOPIC_TOP = 1_000  # strongest keys kept per topic (the model file stays small; the topic is only an argmax)


class ScopeModel(TypedDict):
    """The model file's "scope"."""

    features: FeatureDict
    weights: dict[str, float]
    calibration: dict[str, float]
    threshold: float
    topics: dict[str, dict[str, float]]
    meta: dict[str, Any]


def _explicit(keysets: list[list[str]], sc: list[float], idx: list[int], alpha: list[float]) -> dict[str, float]:
    w: dict[str, float] = {}
    for i, ai in zip(idx, alpha, strict=True):
        v = ai * sc[i]
        for key in keysets[i]:
            w[key] = w.get(key, 0.0) + v
    return {key: r6(v) for key, v in sorted(w.items()) if abs(v) >= PRUNE}


def _threshold(p: list[float], out: list[bool]) -> float:
    """The lowest cut (halfway between out-of-fold probabilities, at least 0.5) that turns away at most
    MAX_IN_SCOPE_LOSS of the in-scope examples."""
    inside = sorted((q for q, o in zip(p, out, strict=True) if not o), reverse=True)
    allowed = int(MAX_IN_SCOPE_LOSS * len(inside))
    if allowed >= len(inside):
        return 0.5
    above = inside[allowed]  # the highest in-scope probability that must stay below the cut
    candidates = sorted({q for q, o in zip(p, out, strict=True) if o and q > above})
    cut = (above + candidates[0]) / 2 if candidates else above + 1e-6
    return r6(max(cut, 0.5))


def _topic_weights(
    K: list[list[float]], keysets: list[list[str]], sc: list[float], topics: list[Topic], idx: list[int]
) -> dict[str, dict[str, float]]:
    """One-vs-rest logistic regression per topic over the out-of-scope examples `idx` (explicit weights, the
    TOPIC_TOP strongest kept)."""
    sub = [[K[i][j] for j in idx] for i in idx]
    ones = [1.0] * len(idx)
    out: dict[str, dict[str, float]] = {}
    for topic in sorted(set(topics[i] for i in idx)):
        y = [1.0 if topics[i] is topic else 0.0 for i in idx]
        w = _explicit(keysets, sc, idx, fit(sub, y, ones, TOPIC_L2, None))
        out[str(topic)] = dict(sorted(sorted(w.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:TOPIC_TOP]))
    return out


def _best_topic(weights: Mapping[str, Mapping[str, float]], keys: list[str]) -> Topic:
    scores = [(sum(w.get(k, 0.0) for k in keys), Topic(name)) for name, w in sorted(weights.items())]
    return max(scores, key=lambda st: (st[0], -list(Topic).index(st[1])))[1]


def train_scope(examples: Sequence[ScopeExample], *, k: int = FOLDS) -> ScopeModel:
    """The gate trained on `examples` (both kinds needed), with its out-of-fold figures in "meta"."""
    data = list(examples)
    t = [0.0 if e.topic is None else 1.0 for e in data]
    n, n_out = len(t), int(sum(t))
    k = min(k, n_out, n - n_out)
    if k < 2:
        raise ValueError("the scope gate needs at least 2 examples in scope and 2 out of scope")
    keysets = [feature_keys(e.text, FEATURES) for e in data]
    sc = [scale(len(keys), FEATURES) for keys in keysets]
    K = gram_matrix(keysets, FEATURES)
    w8 = [1.0] * n
    strata = [(e.source, "out" if e.topic is not None else "in") for e in data]
    fold = assign_folds([e.text for e in data], strata, k)
    parts = [[i for i in range(n) if fold[i] != f] for f in range(k)]
    sub = [[[K[i][j] for j in tr] for i in tr] for tr in parts]
    losses: dict[float, float] = {}
    alphas: dict[float, list[list[float]]] = {}
    prev: Sequence[list[float] | None] = [None] * k
    for lam in LAMBDAS:
        alpha = [fit(sub[f], [t[i] for i in tr], [w8[i] for i in tr], lam, prev[f]) for f, tr in enumerate(parts)]
        prev = alphas[lam] = alpha
        d = [sum(map(mul, [K[i][j] for j in parts[fold[i]]], alpha[fold[i]])) for i in range(n)]
        cal = crossfit(d, t, w8, fold, k)
        losses[lam] = statistics.fmean(
            log_loss(sigmoid(cal[fold[i]][0] * d[i] + cal[fold[i]][1]), t[i]) for i in range(n)
        )
    lam = min(LAMBDAS, key=lambda x: losses[x])
    fold_w = [_explicit(keysets, sc, tr, a) for tr, a in zip(parts, alphas[lam], strict=True)]
    d = [score(fold_w[fold[i]], keysets[i], FEATURES) for i in range(n)]
    cal = crossfit(d, t, w8, fold, k)
    p = [sigmoid(cal[fold[i]][0] * d[i] + cal[fold[i]][1]) for i in range(n)]
    out = [ti == 1.0 for ti in t]
    threshold = _threshold(p, out)
    recall = sum(q >= threshold for q, o in zip(p, out, strict=True) if o) / n_out
    loss = sum(q >= threshold for q, o in zip(p, out, strict=True) if not o) / (n - n_out)
    ca, cb = platt(d, t, w8)
    topic_of = [e.topic or Topic.GREETING for e in data]  # read only for the out-of-scope examples
    out_idx = [i for i, e in enumerate(data) if e.topic is not None]
    topics = [topic_of[i] for i in out_idx]
    right = 0
    for f in range(k):
        fw = _topic_weights(K, keysets, sc, topic_of, [i for i in out_idx if fold[i] != f])
        right += sum(_best_topic(fw, keysets[i]) is topic_of[i] for i in out_idx if fold[i] == f)
    return {
        "features": FEATURES.to_dict(),
        "weights": _explicit(keysets, sc, list(range(n)), fit(K, t, w8, lam, None)),
        "calibration": {"a": r6(ca), "b": r6(cb)},
        "threshold": threshold,
        "topics": _topic_weights(K, keysets, sc, topic_of, out_idx),
        "meta": {
            "n_in_scope": n - n_out,
            "n_out_of_scope": n_out,
            "n_by_topic": {str(tp): topics.count(tp) for tp in sorted(set(topics))},
            "cv_folds": k,
            "l2": lam,
            "cv_log_loss_by_l2": {f"{x:g}": r6(losses[x]) for x in LAMBDAS},
            "cv_out_of_scope_recall": r6(recall),
            "cv_in_scope_turned_away": r6(loss),
            "cv_topic_accuracy": r6(right / n_out),
            "selection": "min calibrated CV log-loss; threshold: lowest cut turning away at most "
            f"{MAX_IN_SCOPE_LOSS:.0%} of in-scope examples out of fold",
        },
    }


class ScopeGate:
    """A model file's "scope": `verdict(text)` is an OutOfScope for a text that is not a DX consultation, else None."""

    def __init__(self, model: Mapping[str, Any]) -> None:
        self._features = FeatureConfig.from_dict(model["features"])
        self._weights = {k: float(v) for k, v in model["weights"].items()}
        self._a, self._b = float(model["calibration"]["a"]), float(model["calibration"]["b"])
        self.threshold = float(model["threshold"])
        self._topics = {
            str(Topic(name)): {k: float(v) for k, v in weights.items()} for name, weights in model["topics"].items()
        }

    def probability(self, text: str) -> float:
        """The calibrated probability that `text` is not a DX consultation."""
        keys = feature_keys(text, self._features)
        if not keys:
            return 0.0
        return sigmoid(self._a * score(self._weights, keys, self._features) + self._b)

    def topic(self, text: str) -> Topic:
        return _best_topic(self._topics, feature_keys(text, self._features))

    def verdict(self, text: str) -> OutOfScope | None:
        p = self.probability(text)
        if p < self.threshold or not self._topics:
            return None
        return OutOfScope(self.topic(text), p)
