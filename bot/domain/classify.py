"""Offline consultation classifier: BPR (業務改善) vs app work (アプリ・自動化). Standard library only.

Model: L2-regularised logistic regression (no intercept: the decision value 0 is neutral) on the binary character
n-gram + ASCII-word vectors of `text_features`, then Platt scaling so that `confidence` is a calibrated probability.

Training is deterministic (no randomness, no set iteration order, no timestamps): `train` on the seed file
reproduces the shipped `classifier_model.json` byte for byte.  The optimiser is full-batch gradient descent with
Nesterov momentum and gradient restarts.  Every gradient of the objective lies in the span of the training vectors,
so the iterate is kept as w = Σ αᵢxᵢ and updated through the Gram matrix K = XXᵀ: the same iterates as gradient
descent on w, at a fraction of the cost in pure Python.  The L2 strength is chosen by stratified k-fold CV
(calibrated log-loss, one-standard-error rule towards stronger regularisation, i.e. towards generalisation).
"""

from __future__ import annotations

import hashlib
import json
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from operator import mul
from pathlib import Path

from bot.domain.category import Category
from bot.domain.text_features import FeatureConfig, feature_keys, gram_matrix, normalize, scale, score

__all__ = [
    "Classification",
    "Classifier",
    "Example",
    "TrainReport",
    "cross_validate",
    "default_model_path",
    "normalize",
    "read_examples",
    "save_model",
    "seed_data_path",
    "train",
]

FORMAT = "consult-bot/binary-char-ngram-logreg/1"
FEATURES = FeatureConfig()
LAMBDAS = (1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4)  # L2 strengths tried, strongest first (warm-start path)
FOLDS = 5
TOL, MAX_ITER = 1e-5, 3_000  # optimiser: stop when the gradient norm is below TOL
PRUNE = 1e-4  # weights with |w| below this are dropped from the shipped model
SHORT = 16  # length of the held-out fragments used to report calibration on short messages
_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Example:
    text: str
    label: Category


@dataclass(frozen=True)
class Classification:
    label: Category
    confidence: float  # calibrated probability of `label`, in [0.5, 1.0]


@dataclass(frozen=True)
class TrainReport:
    model: dict
    n_examples: int
    cv_accuracy: float
    cv_log_loss: float
    cv_brier: float

    def summary(self) -> dict:
        meta = self.model["meta"]
        return {
            "n_examples": self.n_examples,
            "cv_accuracy": self.cv_accuracy,
            "cv_log_loss": self.cv_log_loss,
            "cv_brier": self.cv_brier,
            "cv_folds": meta["cv_folds"],
            "cv_short": meta["cv_short"],
            "l2": meta["l2"],
            "features": self.model["features"],
            "n_weights": len(self.model["weights"]),
            "calibration": self.model["calibration"],
            "version": _version(self.model),
        }


def default_model_path() -> Path:
    return _DATA / "classifier_model.json"


def seed_data_path() -> Path:
    return _DATA / "consultations_seed.jsonl"


def read_examples(path: Path) -> list[Example]:
    """Read JSON Lines with at least `text` and `label` ("bpr" / "app"); blank lines are skipped."""
    out = []
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                row = json.loads(line)
                try:
                    out.append(Example(str(row["text"]), Category(row["label"])))
                except (KeyError, ValueError) as exc:
                    raise ValueError(f"{path}:{n}: bad example: {exc!r}") from exc
    return out


def _r(x: float) -> float:
    return float(f"{x:.6g}")


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _canonical(model: dict) -> str:
    return json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def _version(model: dict) -> str:
    return hashlib.sha256(_canonical(model).encode("utf-8")).hexdigest()[:12]


def save_model(model: dict, path: Path) -> None:
    """Deterministic JSON: sorted keys, compact, floats as stored (already rounded), UTF-8, trailing newline."""
    Path(path).write_text(_canonical(model) + "\n", encoding="utf-8")


class Classifier:
    def __init__(self, model: dict) -> None:
        if model.get("format") != FORMAT:
            raise ValueError(f"unsupported classifier model format: {model.get('format')!r}")
        self._weights = {k: float(v) for k, v in model["weights"].items()}
        self._a, self._b = float(model["calibration"]["a"]), float(model["calibration"]["b"])
        self._prior_app = float(model["prior_app"])
        self._features = FeatureConfig.from_dict(model["features"])
        self.version = _version(model)

    @classmethod
    def from_dict(cls, model: dict) -> Classifier:
        return cls(model)

    @classmethod
    def load(cls, path: Path | None = None) -> Classifier:
        path = default_model_path() if path is None else Path(path)
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def probability_app(self, text: str) -> float:
        keys = feature_keys(text, self._features)
        if not keys:
            return self._prior_app  # nothing to go on: the (smoothed) class prior
        return _sigmoid(self._a * score(self._weights, keys, self._features) + self._b)

    def classify(self, text: str) -> Classification:
        p = self.probability_app(text)
        return Classification(Category.APP, p) if p > 0.5 else Classification(Category.BPR, 1.0 - p)


