"""The model file format: what identifies a model (its format and version) and its canonical JSON form.

A model is a JSON object: "format", "features" (a `FeatureConfig`), "calibration" (Platt a, b), "weights",
"prior_app", "labels", "tags" (sub-tag models), "meta" (training figures), "scope" (the 対象外 gate, see
`scope`; models of format /2 have none and never answer out_of_scope) and "version", the first 12 hex digits of
the SHA-256 of the canonical JSON of everything else.  The same model always gives the same bytes (`canonical`), so
`consult train` can reproduce the shipped file byte for byte.

`Model` is that object as training builds it.  A model file read back is a plain JSON object (`dict[str, Any]`):
the code that reads one (`Classifier`, `TagScorer`, `FeatureConfig.from_dict`, `retrain`) checks and converts
what it uses.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any, NotRequired, Required, TypedDict

from bot.classifier.features import FeatureDict
from bot.classifier.metrics import Brief, Figures, Reliability
from bot.classifier.scope import ScopeModel
from bot.classifier.tags import TagsCV, TagsModel

FORMAT = "consult-bot/char-ngram-logreg/3"  # /3 added "scope" (the 対象外 gate); /2 files are read without one
FORMATS = ("consult-bot/char-ngram-logreg/2", FORMAT)
DEFAULT_THRESHOLD = 0.65  # confidence below which a consultation needs triage (要確認)


class Calibration(TypedDict):
    """Platt scaling: p = sigmoid(a * decision value + b)."""

    a: float
    b: float


class Labels(TypedDict):
    positive: str
    negative: str


class CVFigures(Figures):
    """Out-of-fold figures of the shipped procedure: overall, per source and per source and group."""

    reliability: Reliability
    by_source: dict[str, Figures]
    by_group: dict[str, dict[str, Brief]]


class ShortFigures(TypedDict, total=False):
    """Out-of-fold figures on `chars`-character fragments; only `chars` when no text is longer than that."""

    chars: Required[int]
    n: int
    accuracy: float
    macro_f1: float
    log_loss: float
    abstain_rate: float


class TrainingMeta(TypedDict):
    """The model's "meta": what it was trained on, how, and its cross-validated figures."""

    n_examples: int
    n_by_source: dict[str, int]
    n_app: int
    correction_weight: float
    cv_folds: int
    l2: float
    prune_below: float
    selection: str
    cv_log_loss_by_l2: dict[str, float]
    cv_threshold: float
    cv: CVFigures
    cv_short: ShortFigures
    tags_cv: TagsCV


class ModelBody(TypedDict):
    """A model without its "version" (which is computed from the rest)."""

    format: str
    features: FeatureDict
    calibration: Calibration
    weights: dict[str, float]
    prior_app: float
    labels: Labels
    tags: TagsModel
    meta: TrainingMeta
    scope: NotRequired[ScopeModel]  # the 対象外 gate (format /3); absent when trained without scope examples


class Model(ModelBody):
    version: str


def canonical(model: Mapping[str, Any]) -> str:
    """Sorted keys, compact separators, UTF-8 text as is, floats as stored; NaN and infinity are refused."""
    return json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def model_version(model: Mapping[str, Any]) -> str:
    """SHA-256 (first 12 hex digits) of the canonical JSON of the model without its "version" key."""
    body = {k: v for k, v in model.items() if k != "version"}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()[:12]


def check_threshold(threshold: float) -> float:
    """The threshold as a float, or ValueError when it is outside [0.5, 1.0]."""
    if not 0.5 <= threshold <= 1.0:
        raise ValueError(f"classifier threshold must be between 0.5 and 1.0, not {threshold!r}")
    return float(threshold)
