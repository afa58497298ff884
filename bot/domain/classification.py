"""What the rest of the bot knows about classification: the result of classifying a text and the classifier's shape.

The classifier itself (features, model file, training, hot reload) is the `bot.classifier` package; the domain
does not import it.  Anything that turns a text into a `Classification` can be handed to the services as a
`ClassifyFn` (app.py hands in `bot.classifier.watch.ModelWatcher.classify`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.domain.category import Category
from bot.domain.scope import OutOfScope


@dataclass(frozen=True)
class Classification:
    label: Category
    confidence: float  # calibrated probability of `label`, in [0.5, 1.0]
    needs_triage: bool = False  # confidence below the classifier's threshold: show 要確認 and offer both categories
    reasons: tuple[str, ...] = ()  # up to 3 phrases of the text that pushed most towards `label`, strongest first
    tags: tuple[str, ...] = ()  # predicted sub-tags (from the development data's tag set), at most 4
    out_of_scope: OutOfScope | None = None  # not a DX consultation (対象外); label etc. still say what it would be


class Classified(Protocol):
    """What the services read of a classification (`Classification` satisfies it; so may a test's stand-in)."""

    @property
    def label(self) -> Category: ...
    @property
    def confidence(self) -> float: ...
    @property
    def needs_triage(self) -> bool: ...
    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def reasons(self) -> tuple[str, ...]: ...
    @property
    def out_of_scope(self) -> OutOfScope | None: ...


ClassifyFn = Callable[[str], Classified]


class Classifier(Protocol):
    """Anything with a `classify` method (bot.classifier.predict.Classifier, bot.classifier.watch.ModelWatcher)."""

    def classify(self, text: str) -> Classification: ...
