"""Calibration (bot.classifier.metrics.reliability): the reliability table and ECE that `consult train` reports
under cross-validation and `consult eval` reports on a labelled file, so that 90 % means right 9 times in 10."""

import pytest

from bot.classifier.metrics import RELIABILITY_BINS, reliability
from bot.classifier.train import TrainReport
from bot.domain.category import Category

APP, BPR = Category.APP, Category.BPR


def test_reliability_bins_items_by_the_confidence_of_their_predicted_label() -> None:
    # p(app): 0.92 and 0.08 are both 92 % sure; 0.52 is 52 % sure of app; 1.0 falls in the last (closed) bin
    table = reliability([0.92, 0.08, 0.08, 0.52, 1.0], [APP, BPR, APP, BPR, APP], bins=5)
    assert [(b["low"], b["high"], b["n"]) for b in table["bins"]] == [
        (0.5, 0.6, 1),
        (0.6, 0.7, 0),
        (0.7, 0.8, 0),
        (0.8, 0.9, 0),
        (0.9, 1.0, 4),
    ]
    first, last = table["bins"][0], table["bins"][-1]
    assert (first["mean_confidence"], first["accuracy"]) == (0.52, 0.0)  # said app, was bpr
    assert (last["mean_confidence"], last["accuracy"]) == (0.94, 0.75)
    assert table["bins"][1]["mean_confidence"] is None and table["bins"][1]["accuracy"] is None
    assert table["ece"] == pytest.approx(1 / 5 * 0.52 + 4 / 5 * 0.19, abs=1e-4)


def test_perfectly_calibrated_items_have_no_calibration_error() -> None:
    truth = [APP] * 9 + [BPR]  # said 90 % app ten times: right nine times
    assert reliability([0.9] * 10, truth)["ece"] == 0.0
    assert reliability([0.9] * 10, [APP] * 10)["ece"] == pytest.approx(0.1)  # always right: under-confident


def test_the_shipped_model_reports_its_out_of_fold_reliability(report: TrainReport, model: dict) -> None:
    table = model["meta"]["cv"]["reliability"]
    assert report.summary()["cv_calibration"] == table  # what `consult train` prints
    assert len(table["bins"]) == RELIABILITY_BINS and sum(b["n"] for b in table["bins"]) == model["meta"]["n_examples"]
    n = model["meta"]["n_examples"]
    ece = sum(b["n"] / n * abs(b["accuracy"] - b["mean_confidence"]) for b in table["bins"] if b["n"])
    assert table["ece"] == pytest.approx(ece, abs=1e-3)
    # Calibrated under cross-validation: small overall error, and every well-filled bin means what it says (within
    # 10 points: 40 items at 93 % have a standard error of about 4 points).
    assert table["ece"] <= 0.05
    for b in table["bins"]:
        if b["n"] >= 40:
            assert abs(b["accuracy"] - b["mean_confidence"]) <= 0.1, b
