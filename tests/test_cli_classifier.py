"""`consult train`, `consult eval` and `consult classify` (bot.cli_classifier): what they print, what they write,
exit codes: retraining, refusal, versioned model files, figures of a labelled file."""

import io
import json
from pathlib import Path

import pytest

from bot.classifier.data import default_model_path, read_examples, save_model, seed_data_path
from bot.classifier.predict import Classifier
from bot.cli import main
from bot.cli_classifier import eval_command, train_command
from tests.support.classifier_samples import APP, BPR


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    rows = [{"text": t, "label": "app", "difficulty": "clear"} for t in APP]
    rows += [{"text": t, "label": "bpr", "difficulty": "clear"} for t in BPR]
    return write_jsonl(tmp_path / "seed.jsonl", rows)


def run_train(seed: Path, output: Path, *extra: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    corrections = Path(extra[0]) if extra and extra[0] != "--force" else None
    code = train_command(
        data=seed, no_extra=True, corrections=corrections, output=output, force="--force" in extra, out=out, err=err
    )
    return code, out.getvalue(), err.getvalue()


def test_train_writes_a_versioned_model_and_keeps_the_previous(seed: Path, tmp_path: Path) -> None:
    output = tmp_path / "models" / "model.json"
    output.parent.mkdir()
    code, out, _ = run_train(seed, output)
    assert code == 0
    first = json.loads(output.read_text(encoding="utf-8"))
    summary = json.loads(out)
    assert summary["version"] == first["version"] and summary["previous"] is None
    assert first["meta"]["cv"]["by_source"]["seed"]["n"] == 12
    corrections = write_jsonl(tmp_path / "fix.jsonl", [{"text": "アプリで受付簿を作りたい", "label": "app"}])
    code, out, _ = run_train(seed, output, str(corrections), "--force")
    assert code == 0
    second = json.loads(output.read_text(encoding="utf-8"))
    assert second["version"] != first["version"] and second["meta"]["n_by_source"]["correction"] == 1
    kept = output.with_name(f"model-{first['version']}.json")
    assert json.loads(out)["previous"]["kept_as"] == str(kept)
    assert json.loads(kept.read_text(encoding="utf-8")) == first
    assert sorted(p.name for p in output.parent.iterdir()) == sorted([output.name, kept.name])


def test_retrain_that_scores_worse_is_refused_unless_forced(seed: Path, tmp_path: Path) -> None:
    output = tmp_path / "model.json"
    assert run_train(seed, output)[0] == 0
    before = output.read_bytes()
    current = json.loads(before)
    current["meta"]["cv"]["by_source"]["seed"]["accuracy"] = 1.01  # nothing can beat this
    current.pop("version")
    current["version"] = "0123456789ab"
    save_model(current, output)
    before = output.read_bytes()
    code, out, err = run_train(seed, output)
    assert code == 1 and out == ""
    assert "refused" in err and "--force" in err and "1.01" in err
    assert output.read_bytes() == before
    code, out, _ = run_train(seed, output, "--force")
    assert code == 0 and json.loads(out)["forced"] is True
    assert output.read_bytes() != before
    assert (tmp_path / "model-0123456789ab.json").read_bytes() == before


def test_consult_train_command_line(seed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "m.json"
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--data", str(seed), "--no-extra", "--output", str(output)])
    assert exit_info.value.code == 0 and json.loads(capsys.readouterr().out)["model"] == str(output)
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--data", str(tmp_path / "missing.jsonl"), "--output", str(output)])
    assert exit_info.value.code == 2 and "error" in capsys.readouterr().err


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    rows = [{"text": t, "label": "app", "kind": "clear"} for t in APP[:3]]
    rows += [{"text": t, "label": "bpr", "kind": "clear"} for t in BPR[:3]]
    rows += [{"text": "相談があります", "label": "bpr", "kind": "short", "difficulty": "borderline"}]
    rows += [{"text": "フォームの件で", "label": "app", "kind": "short"}]
    return write_jsonl(tmp_path / "eval.jsonl", rows)


def test_eval_json_output(labelled: Path) -> None:
    out = io.StringIO()
    assert eval_command(labelled, as_json=True, out=out) == 0
    result = json.loads(out.getvalue())
    assert {"accuracy", "macro_f1", "abstain_rate", "n", "by_group"} <= set(result)
    assert result["n"] == 8 and 0.0 <= result["accuracy"] <= 1.0 and 0.0 <= result["abstain_rate"] <= 1.0
    assert set(result["labels"]) == {"app", "bpr"} and {"precision", "recall"} <= set(result["labels"]["app"])
    assert sum(sum(row.values()) for row in result["confusion"].values()) == 8
    assert set(result["by_group"]) == {"kind", "difficulty"}
    assert {k: v["n"] for k, v in result["by_group"]["kind"].items()} == {"clear": 6, "short": 2}
    assert result["by_group"]["difficulty"]["borderline"]["n"] == 1
    assert "abstained" in result["note"] and "predicted label" in result["note"]
    assert result["model"]["version"] == Classifier.load().version


def test_eval_accuracy_counts_abstained_items_by_their_predicted_label(labelled: Path) -> None:
    out = io.StringIO()
    assert eval_command(labelled, as_json=True, threshold=1.0, out=out) == 0
    everything_abstained = json.loads(out.getvalue())
    out = io.StringIO()
    assert eval_command(labelled, as_json=True, threshold=0.5, out=out) == 0
    nothing_abstained = json.loads(out.getvalue())
    assert everything_abstained["abstain_rate"] == 1.0 and nothing_abstained["abstain_rate"] == 0.0
    assert everything_abstained["accuracy"] == nothing_abstained["accuracy"]
    assert everything_abstained["accuracy_confident"] is None


def test_eval_text_output_and_errors(labelled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["eval", str(labelled), "--group-by", "kind"])
    text = capsys.readouterr().out
    assert exit_info.value.code == 0
    for needle in ("accuracy", "macro-F1", "abstained", "precision", "recall", "confusion", "kind = short"):
        assert needle in text
    assert "difficulty = " not in text
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"text": "x"}])
    err = io.StringIO()
    assert eval_command(bad, err=err) == 2 and "bad.jsonl:1" in err.getvalue()
    empty = write_jsonl(tmp_path / "empty.jsonl", [])
    assert eval_command(empty, err=io.StringIO()) == 2


