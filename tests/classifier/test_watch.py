"""Hot reload (bot.classifier.watch): a changed model file is swapped in, a broken one is not."""

import os
from pathlib import Path

from bot.classifier.data import save_model
from bot.classifier.examples import Example
from bot.classifier.predict import Classifier
from bot.classifier.train import train
from bot.classifier.watch import ModelWatcher
from bot.domain.category import Category
from tests.support.classifier_samples import APP, BPR


def test_watcher_reloads_a_changed_model(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    first = train([Example(t, Category.APP) for t in APP] + [Example(t, Category.BPR) for t in BPR]).model
    save_model(first, path)
    now = [0.0]
    watcher = ModelWatcher(path, threshold=0.7, interval=10.0, clock=lambda: now[0])
    assert watcher.version == first["version"] and watcher.classifier.threshold == 0.7
    assert watcher.reload_if_changed() is False
    second = train(
        [Example(t, Category.APP) for t in APP] + [Example(t, Category.BPR) for t in BPR],
        [Example("アプリで受付簿を作りたい", Category.APP)],
    ).model
    save_model(second, path)
    os.utime(path, ns=(1, 1))  # a different mtime even on coarse file systems
    assert watcher.reload_if_changed() is False  # not checked again before the interval
    now[0] = 11.0
    assert watcher.reload_if_changed() is True
    assert watcher.version == second["version"] and watcher.classifier.threshold == 0.7
    assert watcher.classify("フローを作りたい") == Classifier.from_dict(second, threshold=0.7).classify(
        "フローを作りたい"
    )
    path.write_text("{not json", encoding="utf-8")  # a broken file: keep the current model
    assert watcher.reload_if_changed(force=True) is False and watcher.version == second["version"]
    assert watcher.reload_if_changed(force=True) is False  # and do not retry until the file changes again
    save_model(first, path)
    os.utime(path, ns=(2, 2))
    assert watcher.reload_if_changed(force=True) is True and watcher.version == first["version"]


def test_watcher_on_the_default_model_is_cheap_per_call() -> None:
    watcher = ModelWatcher(interval=3600.0)
    assert watcher.version == Classifier.load().version
    assert watcher.classify("フローが止まりました").label is Category.APP