# ---------------------------------------------------------------- training


def _fit(K: list[list[float]], t: list[float], lam: float, alpha: list[float] | None = None) -> list[float]:
    """Minimise mean log-loss + lam/2·|w|² over w = Σ αᵢxᵢ (accelerated gradient descent); returns α."""
    n = len(t)
    eta = 1.0 / (lam + max(sum(row) for row in K) / (4 * n))  # 1/L; Gershgorin bound on the Hessian (K ≥ 0)
    a = list(alpha) if alpha else [0.0] * n
    u = [sum(map(mul, row, a)) for row in K]  # u = Kα: the decision values
    a0, u0, tk = a, u, 1.0
    for _ in range(MAX_ITER):
        tk1 = (1.0 + math.sqrt(1.0 + 4.0 * tk * tk)) / 2.0
        beta = (tk - 1.0) / tk1
        y = [x + beta * (x - p) for x, p in zip(a, a0, strict=True)]
        ky = [x + beta * (x - p) for x, p in zip(u, u0, strict=True)]
        r = [(_sigmoid(z) - ti) / n for z, ti in zip(ky, t, strict=True)]
        g = [ri + lam * yi for ri, yi in zip(r, y, strict=True)]  # gradient, as coefficients on the xᵢ
        kg = [sum(map(mul, row, r)) + lam * kyi for row, kyi in zip(K, ky, strict=True)]
        a_new = [yi - eta * gi for yi, gi in zip(y, g, strict=True)]
        if sum(kgi * (x - p) for kgi, x, p in zip(kg, a_new, a, strict=True)) > 0:
            tk1 = 1.0  # gradient restart (O'Donoghue & Candès): the momentum points uphill
        a0, u0, tk = a, u, tk1
        a, u = a_new, [x - eta * gi for x, gi in zip(ky, kg, strict=True)]
        if sum(map(mul, g, kg)) < TOL * TOL:  # |∇w|² = gᵀKg
            break
    return a


def _platt(d: Sequence[float], t: Sequence[float]) -> tuple[float, float]:
    """Platt scaling p = σ(a·d + b): Newton's method on 2 parameters with Platt's smoothed targets."""
    n_pos = sum(t)
    hi, lo = (n_pos + 1) / (n_pos + 2), 1 / (len(t) - n_pos + 2)
    a, b = 1.0, 0.0
    for _ in range(100):
        g1 = g2 = h11 = h12 = h22 = 0.0
        for di, ti in zip(d, t, strict=True):
            p = _sigmoid(a * di + b)
            e, w = p - (hi if ti else lo), max(p * (1 - p), 1e-12)
            g1, g2, h11, h12, h22 = g1 + e * di, g2 + e, h11 + w * di * di, h12 + w * di, h22 + w
        det = h11 * h22 - h12 * h12
        if det <= 1e-18:
            break
        da, db = (h22 * g1 - h12 * g2) / det, (h11 * g2 - h12 * g1) / det
        a, b = a - da, b - db
        if abs(da) + abs(db) < 1e-10:
            break
    return a, b


def _folds(examples: Sequence[Example], k: int) -> list[int]:
    """Deterministic stratified folds: within each class, order by SHA-256 of the text, then deal round-robin."""
    fold = [0] * len(examples)
    for label in Category:
        idx = [i for i, e in enumerate(examples) if e.label is label]
        idx.sort(key=lambda i: (hashlib.sha256(examples[i].text.encode("utf-8")).hexdigest(), i))
        for pos, i in enumerate(idx):
            fold[i] = pos % k
    return fold


def _crossfit(d: list[float], t: list[float], fold: list[int], k: int) -> list[tuple[float, float]]:
    """Per fold, Platt parameters fitted on the *other* folds' out-of-fold decision values."""
    return [
        _platt(*zip(*[(di, ti) for di, ti, f in zip(d, t, fold, strict=True) if f != j], strict=True)) for j in range(k)
    ]


def _log_loss(p: float, t: float) -> float:
    return -math.log(max(p if t else 1.0 - p, 1e-15))


def _figures(pairs: list[tuple[float, float]]) -> dict[str, float]:
    """Accuracy, log-loss, Brier score and mean confidence of (probability of app, target) pairs, rounded."""
    return {
        "accuracy": _r(statistics.fmean(float((q > 0.5) == (ti == 1.0)) for q, ti in pairs)),
        "log_loss": _r(statistics.fmean(_log_loss(q, ti) for q, ti in pairs)),
        "brier": _r(statistics.fmean((q - ti) ** 2 for q, ti in pairs)),
        "mean_confidence": _r(statistics.fmean(max(q, 1.0 - q) for q, _ in pairs)),
    }


