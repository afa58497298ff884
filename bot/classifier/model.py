"""The model file format: what identifies a model (its format and version) and its canonical JSON form.

A model is a JSON object: "format", "features" (a `FeatureConfig`), "calibration" (Platt a, b), "weights",
"prior_app", "labels", "tags" (sub-tag models), "meta" (training figures) and "version", the first 12 hex digits of
the SHA-256 of the canonical JSON of everything else.  The same model always gives the same bytes (`canonical`), so
`consult train` can reproduce the shipped file byte for byte.
"""

from __future__ import annotations

import hashlib
import json

FORMAT = "consult-bot/char-ngram-logreg/2"
DEFAULT_THRESHOLD = 0.65  # confidence below which a consultation needs triage (要確認)


def canonical(model: dict) -> str:
    """Sorted keys, compact separators, UTF-8 text as is, floats as stored; NaN and infinity are refused."""
    return json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


def model_version(model: dict) -> str:
    """SHA-256 (first 12 hex digits) of the canonical JSON of the model without its "version" key."""
    body = {k: v for k, v in model.items() if k != "version"}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()[:12]


def check_threshold(threshold: float) -> float:
    """The threshold as a float, or ValueError when it is outside [0.5, 1.0]."""
    if not 0.5 <= threshold <= 1.0:
        raise ValueError(f"classifier threshold must be between 0.5 and 1.0, not {threshold!r}")
    return float(threshold)
