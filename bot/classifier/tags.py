"""Sub-tags (power-apps, approval-flow, paper-reduction, …): one-vs-rest linear scores on the classifier's features.

Each tag's weights are the difference between the mean feature vector of the examples carrying the tag and that
of the others (a nearest-centroid, "Rocchio", classifier) over the topical keys (with a kanji, katakana or Latin
letter), keeping the TOP strongest weights.  That is closed-form, so cross-validating 20+ tags costs a second in
pure Python where iterative fits would cost minutes; it scored as well as one-vs-rest logistic regression in
cross-validation on the development data.  Each tag's threshold is the one with the best F0.5 (precision weighs
more than recall) on out-of-fold scores; a tag whose best cross-validated F0.5 is below MIN_F (or that has fewer
than MIN_POSITIVES examples) is never predicted.  At most MAX_TAGS tags are returned, the clearest first.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, TypedDict

from bot.classifier.fit import r6
from bot.domain.category import Category

TOP = 60
TOPICAL = re.compile(r"[a-z\u30a1-\u30fa\u4e00-\u9fff]")  # keys of particles alone say nothing about a topic
BETA = 0.5  # thresholds favour precision: a wrong tag on a card costs more trust than a missing one
MIN_F = 0.4
MIN_POSITIVES = 5
MAX_TAGS = 4


class TagModel(TypedDict):
    """One enabled tag in the model file: its decision threshold, the spread of its scores and its weights."""

    threshold: float
    spread: float
    weights: dict[str, float]


class TagsModel(TypedDict):
    """The model file's "tags"."""

    max_tags: int
    top: int
    tags: dict[str, TagModel]


# Cross-validated figures of one tag ("f0.5" is not an identifier, hence the functional form).
TagFigures = TypedDict(
    "TagFigures", {"n": int, "precision": float, "recall": float, "f1": float, "f0.5": float, "enabled": bool}
)


class TagSummary(TypedDict):
    """How many tags are enabled out of those known, and their macro-averaged figures."""

    enabled: int
    known: int
    macro_precision_enabled: float
    macro_recall_enabled: float
    macro_f1_enabled: float


class TagsCV(TypedDict):
    """The model file's meta["tags_cv"]."""

    summary: TagSummary
    per_tag: dict[str, TagFigures]


def _centroid_weights(
    idx: list[int], keysets: list[list[str]], scales: list[float], tagsets: list[tuple[str, ...]], names: list[str]
) -> dict[str, dict[str, float]]:
    total: dict[str, float] = {}
    pos: dict[str, dict[str, float]] = {t: {} for t in names}
    count = dict.fromkeys(names, 0)
    for i in idx:
        v = scales[i]
        for key in keysets[i]:
            total[key] = total.get(key, 0.0) + v
        for tag in tagsets[i]:
            if tag in pos:
                count[tag] += 1
                d = pos[tag]
                for key in keysets[i]:
                    d[key] = d.get(key, 0.0) + v
    by_total = sorted(((k, v) for k, v in total.items() if TOPICAL.search(k)), key=lambda kv: (-kv[1], kv[0]))
    out: dict[str, dict[str, float]] = {}
    for tag in names:
        n_pos, n_neg = count[tag], len(idx) - count[tag]
        if not n_pos or not n_neg:
            continue
        w = {key: pv / n_pos - (total[key] - pv) / n_neg for key, pv in pos[tag].items() if TOPICAL.search(key)}
        extra = [(key, -tv / n_neg) for key, tv in by_total if key not in w][:TOP]  # keys the tag never has
        best = sorted([*w.items(), *extra], key=lambda kv: (-abs(kv[1]), kv[0]))[:TOP]
        out[tag] = dict(sorted(best))
    return out


def _dot(w: dict[str, float], keys: list[str], sc: float) -> float:
    get = w.get
    return sum(get(k, 0.0) for k in keys) * sc


def _threshold(scores: list[float], y: list[bool]) -> tuple[float, float, float, float]:
    """(threshold, F0.5, precision, recall) maximising F0.5 among positive thresholds; a threshold sits halfway
    between two consecutive out-of-fold scores."""
    order = sorted(range(len(y)), key=lambda i: (-scores[i], i))
    n_pos, tp, best = sum(y), 0, (float("inf"), 0.0, 0.0, 0.0)
    b2 = BETA * BETA
    for rank, i in enumerate(order, 1):
        tp += y[i]
        below = scores[order[rank]] if rank < len(order) else scores[i] - 1.0
        threshold = (scores[i] + below) / 2
        if threshold <= 0:
            break  # a tag needs evidence for it: a text with no known features (score 0) never gets one
        f = (1 + b2) * tp / (rank + b2 * n_pos)
        if f > best[1]:
            best = (threshold, f, tp / rank, tp / n_pos)
    return best