def test_classify_command_line_explains(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["classify", "--explain", "--threshold", "0.9", "押印を廃止して決裁ルートを見直したい"])
    result = json.loads(capsys.readouterr().out)
    assert exit_info.value.code == 0 and result["label"] == "bpr" and result["threshold"] == 0.9
    assert set(result) == {"label", "confidence", "needs_triage", "reasons", "tags", "threshold", "model_version"}
    assert all(r in "押印を廃止して決裁ルートを見直したい" for r in result["reasons"])
    with pytest.raises(SystemExit) as exit_info:
        main(["classify", "--threshold", "0.2", "x"])
    assert exit_info.value.code == 2 and "threshold" in capsys.readouterr().err


def test_classify_with_a_model_file_that_is_not_a_json_object_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "model.json"
    model.write_text("[]", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["classify", "--model", str(model), "x"])
    assert exit_info.value.code == 2 and "not a JSON object" in capsys.readouterr().err


def test_bad_corrections_on_the_real_data_are_refused(tmp_path: Path) -> None:
    """Corrections that contradict the seed data lower its cross-validated accuracy: the retrain is refused, also
    for a first retrain to a new path (compared with the shipped model). The 対象外 gate is left out of this
    retrain (it has no say in the seed data's accuracy, and training it takes most of a minute)."""
    seed = read_examples(seed_data_path())
    flipped = [{"text": e.text, "label": str(e.label.other)} for e in seed[:40]]
    corrections = write_jsonl(tmp_path / "bad.jsonl", flipped)
    output = tmp_path / "model.json"
    out, err = io.StringIO(), io.StringIO()
    code = train_command(corrections=corrections, output=output, no_scope=True, out=out, err=err)
    assert code == 1 and not output.exists() and out.getvalue() == ""
    assert "refused" in err.getvalue() and str(Classifier.load().version) in err.getvalue()


