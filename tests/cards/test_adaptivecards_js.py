"""Every card, validated by Microsoft's `adaptivecards` JavaScript library (tests/cards/validate_cards.js), plus the
Teams rules around it: version 1.5, size under 80 KB, every Action.Execute verb routed.

Needs Node and `npm ci` (adaptivecards is in package.json); a missing tool fails the test, it is never skipped.
"""

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.cards.elements import CARD_VERSION, MAX_CARD_BYTES
from bot.handlers import build_router
from tests.support.card_samples import all_sample_cards

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "cards" / "validate_cards.js"
LIBRARY = ROOT / "node_modules" / "adaptivecards" / "dist" / "adaptivecards.js"
# Teams' chart elements (TEAMS-FACTS.md §5) are unknown to the library; they are the only unknown types allowed.
ALLOWED_UNKNOWN_PREFIXES = ("Chart.",)


def run_validator(cards: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    """One node process for all cards; returns one report per card, in order."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not installed: install Node 20+ and run `npm ci` (or `make bootstrap`)")
    if not LIBRARY.is_file():
        pytest.fail(f"{LIBRARY.relative_to(ROOT)} is missing: run `npm ci` (or `make bootstrap`) in {ROOT}")
    payload = json.dumps([{"name": name, "card": card} for name, card in cards], ensure_ascii=False)
    result = subprocess.run(
        [node, str(SCRIPT)], input=payload, capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, f"validate_cards.js failed ({result.returncode}):\n{result.stderr}"
    reports = json.loads(result.stdout)
    assert [r["name"] for r in reports] == [name for name, _ in cards]
    return reports


def problems(report: dict[str, Any]) -> list[str]:
    """Every parse or validation event except unknown element types that are allow-listed (Chart.*)."""
    out = []
    for event in report["parse"] + report["validation"]:
        if event["event"] == "UnknownElementType" and event.get("typeName", "").startswith(ALLOWED_UNKNOWN_PREFIXES):
            continue
        where = "/".join(str(event[k]) for k in ("sourceType", "sourceId") if k in event)
        out.append(f"{event['phase']} {event['event']}{f' at {where}' if where else ''}: {event['message']}")
    return out


def walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def utf16_bytes(card: dict[str, Any]) -> int:
    return len(json.dumps(card, ensure_ascii=False).encode("utf-16-le"))


def test_every_card_passes_the_adaptivecards_library_and_teams_rules() -> None:
    samples = all_sample_cards()
    assert len({name for name, _ in samples}) == len(samples), "sample names must be unique"
    reports = run_validator(samples)
    verbs = build_router().verbs
    failures: list[str] = []
    for (name, card), report in zip(samples, reports, strict=True):
        failures += [f"{name}: {p}" for p in problems(report)]
        if card.get("version") != CARD_VERSION or report["version"] != CARD_VERSION:
            failures.append(f"{name}: version is {card.get('version')!r} (library read {report['version']!r}), not 1.5")
        if (size := utf16_bytes(card)) >= MAX_CARD_BYTES:
            failures.append(f"{name}: {size} bytes as UTF-16, Teams' budget is under {MAX_CARD_BYTES}")
        for node in walk(card):
            if node.get("type") == "Action.Execute" and node.get("verb") not in verbs:
                failures.append(f"{name}: Action.Execute verb {node.get('verb')!r} is not registered in the router")
    assert not failures, f"{len(failures)} card problem(s):\n" + "\n".join(failures)


def test_the_validator_catches_broken_cards() -> None:
    def wrap(*body: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {"type": "AdaptiveCard", "version": "1.5", "body": list(body), **extra}

    cards = [
        ("bad-enum", wrap({"type": "TextBlock", "text": "x", "size": "huge"})),
        ("unknown-element", wrap({"type": "Marquee", "text": "x"})),
        ("unknown-action", wrap(actions=[{"type": "Action.Teleport", "title": "x"}])),
        ("newer-than-1.5", wrap({"type": "Carousel", "pages": []})),
        ("duplicate-id", wrap({"type": "Input.Text", "id": "a"}, {"type": "Input.Text", "id": "a"})),
        ("empty-choices", wrap({"type": "Input.ChoiceSet", "id": "c", "choices": []})),
        ("seven-actions", wrap(actions=[{"type": "Action.Submit", "title": str(i)} for i in range(7)])),
        ("element-as-card", {"type": "TextBlock", "size": "huge"}),
        ("chart", wrap({"type": "Chart.Donut", "data": [{"legend": "BPR", "value": 3}]})),
        ("fine", wrap({"type": "TextBlock", "text": "x", "size": "Large"})),
    ]
    reports = {r["name"]: r for r in run_validator(cards)}
    expected = {
        "bad-enum": 'InvalidPropertyValue at TextBlock: Invalid value "huge" for property "size".',
        "unknown-element": 'UnknownElementType: Unknown element type "Marquee"',
        "unknown-action": 'UnknownActionType: Unknown action type "Action.Teleport"',
        "newer-than-1.5": 'UnknownElementType: Unknown element type "Carousel"',
        "duplicate-id": 'DuplicateId at Input.Text/a: Duplicate Id "a".',
        "empty-choices": "CollectionCantBeEmpty at Input.ChoiceSet/c",
        "seven-actions": "TooManyActions at AdaptiveCard: Maximum number of actions exceeded (6).",
        "element-as-card": "MissingCardType",
    }
    for name, text in expected.items():
        assert any(text in p for p in problems(reports[name])), (name, reports[name])
    chart = reports["chart"]["parse"]
    assert [e["typeName"] for e in chart] == ["Chart.Donut"] and problems(reports["chart"]) == []  # reported, allowed
    assert problems(reports["fine"]) == [] and reports["fine"]["version"] == "1.5"


def test_a_missing_node_or_library_fails_and_says_to_run_npm_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as m:
        m.setattr(shutil, "which", lambda _name: None)
        with pytest.raises(pytest.fail.Exception, match=r"Node\.js is not installed.*npm ci"):
            run_validator([])
    monkeypatch.setitem(globals(), "LIBRARY", ROOT / "node_modules" / "not-installed" / "adaptivecards.js")
    with pytest.raises(pytest.fail.Exception, match=r"not-installed/adaptivecards\.js is missing: run `npm ci`"):
        run_validator([])