def train_tags(
    keysets: list[list[str]], scales: list[float], tagsets: Sequence[tuple[str, ...] | None], fold: list[int], k: int
) -> tuple[TagsModel, TagsCV]:
    """(model["tags"], per-tag cross-validated figures) from the examples whose tags are known."""
    idx = [i for i, ts in enumerate(tagsets) if ts is not None]
    known: list[tuple[str, ...]] = [ts or () for ts in tagsets]
    names = sorted({t for i in idx for t in known[i]})
    oof: dict[str, list[float]] = {t: [0.0] * len(idx) for t in names}
    for f in range(k):
        weights = _centroid_weights([i for i in idx if fold[i] != f], keysets, scales, known, names)
        for pos, i in enumerate(idx):
            if fold[i] == f:
                for tag, w in weights.items():
                    oof[tag][pos] = _dot(w, keysets[i], scales[i])
    final = _centroid_weights(idx, keysets, scales, known, names)
    tags: dict[str, TagModel] = {}
    meta: dict[str, TagFigures] = {}
    for tag in names:
        y = [tag in known[i] for i in idx]
        threshold, fb, precision, recall = _threshold(oof[tag], y)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        enabled = sum(y) >= MIN_POSITIVES and fb >= MIN_F and tag in final
        meta[tag] = {
            "n": sum(y),
            "precision": r6(precision),
            "recall": r6(recall),
            "f1": r6(f1),
            "f0.5": r6(fb),
            "enabled": enabled,
        }
        if enabled:
            spread = statistics.pstdev(oof[tag]) or 1.0
            tag_weights = {key: r6(v) for key, v in final[tag].items()}
            tags[tag] = {"threshold": r6(threshold), "spread": r6(spread), "weights": tag_weights}
    on = [m for m in meta.values() if m["enabled"]]

    def macro(figure: Literal["precision", "recall", "f1"]) -> float:
        return r6(statistics.fmean(m[figure] for m in on)) if on else 0.0

    summary: TagSummary = {
        "enabled": len(on),
        "known": len(names),
        "macro_precision_enabled": macro("precision"),
        "macro_recall_enabled": macro("recall"),
        "macro_f1_enabled": macro("f1"),
    }
    return {"max_tags": MAX_TAGS, "top": TOP, "tags": tags}, {"summary": summary, "per_tag": meta}


class TagScorer:
    """Predicts sub-tags from a text's feature keys; one dictionary look-up per key (inverted tag weights)."""

    def __init__(self, model: Mapping[str, Any] | None) -> None:
        """`model`: a model file's "tags" (read from JSON, so converted here); None for a model without sub-tags."""
        model = model or {"max_tags": 0, "tags": {}}
        self.names = tuple(sorted(model["tags"]))
        self.max_tags = int(model["max_tags"])
        self._threshold = [float(model["tags"][t]["threshold"]) for t in self.names]
        self._spread = [float(model["tags"][t]["spread"]) for t in self.names]
        self._cuts = list(zip(self.names, self._threshold, self._spread, strict=True))
        inverted: dict[str, list[tuple[int, float]]] = {}
        for ti, tag in enumerate(self.names):
            for key, w in model["tags"][tag]["weights"].items():
                inverted.setdefault(key, []).append((ti, float(w)))
        self.entries: dict[str, tuple[tuple[int, float], ...]] = {k: tuple(v) for k, v in inverted.items()}

    def predict(self, entries: Iterable[tuple[int, float]], sc: float) -> tuple[str, ...]:
        """Tags from the (tag index, weight) entries of a text's keys (see `entries`) and its feature scale."""
        if not self.names:
            return ()
        acc = [0.0] * len(self.names)
        for ti, w in entries:
            acc[ti] += w
        picked = [((a * sc - th) / sp, tag) for a, (tag, th, sp) in zip(acc, self._cuts, strict=True) if a * sc >= th]
        picked.sort(key=lambda x: (-x[0], x[1]))
        return tuple(tag for _, tag in picked[: self.max_tags])


# Which category a sub-tag belongs to: the category of at least 75 % of the development examples carrying it (checked
# against the shipped data by tests/classifier/test_tags.py). Tags of both (approval-flow, copilot-studio) are kept
# whatever the category. Reclassifying a consultation drops the tags of the category it leaves.
TAG_CATEGORY: dict[str, Category] = {
    **dict.fromkeys(
        (
            "as-is-to-be",
            "counter-service",
            "cross-dept",
            "data-rules",
            "document-management",
            "forms",
            "info-sharing",
            "paper-reduction",
            "training",
        ),
        Category.BPR,
    ),
    **dict.fromkeys(
        (
            "dataverse",
            "error-fix",
            "excel-vba",
            "licensing",
            "ms-forms",
            "notifications",
            "permissions",
            "power-apps",
            "power-automate",
            "power-bi",
            "sharepoint-list",
        ),
        Category.APP,
    ),
}


def tags_for_category(tags: Sequence[str], category: Category) -> tuple[str, ...]:
    """`tags` without those belonging to the other category (a tag the table does not know is kept)."""
    return tuple(tag for tag in tags if TAG_CATEGORY.get(tag, category) is category)
