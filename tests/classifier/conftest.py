"""Fixtures of the classifier tests: the default training data, one model trained on it (trained once per session:
it takes seconds), the shipped model and its classifier."""

import json

import pytest

from bot.classifier.data import default_model_path, scope_training_examples, training_examples
from bot.classifier.examples import Example
from bot.classifier.predict import Classifier
from bot.classifier.train import TrainReport, train


@pytest.fixture(scope="session")
def examples() -> list[Example]:
    return training_examples()


@pytest.fixture(scope="session")
def report(examples: list[Example]) -> TrainReport:
    """What `consult train` builds by default: the BPR/app model and the 対象外 gate."""
    return train(examples, scope=scope_training_examples())


@pytest.fixture(scope="session")
def classifier() -> Classifier:
    return Classifier.load()


@pytest.fixture(scope="session")
def model() -> dict:
    """The shipped model file's content."""
    return json.loads(default_model_path().read_text(encoding="utf-8"))
