"""Reasons and sub-tags of the classifier: from the text itself, from the model's own weights, from the known tags."""

import copy
import json
import unicodedata

import pytest

from bot.domain.category import Category
from bot.domain.classify import Classifier, default_model_path, read_examples, seed_data_path
from bot.domain.classify_reasons import MAX_REASONS

TEXTS = [
    "押印を廃止して決裁ルートを見直したい",
    "ﾊﾟﾜｰｵｰﾄﾒｲﾄのﾌﾛｰがｴﾗｰになります😭 The flow run failed",
    "HTTP アクションで 400 Bad Request が返ってきます",
    "お疲れさまです。市民課の佐藤です。いつもお世話になっております。\n窓口の受付の流れを見直したいです。",
    "ＰｏｗｅｒＡｐｐｓで作ったアプリの保存ボタンが反応しません",
    "ぱわーあっぷすで貸出管理のアプリを作りたい",
    "来客のたびに受付簿に手で書いて、月末に件数を数えています",
    "会議資料のペーパーレス化について相談です",
]


@pytest.fixture(scope="module")
def model() -> dict:
    return json.loads(default_model_path().read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def classifier(model: dict) -> Classifier:
    return Classifier.from_dict(model)


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
