"""The quality check on the labelled pairs (bot/data/similar_pairs.jsonl): a later request from another department
for the same improvement finds the past case in its top 3. Speed is measured by bench/similar_bench.py, not here.

What is asserted, and what is not: the issue's 85% holds on the "tune" pairs, those the concept lexicon was shaped
on (a regression check: a lexicon change must not lose them). On the held-out pairs, written after the lexicon and
never tuned on, the rate is about 41% in the top 3 (69% in the top 10): the target is NOT met for new paraphrases
(README, *Similar past consultations (類似の相談・事例)*). The concepts must still do better there than character
bigrams alone."""

import json
from importlib import resources

from bot.similarity.evaluate import TARGET, build, evaluate
from bot.similarity.features import FeatureConfig


def rows() -> list[dict]:
    text = resources.files("bot.data").joinpath("similar_pairs.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_the_pairs_are_what_the_evaluation_says() -> None:
    pairs = [r for r in rows() if "request" in r]
    distractors = [r for r in rows() if "request" not in r]

    assert len(pairs) >= 80 and len(distractors) >= 30
    assert {r["split"] for r in pairs} == {"tune", "holdout"}
    assert sum(r["split"] == "holdout" for r in pairs) >= 25
    for r in pairs:
        past, request = r["past"], r["request"]
        assert past["department"] != request["department"], r["id"]  # from ANOTHER department
        assert past["category"] in ("bpr", "app") and past["resolution"] and past["title"] and past["body"]
    assert len({r["id"] for r in rows()}) == len(rows())


def by_split(config: FeatureConfig | None = None, top: int = 3) -> dict[str, float]:
    index, pairs = build(config) if config else build()
    return {r.split: r.rate for r in evaluate(index, pairs, top)}


def test_the_past_case_is_in_the_top_3_for_at_least_85_percent_of_the_tune_pairs() -> None:
    index, pairs = build()
    tune = next(r for r in evaluate(index, pairs) if r.split == "tune")

    assert tune.pairs >= 100
    assert tune.rate >= TARGET == 0.85, tune.misses


def test_on_held_out_pairs_concepts_do_better_than_character_bigrams_alone() -> None:
    plain, full = by_split(FeatureConfig.plain()), by_split()
    plain10, full10 = by_split(FeatureConfig.plain(), 10), by_split(top=10)

    assert plain["holdout"] <= full["holdout"]
    assert plain10["holdout"] < full10["holdout"]
    assert plain["all"] < 0.6 < full["all"]  # the issue measured about 6 in 10 for character n-grams alone
