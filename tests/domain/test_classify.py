"""Contracts of the offline consultation classifier (bot.domain.classify)."""

import ast
import json
import statistics
import sys
import time
from pathlib import Path

import pytest

import bot.domain.classify as classify_module
import bot.domain.text_features as text_features_module
from bot.domain.category import Category
from bot.domain.classify import (
    Classification,
    Classifier,
    Example,
    TrainReport,
    cross_validate,
    default_model_path,
    normalize,
    read_examples,
    save_model,
    seed_data_path,
    train,
)

# Written for these tests; none of them occurs in the seed file.
CLEAR_APP = [
    "Power Automateのフローがエラーで止まります",
    "Power Appsのギャラリーに SharePoint リストのデータが表示されません",
    "Formsの回答をTeamsに通知するフローを作りたい",
    "ＰｏｗｅｒＡｐｐｓで作ったアプリのボタンが反応しない",
    "ﾌｫｰﾑの回答をSharePointリストに自動で登録したい",
]
CLEAR_BPR = [
    "押印を廃止して決裁ルートを見直したい",
    "窓口の受付手順を見直して、住民の待ち時間を減らしたい",
    "紙の申請書をやめたい。まず現状の業務の流れ（As-Is）を整理したいです",
    "決裁の回付ルートが長すぎるので承認者を減らせないか相談したい",
]


@pytest.fixture(scope="module")
def seed() -> list[Example]:
    return read_examples(seed_data_path())


@pytest.fixture(scope="module")
def report(seed: list[Example]) -> TrainReport:
    return train(seed)


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier.load()


@pytest.fixture(scope="module")
def oof(seed: list[Example]) -> list[tuple[Category, Classification]]:
    return cross_validate(seed, 5)


def test_normalize_maps_width_variants_and_collapses_whitespace() -> None:
    assert normalize("ＰｏｗｅｒＡｐｐｓ") == normalize("PowerApps") == "powerapps"
    assert normalize("ﾌｫｰﾑ") == normalize("フォーム") == "フォーム"
    assert normalize("ｼｪｱﾎﾟｲﾝﾄ") == "シェアポイント"
    assert normalize("  Power\u3000\tAutomate\n\n  の フロー ") == "power automate の フロー"
    assert normalize("") == normalize(" \n\t\u3000") == ""


def test_width_variants_classify_identically(classifier: Classifier) -> None:
    assert classifier.classify("ＰｏｗｅｒＡｐｐｓのﾌｫｰﾑ画面") == classifier.classify("PowerAppsのフォーム画面")


def test_classify_contract(classifier: Classifier) -> None:
    for text in [*CLEAR_APP, *CLEAR_BPR, "相談があります", "x"]:
        result = classifier.classify(text)
        assert isinstance(result, Classification)
        assert isinstance(result.label, Category)
        assert 0.5 <= result.confidence <= 1.0


def test_deterministic_across_calls_and_loads(seed: list[Example]) -> None:
    first, second = Classifier.load(), Classifier.load(default_model_path())
    assert first.version == second.version and len(first.version) >= 8
    for example in seed[:40]:
        assert first.classify(example.text) == first.classify(example.text) == second.classify(example.text)


def test_train_reproduces_shipped_model_byte_for_byte(report: TrainReport, tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    save_model(report.model, out)
    assert out.read_bytes() == default_model_path().read_bytes()
    assert Classifier.from_dict(report.model).version == Classifier.load(out).version


def test_saved_model_format(tmp_path: Path) -> None:
    raw = default_model_path().read_bytes()
    assert raw.endswith(b"\n") and not raw.endswith(b"\n\n")
    assert len(raw) < 1_000_000
    model = json.loads(raw.decode("utf-8"))
    assert list(model) == sorted(model)
    assert "meta" in model and not any("time" in key or "date" in key for key in model["meta"])
    out = tmp_path / "again.json"
    save_model(model, out)
    assert out.read_bytes() == raw


@pytest.mark.parametrize("text", CLEAR_APP)
def test_clear_app_requests(classifier: Classifier, text: str) -> None:
    assert classifier.classify(text).label is Category.APP


@pytest.mark.parametrize("text", CLEAR_BPR)
def test_clear_process_requests(classifier: Classifier, text: str) -> None:
    assert classifier.classify(text).label is Category.BPR


def test_cross_validated_confidence_is_calibrated(oof: list[tuple[Category, Classification]]) -> None:
    accuracy = statistics.fmean(float(truth is pred.label) for truth, pred in oof)
    mean_confidence = statistics.fmean(pred.confidence for _, pred in oof)
    assert abs(mean_confidence - accuracy) <= 0.1
    assert accuracy >= 0.85  # the stated requirement, on held-out (nested) predictions
    right = [pred.confidence for truth, pred in oof if truth is pred.label]
    wrong = [pred.confidence for truth, pred in oof if truth is not pred.label]
    assert not wrong or statistics.fmean(wrong) < statistics.fmean(right)


def test_confidence_is_low_without_evidence(classifier: Classifier) -> None:
    clear = min(classifier.classify(t).confidence for t in CLEAR_APP[:1] + CLEAR_BPR[:1])
    for text in ["", "   \n\t", "あ", "ああああ", "。"]:
        result = classifier.classify(text)
        assert isinstance(result.label, Category)
        assert 0.5 <= result.confidence < 0.6 < clear


def test_empty_text_returns_prior_class(classifier: Classifier, seed: list[Example]) -> None:
    n_app = sum(e.label is Category.APP for e in seed)
    p_app = (n_app + 1) / (len(seed) + 2)
    result = classifier.classify("")
    assert result.confidence == pytest.approx(max(p_app, 1 - p_app), abs=1e-6)
    assert result == classifier.classify(" ")


def test_huge_input_is_cheap(classifier: Classifier) -> None:
    for text in ["窓口の押印 Power Automate ﾌｫｰﾑ " * 5_000, "あ" * 100_000, "a " * 100_000, "\u3000" * 100_000]:
        started = time.perf_counter()
        result = classifier.classify(text)
        assert time.perf_counter() - started < 0.5
        assert 0.5 <= result.confidence <= 1.0


def test_train_report(report: TrainReport, seed: list[Example]) -> None:
    assert report.n_examples == len(seed)
    for figure in (report.cv_accuracy, report.cv_brier):
        assert 0.0 <= figure <= 1.0
    assert report.cv_log_loss > 0.0
    summary = report.summary()
    text = json.dumps(summary, ensure_ascii=False)
    assert "weights" not in summary and len(text) < 5_000
    assert summary["cv_accuracy"] == report.cv_accuracy
    assert report.model["meta"]["cv"]["accuracy"] == report.cv_accuracy


def test_train_and_read_examples_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        train([Example("押印をなくしたい", Category.BPR), Example("決裁を見直したい", Category.BPR)])
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "label": "bpr"}\n\n{"text": "y", "label": "other"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=":3:"):
        read_examples(bad)


def test_small_training_set_works() -> None:
    examples = [Example(t, Category.APP) for t in CLEAR_APP] + [Example(t, Category.BPR) for t in CLEAR_BPR]
    model = train(examples).model
    clf = Classifier.from_dict(model)
    assert clf.classify("Power Automateのフロー").label is Category.APP
    with pytest.raises(ValueError):
        Classifier.from_dict({**model, "format": "something-else"})


def test_classifier_modules_import_only_stdlib() -> None:
    for module in (classify_module, text_features_module):
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or name.startswith("bot.domain"), name
