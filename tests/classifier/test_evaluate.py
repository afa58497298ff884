"""Measuring a classifier (bot.classifier.evaluate): the figures of a labelled file, nested cross-validation."""

import json
from pathlib import Path

import pytest

from bot.classifier.evaluate import cross_validate, evaluate_file
from bot.classifier.predict import Classifier
from bot.domain.classification import Classification
from tests.support.classifier_samples import CLEAR_APP, CLEAR_BPR, SMALL


def test_nested_cross_validation_contract() -> None:
    out = cross_validate(SMALL, 2)
    assert [truth for truth, _ in out] == [e.label for e in SMALL]
    assert all(isinstance(pred, Classification) for _, pred in out)
    assert out == cross_validate(SMALL, 2)


def test_evaluate_file_returns_the_figures_or_says_what_is_wrong(tmp_path: Path) -> None:
    rows = [{"text": t, "label": "app", "kind": "clear"} for t in CLEAR_APP]
    rows += [{"text": t, "label": "bpr", "difficulty": "borderline"} for t in CLEAR_BPR]
    file = tmp_path / "eval.jsonl"
    file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    result = evaluate_file(file, threshold=0.9, group_by=["kind"])
    assert result["n"] == len(rows) and result["model"] == {"version": Classifier.load().version, "threshold": 0.9}
    assert result["by_group"] == {"kind": {"clear": result["by_group"]["kind"]["clear"]}}
    assert result["by_group"]["kind"]["clear"]["n"] == len(CLEAR_APP)
    assert set(evaluate_file(file)["by_group"]) == {"kind", "difficulty"}  # GROUP_FIELDS by default
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(ValueError, match="holds no examples"):
        evaluate_file(empty)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1"):
        evaluate_file(bad)
    with pytest.raises(OSError):
        evaluate_file(file, model=tmp_path / "missing.json")
