"""Reasons (bot.classifier.reasons): phrases of the text itself, from the model's own weights."""

import copy
import unicodedata

import pytest

from bot.classifier.predict import Classifier
from bot.classifier.reasons import MAX_REASONS
from bot.domain.category import Category
from tests.support.classifier_samples import TEXTS


@pytest.mark.parametrize("text", TEXTS)
def test_reasons_are_phrases_of_the_text(classifier: Classifier, text: str) -> None:
    result = classifier.classify(text)
    assert 1 <= len(result.reasons) <= MAX_REASONS
    assert len(set(result.reasons)) == len(result.reasons)
    for reason in result.reasons:
        assert len(reason) >= 2 and reason == reason.strip()
        assert reason in text  # a substring of the original text, widths and case as written


def test_reasons_merge_overlapping_ngrams_into_readable_phrases(classifier: Classifier) -> None:
    result = classifier.classify("押印を廃止して決裁ルートを見直したい")
    assert result.label is Category.BPR
    assert "決裁ルート" in result.reasons  # 「決裁」+「ルート」, not a stray 2-gram such as 「裁ル」
    assert classifier.classify("ＰｏｗｅｒＡｐｐｓで作ったアプリのボタン").reasons[0] in (
        "アプリ",
        "ＰｏｗｅｒＡｐｐｓ",
    )


def test_reasons_come_from_the_model_weights(model: dict) -> None:
    """Reasons follow the weights: give one phrase a strong weight and it becomes the first reason."""
    text = "会議室の予約方法について相談です"
    rigged = copy.deepcopy(model)
    rigged["weights"] |= {"予約": -8.0, "\t予約": -8.0}
    rigged.pop("version")
    result = Classifier.from_dict(rigged).classify(text)
    assert result.label is Category.BPR and "予約" in result.reasons[0]  # widened to the kanji run 「予約方法」
    silent = {**copy.deepcopy(model), "weights": {}}
    silent.pop("version")
    assert Classifier.from_dict(silent).classify(text).reasons == ()


def test_reasons_push_towards_the_chosen_label(model: dict, classifier: Classifier) -> None:
    weights = model["weights"]
    for text in TEXTS:
        result = classifier.classify(text)
        sign = 1 if result.label is Category.APP else -1
        for reason in result.reasons:
            grams = {reason[i : i + n].lower() for n in (1, 2, 3) for i in range(len(reason) - n + 1)}
            norm = unicodedata.normalize("NFKC", reason).lower()
            grams |= {norm[i : i + n] for n in (1, 2, 3) for i in range(len(norm) - n + 1)}
            grams |= {" " + w for w in norm.split()}
            assert any(sign * weights.get(g, 0.0) > 0 for g in grams), (text, reason)
