"""Which category each sub-tag belongs to (bot.classifier.tags.TAG_CATEGORY), as the development data says, and
what reclassifying keeps."""

from collections import Counter

from bot.classifier.examples import Example
from bot.classifier.predict import Classifier
from bot.classifier.tags import TAG_CATEGORY, tags_for_category
from bot.domain.category import Category
from bot.texts import CATALOGUE

HOME_SHARE = 0.75


def test_each_tag_belongs_to_the_category_of_three_quarters_of_its_examples(examples: list[Example]) -> None:
    counts: dict[str, Counter[Category]] = {}
    for e in examples:
        for tag in e.tags or ():
            counts.setdefault(tag, Counter())[e.label] += 1
    for tag, by_category in sorted(counts.items()):
        category, n = by_category.most_common(1)[0]
        home = category if n / sum(by_category.values()) >= HOME_SHARE else None
        assert TAG_CATEGORY.get(tag) is home, (tag, dict(by_category))
    assert set(TAG_CATEGORY) <= set(counts)


def test_every_tag_the_model_predicts_has_names_for_the_cards(classifier: Classifier) -> None:
    for tag in {*classifier.tag_names, *TAG_CATEGORY}:
        assert CATALOGUE[f"tag.{tag}"]["ja"] and CATALOGUE[f"tag.{tag}"]["en"]


def test_moving_to_the_other_category_drops_the_tags_of_the_one_left() -> None:
    tags = ("counter-service", "paper-reduction", "as-is-to-be", "approval-flow", "power-apps", "unknown-tag")
    assert tags_for_category(tags, Category.APP) == ("approval-flow", "power-apps", "unknown-tag")
    assert tags_for_category(tags, Category.BPR) == (
        "counter-service",
        "paper-reduction",
        "as-is-to-be",
        "approval-flow",
        "unknown-tag",
    )
