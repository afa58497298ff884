"""The regression set (bot/data/regression_examples.jsonl): plain requests about the desk's everyday topics, written
the way staff write them. The shipped model must file every one right and confidently (not 要確認); the set is
never trained on."""

import collections

from bot.classifier.data import extra_data_path, read_examples, read_rows, regression_data_path, seed_data_path
from bot.classifier.examples import Example
from bot.classifier.predict import Classifier
from bot.domain.category import Category

README_EXAMPLE = "申請書の押印を廃止して、決裁ルートを見直したいです。紙の申請が月200件あります。"
TOPICS = {
    "押印": Category.BPR,
    "決裁": Category.BPR,
    "紙": Category.BPR,
    "窓口": Category.BPR,
    "Power Apps": Category.APP,
    "フロー": Category.APP,
    "Forms": Category.APP,
    "SharePointリスト": Category.APP,
}


def test_every_plain_request_is_right_and_confident(classifier: Classifier) -> None:
    missed = []
    for e in read_examples(regression_data_path()):
        result = classifier.classify(e.text)
        if result.label is not e.label or result.needs_triage:
            missed.append((e.text, str(e.label), str(result.label), round(result.confidence, 3)))
    assert missed == []


def test_the_readme_example_is_filed_as_bpr_without_triage(classifier: Classifier) -> None:
    result = classifier.classify(README_EXAMPLE)
    assert result.label is Category.BPR and result.confidence >= classifier.threshold and not result.needs_triage


def test_the_set_covers_the_desk_topics_and_is_never_trained_on(examples: list[Example]) -> None:
    rows = [row for _, row in read_rows(regression_data_path())]
    assert 30 <= len(rows) <= 60
    assert {row["split"] for row in rows} == {"regression"}  # what training reads is split "train"
    assert read_examples(regression_data_path(), split="train") == []
    per_topic = collections.Counter(row["topic"] for row in rows)
    assert set(per_topic) == set(TOPICS) and min(per_topic.values()) >= 6
    assert all(Category(row["label"]) is TOPICS[row["topic"]] for row in rows)
    assert README_EXAMPLE in {row["text"] for row in rows}
    texts = {row["text"] for row in rows}
    assert len(texts) == len(rows)
    known = {e.text for e in examples}
    known |= {e.text for e in read_examples(extra_data_path())} | {e.text for e in read_examples(seed_data_path())}
    assert texts.isdisjoint(known)
