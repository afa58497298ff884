"""`Classifier`: one loaded model; `classify(text)` gives the label, a calibrated confidence, whether the text needs
triage (要確認: confidence below the threshold), the phrases of the text that drove the decision, sub-tags and,
when the model has a scope gate (format /3), whether the text is not a DX consultation at all (対象外).

Features come from `features`, reasons from `reasons`, sub-tags from `tags`; the model dict is described in `model`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import replace
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

from bot.classifier.data import read_model
from bot.classifier.features import FeatureConfig, prepare, prepared_keys, scale
from bot.classifier.fit import sigmoid
from bot.classifier.model import DEFAULT_THRESHOLD, FORMATS, check_threshold, model_version
from bot.classifier.reasons import explain, reason_pool
from bot.classifier.scope import ScopeGate
from bot.classifier.tags import TagScorer
from bot.domain.category import Category
from bot.domain.classification import Classification

MEMO_SIZE = 64  # answers kept per loaded model (a reloaded model starts empty)


class Classifier:
    def __init__(self, model: Mapping[str, Any], *, threshold: float = DEFAULT_THRESHOLD) -> None:
        """`model`: a `Model`, or the JSON object of a model file (its format is checked, its values converted)."""
        if model.get("format") not in FORMATS:
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
        self.threshold = check_threshold(threshold)
        self.meta: dict[str, Any] = model.get("meta", {})
        self.scope = ScopeGate(model["scope"]) if isinstance(model.get("scope"), Mapping) else None
        self._memo: OrderedDict[str, Classification] = OrderedDict()  # the latest answers, least recent first

    @property
    def tag_names(self) -> tuple[str, ...]:
        """The sub-tags this model can predict."""
        return self._tags.names

    @classmethod
    def from_dict(cls, model: Mapping[str, Any], *, threshold: float = DEFAULT_THRESHOLD) -> Classifier:
        return cls(model, threshold=threshold)

    @classmethod
    def load(cls, path: Path | str | None = None, *, threshold: float = DEFAULT_THRESHOLD) -> Classifier:
        """The classifier of a model file (default: the shipped model)."""
        return cls(read_model(path), threshold=threshold)

    def probability_app(self, text: str) -> float:
        keys = prepared_keys(prepare(text, self._features), self._features)
        return self._probability(sum(filter(None, map(self._weights.get, keys))), len(keys))

    def _probability(self, total: float, n_keys: int) -> float:
        if not n_keys:
            return self._prior_app  # nothing to go on: the (smoothed) class prior
        return sigmoid(self._a * total * scale(n_keys, self._features) + self._b)

    def classify(self, text: str) -> Classification:
        """BPR or app, as always; with a scope gate, `out_of_scope` says when the text is not a DX consultation.
        The last MEMO_SIZE answers are kept (a Classification is immutable): an intake asks about the same text twice,
        whether it is in scope and then, creating the consultation, its category."""
        known = self._memo.get(text)
        if known is not None:
            self._memo.move_to_end(text)
            return known
        result = self._classify(text)
        verdict = self.scope.verdict(text) if self.scope is not None else None
        result = result if verdict is None else replace(result, out_of_scope=verdict)
        self._memo[text] = result
        if len(self._memo) > MEMO_SIZE:
            self._memo.popitem(last=False)
        return result

    def _classify(self, text: str) -> Classification:
        s = prepare(text, self._features)
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
