"""Retraining a model file (bot.classifier.retrain): the refusal rule, and `install` returning what it did as data
(bot.cli_classifier prints it; the end-to-end behaviour of `consult train` is in tests/test_cli_classifier.py)."""

import json
from pathlib import Path

import pytest

from bot.classifier.data import save_model
from bot.classifier.examples import Example
from bot.classifier.retrain import install, refusal, seed_cv_accuracy, train_from_files
from bot.classifier.train import train
from bot.domain.category import Category
from tests.support.classifier_samples import APP, BPR


def test_refusal_compares_seed_cross_validation() -> None:
    def model(accuracy: float) -> dict:
        return {
            "version": f"v{accuracy}",
            "meta": {"cv": {"accuracy": 0.5, "by_source": {"seed": {"accuracy": accuracy}}}},
        }

    assert refusal(model(0.9), None) is None
    assert refusal(model(0.9), model(0.9)) is None
    assert refusal(model(0.95), model(0.9)) is None
    why = refusal(model(0.85), model(0.9))
    assert why is not None and "0.85" in why and "0.9" in why and "v0.9" in why


def test_install_returns_what_it_did_and_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = train([Example(t, Category.APP) for t in APP] + [Example(t, Category.BPR) for t in BPR])
    output = tmp_path / "model.json"
    output.write_text("{not json", encoding="utf-8")
    installed = install(report, output, shipped_seed=False)
    assert installed.refused is None and len(installed.warnings) == 1
    assert str(output) in installed.warnings[0] and "not compared" in installed.warnings[0]
    assert installed.summary is not None and installed.summary["model"] == str(output)
    assert installed.summary["previous"] is None and installed.summary["forced"] is False
    assert json.loads(output.read_text(encoding="utf-8")) == report.model

    better = {**report.model, "meta": {"cv": {"by_source": {"seed": {"accuracy": 1.01}}}}, "version": "0123456789ab"}
    save_model(better, output)
    refused = install(report, output, shipped_seed=False)
    assert refused.summary is None and refused.warnings == ()
    assert refused.refused == refusal(report.model, better) and "0123456789ab" in refused.refused
    assert json.loads(output.read_text(encoding="utf-8")) == better  # nothing written
    forced = install(report, output, force=True, shipped_seed=False)
    assert forced.summary is not None and forced.summary["forced"] is True
    assert forced.summary["previous"] == {
        "version": "0123456789ab",
        "seed_cv_accuracy": 1.01,
        "kept_as": str(tmp_path / "model-0123456789ab.json"),
    }
    assert forced.summary["seed_cv_accuracy"] == seed_cv_accuracy(report.model)
    assert capsys.readouterr() == ("", "")


def test_train_from_files_reads_seed_extra_and_corrections(tmp_path: Path) -> None:
    seed, extra, fixes = tmp_path / "seed.jsonl", tmp_path / "extra.jsonl", tmp_path / "fixes.jsonl"
    seed.write_text("".join(json.dumps({"text": t, "label": "app"}) + "\n" for t in APP), encoding="utf-8")
    seed.write_text(
        seed.read_text(encoding="utf-8") + "".join(json.dumps({"text": t, "label": "bpr"}) + "\n" for t in BPR),
        encoding="utf-8",
    )
    rows = [{"text": "アプリで受付簿を作りたい", "label": "app"}, {"text": "x", "label": "bpr", "split": "holdout"}]
    extra.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    fixes.write_text(json.dumps({"text": "引継ぎの資料を作りたい", "label": "bpr"}) + "\n", encoding="utf-8")
    # The 対象外 gate (trained from its own file) is left out: it does not read these files, and takes seconds.
    meta = train_from_files(data=seed, extra=extra, corrections=fixes, no_scope=True).model["meta"]
    assert meta["n_by_source"] == {"seed": 12, "extra": 1, "correction": 1}  # the holdout row is not trained on
    only_seed = train_from_files(data=seed, extra=extra, no_extra=True, no_scope=True)
    assert only_seed.model["meta"]["n_by_source"] == {"seed": 12}
    with pytest.raises(OSError):
        train_from_files(data=tmp_path / "missing.jsonl")
