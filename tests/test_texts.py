"""The message catalogue: every key once (a dict literal silently keeps the last of two), both languages, and the
same placeholders in both."""

import ast
import string
from collections import Counter
from pathlib import Path

from bot.texts import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_FILES = sorted((ROOT / "bot").glob("texts*.py"))


def literal_keys(path: Path) -> list[str]:
    keys: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict) and any(isinstance(v, ast.Dict) for v in node.values):
            keys += [k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
    return keys


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_is_written_once() -> None:
    keys = [k for path in CATALOGUE_FILES for k in literal_keys(path)]
    assert len(keys) > 100
    assert [k for k, n in Counter(keys).items() if n > 1] == []


def test_every_entry_has_japanese_and_english_with_the_same_placeholders() -> None:
    for key, entry in CATALOGUE.items():
        assert entry.get("ja") and entry.get("en"), key
        assert placeholders(entry["ja"]) == placeholders(entry["en"]), key