@pytest.mark.parametrize("argv", [["classify", ""], ["classify", "  \u3000\n\t"], ["classify", "--explain", " "]])
def test_classify_refuses_empty_text(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    shown = capsys.readouterr()
    assert exit_info.value.code == 2 and shown.out == ""
    assert "error: the text is empty" in shown.err


def test_classify_refuses_empty_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n \n"))
    with pytest.raises(SystemExit) as exit_info:
        main(["classify", "-"])
    shown = capsys.readouterr()
    assert exit_info.value.code == 2 and shown.out == "" and "nothing to classify" in shown.err


def test_classify_says_a_message_without_a_request_needs_triage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["classify", "--explain", "相談です"])
    result = json.loads(capsys.readouterr().out)
    assert exit_info.value.code == 0 and result["needs_triage"] is True and result["reasons"] == []


def test_eval_prints_the_reliability_table(labelled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    assert eval_command(labelled, as_json=True, out=out) == 0
    table = json.loads(out.getvalue())["reliability"]
    assert len(table["bins"]) == 10 and sum(b["n"] for b in table["bins"]) == 8 and 0.0 <= table["ece"] <= 0.5
    with pytest.raises(SystemExit):
        main(["eval", str(labelled)])
    text = capsys.readouterr().out
    assert "confidence" in text and "mean conf." in text and "ECE " in text
    assert "0.95-1.00" in text and "0.50-0.55" in text


def test_classify_prints_out_of_scope_with_its_topic(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as done:
        main(["classify", "プリンターが紙詰まりして印刷できません"])
    assert done.value.code in (0, None)
    shown = json.loads(capsys.readouterr().out)
    assert shown["label"] == "out_of_scope" and shown["topic"] == "printer" and shown["confidence"] >= 0.5
    assert shown["in_scope_label"] in ("bpr", "app")
    # A model file of format /2 (no scope gate) still loads, and never answers out_of_scope.
    old = json.loads(default_model_path().read_text(encoding="utf-8"))
    old = {k: v for k, v in old.items() if k != "scope"} | {"format": "consult-bot/char-ngram-logreg/2"}
    save_model(old, tmp_path / "old.json")
    with pytest.raises(SystemExit):
        main(["classify", "--model", str(tmp_path / "old.json"), "プリンターが紙詰まりして印刷できません"])
    assert json.loads(capsys.readouterr().out)["label"] in ("bpr", "app")


def test_eval_reports_three_labels_when_out_of_scope_rows_are_there(tmp_path: Path) -> None:
    rows = [{"text": t, "label": "app"} for t in APP[:2]] + [{"text": t, "label": "bpr"} for t in BPR[:2]]
    rows += [
        {"text": "パソコンの電源が入りません", "label": "out_of_scope", "topic": "pc"},
        {"text": "会議室を明日予約したいです", "label": "out_of_scope", "topic": "room"},
    ]
    file = write_jsonl(tmp_path / "three.jsonl", rows)
    out = io.StringIO()
    assert eval_command(file, as_json=True, out=out) == 0
    result = json.loads(out.getvalue())
    assert list(result["labels"]) == ["bpr", "app", "out_of_scope"]
    assert result["labels"]["out_of_scope"]["support"] == 2 and result["labels"]["out_of_scope"]["recall"] == 1.0
    assert result["confusion"]["out_of_scope"] == {"bpr": 0, "app": 0, "out_of_scope": 2}
    text = io.StringIO()
    assert eval_command(file, out=text) == 0
    assert "out_of_scope" in text.getvalue() and "precision" in text.getvalue()
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"text": "x", "label": "out_of_scope"}])  # no topic
    err = io.StringIO()
    assert eval_command(bad, out=io.StringIO(), err=err) == 2 and "topic" in err.getvalue()
