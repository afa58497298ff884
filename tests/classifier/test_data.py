"""The classifier's files (bot.classifier.data, bot.classifier.model): the model file's canonical form, version and
atomic write, and the labelled data files."""

import json
from pathlib import Path

import pytest

from bot.classifier.data import default_model_path, read_examples, read_model, save_model, seed_data_path
from bot.classifier.model import model_version


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


def test_read_examples_fields_and_split(tmp_path: Path) -> None:
    seed = read_examples(seed_data_path(), source="seed")
    assert len(seed) == 240 and {e.group for e in seed} == {"clear", "borderline"}
    assert all(e.tags and e.source == "seed" for e in seed)
    f = tmp_path / "x.jsonl"
    rows = [{"text": "a", "label": "app", "split": "holdout", "kind": "short"}, {"text": "b", "label": "bpr"}]
    f.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert [e.text for e in read_examples(f, split="train")] == ["b"]
    assert [(e.text, e.group, e.tags) for e in read_examples(f)] == [("a", "short", None), ("b", "", None)]


@pytest.mark.parametrize("content", ["[]", "null", '"a model"', "3"])
def test_a_model_file_that_is_not_a_json_object_cannot_be_read(tmp_path: Path, content: str) -> None:
    """Readers of a model file (consult classify / train / eval, the watcher) handle OSError and ValueError: other
    JSON than an object is a ValueError here, not an AttributeError later."""
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match="not a JSON object"):
        read_model(path)
