"""The scope gate (bot.classifier.scope) on a few written examples: it is trained beside the BPR/app model without
changing it, it answers out_of_scope with a topic, and a model without it (format /2) never does."""

import pytest

from bot.classifier.examples import ScopeExample
from bot.classifier.model import FORMAT
from bot.classifier.predict import Classifier
from bot.classifier.scope import train_scope
from bot.classifier.train import train
from bot.domain.scope import Topic
from tests.support.classifier_samples import CLEAR_APP, CLEAR_BPR, SMALL

OUT = [
    ("プリンターが紙詰まりして動きません", Topic.PRINTER),
    ("プリンターのトナーを交換してください", Topic.PRINTER),
    ("複合機で印刷ができません", Topic.PRINTER),
    ("パスワードを忘れてログインできません", Topic.PASSWORD),
    ("パスワードの期限が切れてサインインできない", Topic.PASSWORD),
    ("アカウントがロックされました、パスワードを再設定したい", Topic.PASSWORD),
]
GATE = [ScopeExample(t, None) for t in CLEAR_APP + CLEAR_BPR] + [ScopeExample(t, topic) for t, topic in OUT]


def test_the_gate_is_trained_beside_the_bpr_app_model_without_changing_it() -> None:
    plain = train(SMALL).model
    gated = train(SMALL, scope=GATE).model
    assert gated["format"] == FORMAT and "scope" not in plain and "scope" in gated
    assert {k: v for k, v in gated.items() if k not in ("scope", "version")} == {
        k: v for k, v in plain.items() if k != "version"
    }
    meta = gated["scope"]["meta"]
    assert (meta["n_in_scope"], meta["n_out_of_scope"]) == (len(CLEAR_APP + CLEAR_BPR), len(OUT))
    assert 0.5 <= gated["scope"]["threshold"] <= 1.0


def test_a_text_past_the_gate_gets_its_topic_and_keeps_its_label() -> None:
    model = train(SMALL, scope=GATE).model
    # So few examples cannot separate the kinds out of fold, so the chosen threshold turns nothing away; with 0.9:
    clf = Classifier({**model, "scope": {**model["scope"], "threshold": 0.9}})
    for text, topic in OUT:
        result = clf.classify(text)
        assert result.out_of_scope is not None and result.out_of_scope.topic is topic
        assert result.label in ("bpr", "app")  # what it would be as a consultation
    assert clf.classify(CLEAR_BPR[0]).out_of_scope is None


def test_a_model_without_a_gate_never_answers_out_of_scope() -> None:
    model = train(SMALL).model
    for clf in (Classifier(model), Classifier({**model, "format": "consult-bot/char-ngram-logreg/2"})):
        assert clf.scope is None and clf.classify("プリンターが紙詰まりしています").out_of_scope is None


def test_the_gate_needs_both_kinds_of_examples() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        train_scope([ScopeExample(t, None) for t in CLEAR_APP] + [ScopeExample(OUT[0][0], OUT[0][1])])
