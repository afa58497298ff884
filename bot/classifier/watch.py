"""Picking up a retrained classifier model without a restart: watch the model file, swap in the new model.

`ModelWatcher.classify` can replace `Classifier.classify` wherever a classify function is passed: at most every
`interval` seconds it stats the model file (one `os.stat`), and only when the file's mtime, size or inode changed
does it read it.  `save_model` replaces the file atomically, so a half-written model is never read; a file that
cannot be loaded (bad JSON, unknown format) is logged and the current model is kept until the file changes again.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from bot.classifier.data import default_model_path
from bot.classifier.model import DEFAULT_THRESHOLD
from bot.classifier.predict import Classifier
from bot.domain.classification import Classification

_log = logging.getLogger("consult.classifier")


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


class ModelWatcher:
    """The current `Classifier` of a model file, reloaded when the file changes."""

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        interval: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = default_model_path() if path is None else Path(path)
        self.threshold, self.interval, self._clock = threshold, interval, clock
        self._signature = _signature(self.path)
        self._classifier = Classifier.load(self.path, threshold=threshold)  # fails loudly at start-up
        self._checked = clock()

    @property
    def classifier(self) -> Classifier:
        return self._classifier

    @property
    def version(self) -> str:
        return self._classifier.version

    def reload_if_changed(self, *, force: bool = False) -> bool:
        """Reload the model if its file changed (checked at most every `interval` seconds unless `force`).

        True when a model with another version was swapped in.  Cheap enough to call on every turn.
        """
        now = self._clock()
        if not force and now - self._checked < self.interval:
            return False
        self._checked = now
        signature = _signature(self.path)
        if signature is None or signature == self._signature:
            return False
        self._signature = signature  # whatever happens next, do not retry until the file changes again
        try:
            classifier = Classifier.load(self.path, threshold=self.threshold)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            _log.warning("classifier model not reloaded", extra={"path": str(self.path), "error": repr(exc)})
            return False
        if classifier.version == self._classifier.version:
            return False
        _log.info("classifier model reloaded", extra={"old": self._classifier.version, "new": classifier.version})
        self._classifier = classifier
        return True

    def classify(self, text: str) -> Classification:
        self.reload_if_changed()
        return self._classifier.classify(text)
