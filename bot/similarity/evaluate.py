"""How often the right past consultation comes up: the labelled pairs of bot/data/similar_pairs.jsonl.

Each pair is a past case (title, body, department, category, resolution, artefact) and a later request from another
department for the same improvement, in other words. The index holds every pair's past case, the distractor cases
of the same file (near the same topics, different improvements) and the 240 labelled requests of
bot/data/consultations_seed.jsonl as background. For each request we ask for the 3 best and count the pairs whose
past case is among them, by score alone (no preference for completed ones: every case here is one), above the
score floor the card applies, for all pairs and per split: the
"tune" pairs were used to shape the concept lexicon, the "holdout" pairs were not.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from bot.similarity.features import DEFAULT, FeatureConfig, text_of
from bot.similarity.index import SimilarityIndex
from bot.similarity.library import MIN_SCORE, RELATIVE

TOP = 3
TARGET = 0.85


@dataclass(frozen=True)
class Pair:
    id: str
    split: str
    past_key: int
    request: str
    request_department: str


@dataclass(frozen=True)
class Result:
    split: str
    pairs: int
    hits: int
    misses: tuple[str, ...]  # ids of the pairs whose past case was not in the top 3

    @property
    def rate(self) -> float:
        return self.hits / self.pairs if self.pairs else 0.0


def _lines(path: Path | None, name: str) -> list[dict[str, Any]]:
    text = path.read_text("utf-8") if path else resources.files("bot.data").joinpath(name).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def build(
    config: FeatureConfig = DEFAULT, pairs_path: Path | None = None, background_path: Path | None = None
) -> tuple[SimilarityIndex[str], list[Pair]]:
    """The evaluation index (items are the case ids of the files) and the pairs to ask."""
    index: SimilarityIndex[str] = SimilarityIndex(config)
    pairs: list[Pair] = []
    key = 0
    for row in _lines(pairs_path, "similar_pairs.jsonl"):
        key += 1
        past = row["past"]
        index.upsert(key, text_of(past["title"], past["body"]), row["id"])
        if "request" in row:
            request = row["request"]
            pairs.append(Pair(row["id"], row["split"], key, request["text"], request["department"]))
    for row in _lines(background_path, "consultations_seed.jsonl"):
        key += 1
        index.upsert(key, row["text"], row["id"])
    return index, pairs


def evaluate(index: SimilarityIndex[str], pairs: Sequence[Pair], top: int = TOP) -> list[Result]:
    """One result per split and one for all pairs ("all", last)."""
    outcome = {p.id: p.past_key in shown(index, p.request, top) for p in pairs}
    results = []
    for split in [*sorted({p.split for p in pairs}), "all"]:
        chosen = [p for p in pairs if split in ("all", p.split)]
        hits = sum(outcome[p.id] for p in chosen)
        results.append(Result(split, len(chosen), hits, tuple(p.id for p in chosen if not outcome[p.id])))
    return results


def shown(index: SimilarityIndex[str], text: str, top: int) -> set[int]:
    """The keys a person would be shown: the `top` best that pass the library's score floor (MIN_SCORE, and
    RELATIVE to the best)."""
    hits = index.search(text, limit=top)
    floor = max(MIN_SCORE, hits[0].score * RELATIVE) if hits else 0.0
    return {h.key for h in hits if h.score >= floor}


def report(results: Sequence[Result], label: str) -> str:
    lines = [f"{label}: past case in the top {TOP}"]
    lines += [f"  {r.split:8} {r.hits:3}/{r.pairs:<3} = {r.rate:.1%}" for r in results]
    return "\n".join(lines)
