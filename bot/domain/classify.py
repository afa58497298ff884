"""Offline consultation classifier: BPR (業務改善) vs app work (アプリ・自動化). Standard library only.

`Classifier.classify(text)` gives the label, a calibrated confidence, whether the consultation needs triage (要確認:
confidence below the threshold), the phrases of the text that drove the decision and predicted sub-tags.  Training
lives in `classify_train`, features in `text_features`, reasons in `classify_reasons`, sub-tags in `classify_tags`,
figures in `classify_metrics`, hot reloading in `classify_watch`.

A model file is canonical JSON (sorted keys, compact, UTF-8, trailing newline) that carries its own version (a hash
of its content) and its cross-validated figures; `save_model` writes it atomically, so a running bot that watches
the file never reads half of one.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from itertools import chain
from operator import itemgetter
from pathlib import Path

from bot.domain.category import Category
from bot.domain.classification import Classification
from bot.domain.classify_data import (
    Example,
    default_model_path,
    extra_data_path,
    read_examples,
    seed_data_path,
    training_examples,
)
from bot.domain.classify_fit import assign_folds, sigmoid
from bot.domain.classify_reasons import explain, reason_pool
from bot.domain.classify_tags import TagScorer
from bot.domain.classify_train import DEFAULT_THRESHOLD, FORMAT, TrainReport, canonical, model_version, train
from bot.domain.text_features import FeatureConfig, normalize, prepare, prepared_keys, scale

__all__ = [
    "DEFAULT_THRESHOLD",
    "Classification",
    "Classifier",
    "Example",
    "TrainReport",
    "cross_validate",
    "default_model_path",
    "extra_data_path",
    "normalize",
    "read_examples",
    "refusal",
    "save_model",
    "seed_cv_accuracy",
    "seed_data_path",
    "train",
    "training_examples",
]


def save_model(model: dict, path: Path) -> None:
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


def _check_threshold(threshold: float) -> float:
    if not 0.5 <= threshold <= 1.0:
        raise ValueError(f"classifier threshold must be between 0.5 and 1.0, not {threshold!r}")
    return float(threshold)


class Classifier:
    def __init__(self, model: dict, *, threshold: float = DEFAULT_THRESHOLD) -> None:
        if model.get("format") != FORMAT:
            raise ValueError(f"unsupported classifier model format: {model.get('format')!r}")
        self._weights = {k: float(v) for k, v in model["weights"].items()}
        self._a, self._b = float(model["calibration"]["a"]), float(model["calibration"]["b"])
        self._prior_app = float(model["prior_app"])
        self._features = FeatureConfig.from_dict(model["features"])
        self._tags = TagScorer(model.get("tags"))
        # One look-up per key: (weight, its reason_pool entry or None, its tag entries).
        pool, tag_entries = reason_pool(self._weights), self._tags.entries
        self._table = {
            k: (self._weights.get(k, 0.0), pool.get(k), tag_entries.get(k, ()))
            for k in sorted(self._weights.keys() | tag_entries.keys())
        }
        self.version: str = model.get("version") or model_version(model)
        self.threshold = _check_threshold(threshold)
        self.meta: dict = model.get("meta", {})

    @property
    def tag_names(self) -> tuple[str, ...]:
        """The sub-tags this model can predict."""
        return self._tags.names

    @classmethod
    def from_dict(cls, model: dict, *, threshold: float = DEFAULT_THRESHOLD) -> Classifier:
        return cls(model, threshold=threshold)

    @classmethod
    def load(cls, path: Path | str | None = None, *, threshold: float = DEFAULT_THRESHOLD) -> Classifier:
        path = default_model_path() if path is None else Path(path)
        return cls(json.loads(path.read_text(encoding="utf-8")), threshold=threshold)

    def probability_app(self, text: str) -> float:
        keys = prepared_keys(prepare(text), self._features)
        return self._probability(sum(filter(None, map(self._weights.get, keys))), len(keys))

    def _probability(self, total: float, n_keys: int) -> float:
        if not n_keys:
            return self._prior_app  # nothing to go on: the (smoothed) class prior
        return sigmoid(self._a * total * scale(n_keys, self._features) + self._b)

    def classify(self, text: str) -> Classification:
        s = prepare(text)
        keys = prepared_keys(s, self._features)
        known = list(filter(None, map(self._table.get, keys)))
        if not known:
            p = self._prior_app if not keys else sigmoid(self._b)  # no evidence: prior, or the neutral value
            label, confidence = (Category.APP, p) if p > 0.5 else (Category.BPR, 1.0 - p)
            return Classification(label, confidence, confidence < self.threshold)
        sc = scale(len(keys), self._features)
        p = sigmoid(self._a * sum(map(_WEIGHT, known)) * sc + self._b)
        label, confidence = (Category.APP, p) if p > 0.5 else (Category.BPR, 1.0 - p)
        return Classification(
            label,
            confidence,
            confidence < self.threshold,
            explain(s, text, list(filter(None, map(_REASON, known))), 1.0 if label is Category.APP else -1.0),
            self._tags.predict(chain.from_iterable(map(_TAGS, known)), sc),
        )


_WEIGHT, _REASON, _TAGS = itemgetter(0), itemgetter(1), itemgetter(2)


def seed_cv_accuracy(model: dict) -> float | None:
    """The model's cross-validated accuracy on the seed data (on all its data if it has no seed source)."""
    cv = model.get("meta", {}).get("cv", {})
    figure = cv.get("by_source", {}).get("seed", cv).get("accuracy")
    return float(figure) if isinstance(figure, int | float) else None


def refusal(new: dict, current: dict | None) -> str | None:
    """Why `new` must not replace `current` (it scores worse on the seed data's cross-validation), or None."""
    if current is None or (old := seed_cv_accuracy(current)) is None:
        return None
    got = seed_cv_accuracy(new)
    if got is None or got < old:
        return (
            f"the retrained model scores worse on the seed data's cross-validation: accuracy {got} < {old} "
            f"(current model {current.get('version', '?')})"
        )
    return None


def cross_validate(
    examples: Sequence[Example], k: int = 5, *, extra: Sequence[Example] = (), threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[Category, Classification]]:
    """Nested k-fold CV of the whole `train` procedure on `examples` (each fold's model also trains on `extra`);
    returns (true label, prediction) in input order."""
    examples = list(examples)
    fold = assign_folds([e.text for e in examples], [(e.source, str(e.label)) for e in examples], k)
    out: list = [None] * len(examples)
    for f in range(k):
        rest = [e for e, g in zip(examples, fold, strict=True) if g != f]
        clf = Classifier(train([*rest, *extra]).model, threshold=threshold)
        for i, e in enumerate(examples):
            if fold[i] == f:
                out[i] = (e.label, clf.classify(e.text))
    return out
