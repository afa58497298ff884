"""Contracts of the offline consultation classifier (bot.domain.classify): label, calibrated confidence, abstention,
reproducible training, stdlib only.  No test asserts an accuracy on the training data."""

import ast
import json
import statistics
import sys
import time
from pathlib import Path

import pytest

import bot.domain.classify as classify_module
from bot.domain.category import Category
from bot.domain.classify import (
    DEFAULT_THRESHOLD,
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
    training_examples,
)
from bot.domain.classify_train import model_version

# Written for these tests; none of them occurs in the seed or extra files.
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
SMALL = [Example(t, Category.APP) for t in CLEAR_APP] + [Example(t, Category.BPR) for t in CLEAR_BPR]


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return training_examples()


@pytest.fixture(scope="module")
def report(examples: list[Example]) -> TrainReport:
    return train(examples)


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier.load()


def test_normalize_maps_width_variants_and_collapses_whitespace() -> None:
    assert normalize("ＰｏｗｅｒＡｐｐｓ") == normalize("PowerApps") == "powerapps"
    assert normalize("ﾌｫｰﾑ") == normalize("フォーム") == "フォーム"
    assert normalize("ｼｪｱﾎﾟｲﾝﾄ") == "シェアポイント"
    assert normalize("  Power\u3000\tAutomate\n\n  の フロー ") == "power automate の フロー"
    assert normalize("") == normalize(" \n\t\u3000") == ""


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


def test_train_reproduces_shipped_model_byte_for_byte(report: TrainReport, tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    save_model(report.model, out)
    assert out.read_bytes() == default_model_path().read_bytes()
    assert Classifier.from_dict(report.model).version == Classifier.load(out).version == report.model["version"]


def test_saved_model_format(tmp_path: Path) -> None:
    raw = default_model_path().read_bytes()
    assert raw.endswith(b"\n") and not raw.endswith(b"\n\n")
    assert len(raw) < 2_000_000
    model = json.loads(raw.decode("utf-8"))
    assert list(model) == sorted(model)
    assert model["version"] == model_version(model)  # the file carries its own version: a hash of the rest
    assert "meta" in model and not any("time" in key or "date" in key for key in model["meta"])
    out = tmp_path / "again.json"
    save_model(model, out)
    assert out.read_bytes() == raw
    assert [p.name for p in tmp_path.iterdir()] == ["again.json"]  # the atomic write leaves no temporary file
    assert out.stat().st_mode & 0o777 == 0o644  # readable by the bot's user, not mkstemp's 0600
    out.chmod(0o640)
    save_model(model, out)
    assert out.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its mode


@pytest.mark.parametrize("text", CLEAR_APP)
def test_clear_app_requests(classifier: Classifier, text: str) -> None:
    assert classifier.classify(text).label is Category.APP


@pytest.mark.parametrize("text", CLEAR_BPR)
def test_clear_process_requests(classifier: Classifier, text: str) -> None:
    assert classifier.classify(text).label is Category.BPR


def test_cross_validated_figures_are_reported_per_source_and_difficulty(report: TrainReport) -> None:
    cv = report.model["meta"]["cv"]
    assert set(cv["by_source"]) == {"seed", "extra"}
    assert set(cv["by_group"]["seed"]) == {"clear", "borderline"}
    assert set(cv["by_group"]["extra"]) == {"short", "greeting", "noisy", "indirect", "borderline"}
    seed = cv["by_source"]["seed"]
    assert seed["n"] == 240 and 0.0 <= seed["accuracy"] <= 1.0 and 0.0 <= seed["abstain_rate"] <= 1.0
    # Out-of-fold confidence is honest: its mean is close to the out-of-fold accuracy.
    assert abs(cv["mean_confidence"] - cv["accuracy"]) <= 0.1


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
    for text in ["窓口の押印 Power Automate ﾌｫｰﾑ " * 5_000, "あ" * 100_000, "a " * 100_000, "\u3000" * 100_000]:
        started = time.perf_counter()
        result = classifier.classify(text)
        assert time.perf_counter() - started < 0.5
        assert 0.5 <= result.confidence <= 1.0


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


def test_read_examples_fields_and_split(tmp_path: Path) -> None:
    seed = read_examples(seed_data_path(), source="seed")
    assert len(seed) == 240 and {e.group for e in seed} == {"clear", "borderline"}
    assert all(e.tags and e.source == "seed" for e in seed)
    f = tmp_path / "x.jsonl"
    rows = [{"text": "a", "label": "app", "split": "holdout", "kind": "short"}, {"text": "b", "label": "bpr"}]
    f.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert [e.text for e in read_examples(f, split="train")] == ["b"]
    assert [(e.text, e.group, e.tags) for e in read_examples(f)] == [("a", "short", None), ("b", "", None)]


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


def test_nested_cross_validation_contract() -> None:
    out = cross_validate(SMALL, 2)
    assert [truth for truth, _ in out] == [e.label for e in SMALL]
    assert all(isinstance(pred, Classification) for _, pred in out)
    assert out == cross_validate(SMALL, 2)


def test_classifier_modules_import_only_stdlib() -> None:
    domain = Path(classify_module.__file__).parent
    for path in [domain / "text_features.py", *sorted(domain.glob("classify*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in sys.stdlib_module_names or name.startswith("bot.domain"), (path, name)


def test_calibration_is_not_worse_on_held_out_written_examples(classifier: Classifier) -> None:
    """The extra examples' holdout split is never trained on: confidence there must not be wildly overconfident."""
    text = Path(seed_data_path()).with_name("extra_examples.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    held = [r for r in rows if r["split"] == "holdout"]
    results = [classifier.classify(r["text"]) for r in held]
    accuracy = statistics.fmean(str(c.label) == r["label"] for c, r in zip(results, held, strict=True))
    assert statistics.fmean(c.confidence for c in results) - accuracy <= 0.1
