"""Contracts of the offline consultation classifier (bot.classifier.predict): label, calibrated confidence,
abstention, reasons and tags within bounds, determinism, cost.  No test asserts an accuracy on the training data."""

import json
import statistics
from pathlib import Path

import pytest

from bot.classifier.data import default_model_path, seed_data_path
from bot.classifier.examples import Example
from bot.classifier.features import MAX_CHARS, RAW_CAP, prepare
from bot.classifier.model import DEFAULT_THRESHOLD
from bot.classifier.predict import MEMO_SIZE, Classifier
from bot.classifier.train import TrainReport
from bot.domain.category import Category
from bot.domain.classification import Classification
from tests.support.classifier_samples import CLEAR_APP, CLEAR_BPR


def test_width_variants_classify_identically(classifier: Classifier) -> None:
    a, b = classifier.classify("ＰｏｗｅｒＡｐｐｓのﾌｫｰﾑ画面"), classifier.classify("PowerAppsのフォーム画面")
    assert (a.label, a.confidence, a.tags) == (b.label, b.confidence, b.tags)


def test_classify_contract(classifier: Classifier) -> None:
    for text in [*CLEAR_APP, *CLEAR_BPR, "相談があります", "x", ""]:
        result = classifier.classify(text)
        assert isinstance(result, Classification)
        assert isinstance(result.label, Category)
        assert 0.5 <= result.confidence <= 1.0
        assert result.needs_triage is (result.confidence < classifier.threshold)
        assert isinstance(result.reasons, tuple) and len(result.reasons) <= 3
        assert isinstance(result.tags, tuple) and len(result.tags) <= 4


def test_deterministic_across_calls_and_loads(examples: list[Example]) -> None:
    first, second = Classifier.load(), Classifier.load(default_model_path())
    assert first.version == second.version and len(first.version) == 12
    for example in examples[:60]:
        assert first.classify(example.text) == first.classify(example.text) == second.classify(example.text)


@pytest.mark.parametrize("text", CLEAR_APP)
def test_clear_app_requests(classifier: Classifier, text: str) -> None:
    assert classifier.classify(text).label is Category.APP


@pytest.mark.parametrize("text", CLEAR_BPR)
def test_clear_process_requests(classifier: Classifier, text: str) -> None:
    assert classifier.classify(text).label is Category.BPR


def test_confidence_is_low_without_evidence(classifier: Classifier) -> None:
    clear = min(classifier.classify(t).confidence for t in CLEAR_APP[:1] + CLEAR_BPR[:1])
    for text in ["", "   \n\t", "あ", "ああああ", "。"]:
        result = classifier.classify(text)
        assert isinstance(result.label, Category)
        assert 0.5 <= result.confidence < 0.6 < clear
        assert result.needs_triage and result.tags == ()


def test_empty_text_returns_prior_class(classifier: Classifier, report: TrainReport) -> None:
    result = classifier.classify("")
    assert result.confidence == pytest.approx(max(report.model["prior_app"], 1 - report.model["prior_app"]))
    assert result == classifier.classify(" ")


def test_abstention_follows_the_threshold() -> None:
    texts = [*CLEAR_APP, *CLEAR_BPR, "相談があります", "フォームの件で", "会議が多い"]
    for threshold in (0.5, DEFAULT_THRESHOLD, 0.9, 1.0):
        clf = Classifier.load(threshold=threshold)
        assert clf.threshold == threshold
        for text in texts:
            result = clf.classify(text)
            assert result.needs_triage is (result.confidence < threshold)
    assert not any(Classifier.load(threshold=0.5).classify(t).needs_triage for t in texts)
    assert all(Classifier.load(threshold=1.0).classify(t).needs_triage for t in texts)
    for bad in (0.49, 1.01, -1.0):
        with pytest.raises(ValueError, match="threshold"):
            Classifier.load(threshold=bad)


def test_huge_input_is_cheap(classifier: Classifier) -> None:
    """Only a bounded prefix is read, so a huge text costs what MAX_CHARS costs (the speed itself is measured by
    bench/classify_bench.py, never asserted here)."""
    for text in ["窓口の押印 Power Automate ﾌｫｰﾑ " * 5_000, "あ" * 100_000, "a " * 100_000, "\u3000" * 100_000]:
        assert len(prepare(text)) <= MAX_CHARS
        assert classifier.classify(text) == classifier.classify(text[:RAW_CAP])  # nothing past the cap is read
        assert 0.5 <= classifier.classify(text).confidence <= 1.0


def test_calibration_is_not_worse_on_held_out_written_examples(classifier: Classifier) -> None:
    """The extra examples' holdout split is never trained on: confidence there must not be wildly overconfident."""
    text = Path(seed_data_path()).with_name("extra_examples.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    held = [r for r in rows if r["split"] == "holdout"]
    results = [classifier.classify(r["text"]) for r in held]
    accuracy = statistics.fmean(str(c.label) == r["label"] for c, r in zip(results, held, strict=True))
    assert statistics.fmean(c.confidence for c in results) - accuracy <= 0.1


@pytest.mark.parametrize(
    "text", ["相談です", "お疲れ様です。相談があります。", "すみません、質問です", "よろしくお願いします"]
)
def test_a_message_without_a_request_needs_triage(classifier: Classifier, text: str) -> None:
    result = classifier.classify(text)
    assert result.needs_triage and result.confidence < 0.6
    assert result.reasons == () and result.tags == ()


@pytest.mark.parametrize("text", [*CLEAR_APP, *CLEAR_BPR])
def test_filler_openers_change_nothing(classifier: Classifier, text: str) -> None:
    """Filler is not read: with 「相談です」 or a greeting in front, the result (reasons included) is the same."""
    plain = classifier.classify(text)
    for opener in (
        "相談です\n",
        "お疲れ様です。相談です。",
        "すみません、",
        "お世話になっております。市民課の佐藤です。",
    ):
        assert classifier.classify(opener + text) == plain
    assert "相談" not in "".join(classifier.classify("相談です\n押印を廃止して決裁ルートを見直したい").reasons)


def test_a_model_written_before_filler_was_dropped_still_reads_it(model: dict) -> None:
    """Model files without `drop_filler` (trained before it existed) keep their features: filler is read."""
    features = {k: v for k, v in model["features"].items() if k != "drop_filler"}
    old = Classifier.from_dict({**model, "features": features})
    assert model["features"]["drop_filler"] is True
    assert old.probability_app("相談です") != Classifier.from_dict(model).probability_app("相談です")


def test_the_same_text_is_answered_from_memory_and_the_memory_is_bounded(classifier: Classifier) -> None:
    """An intake asks about one text twice (in scope? then its category): the second answer is the first one."""
    first = classifier.classify(CLEAR_BPR[0])
    assert classifier.classify(CLEAR_BPR[0]) is first
    for i in range(MEMO_SIZE):
        classifier.classify(f"{CLEAR_APP[0]} ({i})")
    again = classifier.classify(CLEAR_BPR[0])  # pushed out by MEMO_SIZE newer texts: worked out again, the same
    assert again is not first and again == first