def _cut(text: str) -> list[str]:
    """Start, middle and end SHORT-character fragments of a text (none if it is not longer than SHORT)."""
    starts = (0, (len(text) - SHORT) // 2, len(text) - SHORT) if len(text) > SHORT else ()
    return [text[s : s + SHORT] for s in starts]


def _weights(keysets: list[list[str]], idx: list[int], alpha: list[float]) -> dict[str, float]:
    """Explicit w = Σ αᵢxᵢ, pruned and rounded (deterministic accumulation order)."""
    w: dict[str, float] = {}
    for i, ai in zip(idx, alpha, strict=True):
        v = ai * scale(len(keysets[i]), FEATURES)
        for key in keysets[i]:
            w[key] = w.get(key, 0.0) + v
    return {key: _r(v) for key, v in sorted(w.items()) if abs(v) >= PRUNE}


def train(examples: Sequence[Example], k: int = FOLDS) -> TrainReport:
    examples = list(examples)
    t = [1.0 if e.label is Category.APP else 0.0 for e in examples]
    n, n_app = len(t), int(sum(t))
    k = min(k, n_app, n - n_app)
    if k < 2:
        raise ValueError("training needs at least 2 examples of each category")
    keysets = [feature_keys(e.text, FEATURES) for e in examples]
    K, fold = gram_matrix(keysets, FEATURES), _folds(examples, k)
    parts = [[i for i in range(n) if fold[i] != f] for f in range(k)]
    alphas: dict[float, list] = {}
    losses: dict[float, list[float]] = {}
    prev: list = [None] * k
    for lam in LAMBDAS:  # strongest first; each fold warm-starts from the previous strength
        alphas[lam] = [
            _fit([[K[i][j] for j in tr] for i in tr], [t[i] for i in tr], lam, prev[f]) for f, tr in enumerate(parts)
        ]
        prev = alphas[lam]
        d = [sum(map(mul, [K[i][j] for j in parts[fold[i]]], prev[fold[i]])) for i in range(n)]
        cal = _crossfit(d, t, fold, k)
        losses[lam] = [_log_loss(_sigmoid(cal[fold[i]][0] * d[i] + cal[fold[i]][1]), t[i]) for i in range(n)]
    best = min(LAMBDAS, key=lambda x: statistics.fmean(losses[x]))
    limit = statistics.fmean(losses[best]) + statistics.stdev(losses[best]) / math.sqrt(n)
    lam = next(x for x in LAMBDAS if statistics.fmean(losses[x]) <= limit)  # one-standard-error rule
    # Out-of-fold figures for exactly what is shipped (explicit pruned, rounded weights; cross-fitted Platt), on the
    # whole held-out texts and on short fragments of them (a proxy for short chat messages).
    fold_w = [_weights(keysets, tr, alpha) for tr, alpha in zip(parts, alphas[lam], strict=True)]
    d = [score(fold_w[fold[i]], keysets[i], FEATURES) for i in range(n)]
    cal = _crossfit(d, t, fold, k)

    def prob(i: int, keys: list[str]) -> float:
        return _sigmoid(cal[fold[i]][0] * score(fold_w[fold[i]], keys, FEATURES) + cal[fold[i]][1])

    cv = _figures([(prob(i, keysets[i]), t[i]) for i in range(n)])
    short = _figures([(prob(i, feature_keys(x, FEATURES)), t[i]) for i, e in enumerate(examples) for x in _cut(e.text)])
    ca, cb = _platt(d, t)
    model = {
        "format": FORMAT,
        "features": FEATURES.to_dict(),
        "calibration": {"a": _r(ca), "b": _r(cb)},
        "weights": _weights(keysets, list(range(n)), _fit(K, t, lam, None)),
        "prior_app": _r((n_app + 1) / (n + 2)),
        "labels": {"positive": "app", "negative": "bpr"},
        "meta": {
            "n_examples": n,
            "n_app": n_app,
            "cv_folds": k,
            "l2": lam,
            "prune_below": PRUNE,
            "tolerance": TOL,
            "selection": "min calibrated CV log-loss, one-standard-error rule towards stronger L2",
            "cv_log_loss_by_l2": {f"{x:g}": _r(statistics.fmean(losses[x])) for x in LAMBDAS},
            "cv": cv,
            "cv_short": {"chars": SHORT, **short},
        },
    }
    return TrainReport(model, n, cv["accuracy"], cv["log_loss"], cv["brier"])


def cross_validate(examples: Sequence[Example], k: int = FOLDS) -> list[tuple[Category, Classification]]:
    """Nested k-fold CV of the whole `train` procedure; returns (true label, prediction) in input order."""
    examples = list(examples)
    fold = _folds(examples, k)
    out: list = [None] * len(examples)
    for f in range(k):
        clf = Classifier.from_dict(train([e for e, g in zip(examples, fold, strict=True) if g != f]).model)
        for i, e in enumerate(examples):
            if fold[i] == f:
                out[i] = (e.label, clf.classify(e.text))
    return out
