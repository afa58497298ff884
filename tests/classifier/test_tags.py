"""Sub-tags (bot.classifier.tags): from the development data's tag set, only with evidence, cross-validated."""

from bot.classifier.data import read_examples, seed_data_path
from bot.classifier.predict import Classifier
from tests.support.classifier_samples import TEXTS


def test_tags_come_from_the_development_tag_set(classifier: Classifier) -> None:
    known = {t for e in read_examples(seed_data_path()) for t in e.tags or ()}
    assert set(classifier.tag_names) <= known and len(classifier.tag_names) >= 10
    seen: set[str] = set()
    for text in TEXTS:
        tags = classifier.classify(text).tags
        assert len(tags) <= 4 and len(set(tags)) == len(tags) and set(tags) <= set(classifier.tag_names)
        seen |= set(tags)
    assert seen  # some tags are predicted at all
    assert "power-automate" in classifier.classify("Power Automateのフローが途中で止まります").tags
    assert "approval-flow" in classifier.classify("決裁ルートの承認者を減らしたい").tags


def test_tags_need_evidence(classifier: Classifier) -> None:
    for text in ["", "あ", "。。。", "よろしくお願いします"]:
        assert classifier.classify(text).tags == ()


def test_tag_figures_are_cross_validated(model: dict) -> None:
    per_tag = model["meta"]["tags_cv"]["per_tag"]
    assert set(model["tags"]["tags"]) == {t for t, m in per_tag.items() if m["enabled"]}
    for figures in per_tag.values():
        assert 0.0 <= figures["precision"] <= 1.0 and 0.0 <= figures["recall"] <= 1.0 and figures["n"] >= 1
