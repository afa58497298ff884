"""The quality check on the labelled pairs (bot/data/similar_pairs.jsonl): a later request from another department
for the same improvement finds the past case in its top 3. Speed is measured by bench/similar_bench.py, not here."""

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
    assert sum(r["split"] == "holdout" for r in pairs) >= len(pairs) // 4
    for r in pairs:
        past, request = r["past"], r["request"]
        assert past["department"] != request["department"], r["id"]  # from ANOTHER department
        assert past["category"] in ("bpr", "app") and past["resolution"] and past["title"] and past["body"]
    assert len({r["id"] for r in rows()}) == len(rows())


def test_the_past_case_is_in_the_top_3_for_at_least_85_percent_of_the_pairs() -> None:
    index, pairs = build()
    everything = evaluate(index, pairs)[-1]

    assert everything.split == "all" and everything.pairs >= 80
    assert everything.rate >= TARGET == 0.85, everything.misses


def test_character_bigrams_alone_do_worse_than_with_concepts() -> None:
    """What the concepts are for: the issue measured about 6 in 10 for character n-grams alone."""
    plain = evaluate(*build(FeatureConfig.plain()))[-1]
    full = evaluate(*build())[-1]

    assert plain.rate < 0.6 < full.rate
