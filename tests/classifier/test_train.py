"""Training (bot.classifier.train): reproducible byte for byte, cross-validated figures per source and group,
weighted corrections."""

import json
from pathlib import Path

import pytest

from bot.classifier.data import default_model_path, read_examples, save_model
from bot.classifier.examples import Example
from bot.classifier.predict import Classifier
from bot.classifier.train import TrainReport, train
from bot.domain.category import Category
from tests.support.classifier_samples import SMALL


def test_train_reproduces_shipped_model_byte_for_byte(report: TrainReport, tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    save_model(report.model, out)
    assert out.read_bytes() == default_model_path().read_bytes()
    assert Classifier.from_dict(report.model).version == Classifier.load(out).version == report.model["version"]


def test_cross_validated_figures_are_reported_per_source_and_difficulty(report: TrainReport) -> None:
    cv = report.model["meta"]["cv"]
    assert set(cv["by_source"]) == {"seed", "extra"}
    assert set(cv["by_group"]["seed"]) == {"clear", "borderline"}
    assert set(cv["by_group"]["extra"]) == {"short", "greeting", "noisy", "indirect", "borderline", "plain"}
    seed = cv["by_source"]["seed"]
    assert seed["n"] == 240 and 0.0 <= seed["accuracy"] <= 1.0 and 0.0 <= seed["abstain_rate"] <= 1.0
    # Out-of-fold confidence is honest: its mean is close to the out-of-fold accuracy.
    assert abs(cv["mean_confidence"] - cv["accuracy"]) <= 0.1


def test_train_report(report: TrainReport, examples: list[Example]) -> None:
    assert report.n_examples == len(examples)
    for figure in (report.cv_accuracy, report.cv_brier):
        assert 0.0 <= figure <= 1.0
    assert report.cv_log_loss > 0.0
    summary = report.summary()
    text = json.dumps(summary, ensure_ascii=False)
    assert "weights" not in summary and len(text) < 8_000
    assert summary["cv_accuracy"] == report.cv_accuracy == report.model["meta"]["cv"]["accuracy"]
    assert summary["version"] == report.model["version"]


def test_train_and_read_examples_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        train([Example("押印をなくしたい", Category.BPR), Example("決裁を見直したい", Category.BPR)])
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "label": "bpr"}\n\n{"text": "y", "label": "other"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=":3:"):
        read_examples(bad)


def test_small_training_set_works() -> None:
    model = train(SMALL).model
    clf = Classifier.from_dict(model)
    assert clf.classify("Power Automateのフロー").label is Category.APP
    with pytest.raises(ValueError):
        Classifier.from_dict({**model, "format": "something-else"})


def test_corrections_are_weighted_examples_and_last_one_wins() -> None:
    text = "申請の受付方法について相談です"
    plain = train(SMALL).model
    corrected = train(SMALL, [Example(text, Category.BPR), Example(text, Category.APP)]).model
    assert corrected["meta"]["n_by_source"] == {"-": len(SMALL), "correction": 1}
    assert corrected["meta"]["correction_weight"] == 2.0
    p_plain = Classifier.from_dict(plain).probability_app(text)
    assert Classifier.from_dict(corrected).probability_app(text) > p_plain
    assert train(SMALL, [Example(text, Category.APP)]).model == corrected  # deterministic; last label wins
