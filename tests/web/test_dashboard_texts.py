"""The dashboard's words: none hard-coded in bot/web (all from the message catalogue), every dashboard key in both
languages, and catalogue texts turned into HTML without letting markup in."""

import ast
import string
from pathlib import Path

import pytest

from bot.domain.periods import parse_period
from bot.texts import CATALOGUE, LOCALES, t
from bot.web.html import fill
from bot.web.pages import PRESETS
from tests.support.clocks import DEFAULT_NOW
from tests.support.dashboard_site import JAPANESE  # kana, kanji, Japanese punctuation and full-width forms

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "bot" / "web"


def japanese_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string literal holding Japanese, f-string parts included; docstrings are left out
    (they are never shown to anyone)."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    found = [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and JAPANESE.search(node.value)
    ]
    return sorted(found)


def test_the_dashboard_code_holds_no_japanese_text() -> None:
    sources = sorted(WEB.glob("*.py"))
    assert {p.name for p in sources} >= {"auth.py", "html.py", "links.py", "pages.py", "routes.py"}
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in sources
        for line, text in japanese_literals(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "Japanese text outside the message catalogue (add a dashboard.* key):\n" + "\n".join(found)
    for asset in ("dashboard.js", "dashboard.css"):  # the script draws labels from the page's JSON, never its own
        assert not JAPANESE.search((WEB / "static" / asset).read_text(encoding="utf-8")), asset


def test_the_scan_finds_japanese_in_code_and_f_strings_but_not_in_docstrings() -> None:
    source = '''"""ダッシュボード"""
TITLE = "期間"
UNIT = f"{n}件"
PARTS = ("OK", "、", "plain")


class Page:
    """説明"""

    def render(self) -> str:
        """説明"""
        return "English" + "：" + f"{self}"
'''
    assert japanese_literals(source) == [(2, "期間"), (3, "件"), (4, "、"), (12, "：")]


def test_every_dashboard_key_has_both_languages_with_the_same_placeholders() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    keys = [key for key in CATALOGUE if key.startswith("dashboard.")]
    assert len(keys) > 50
    for key in keys:
        entry = CATALOGUE[key]
        assert set(entry) == set(LOCALES), key
        assert all(entry.values()), key
        assert fields(entry["ja"]) == fields(entry["en"]), key


@pytest.mark.parametrize("locale", LOCALES)
def test_every_preset_is_a_period_the_dashboard_understands(locale: str) -> None:
    today = DEFAULT_NOW.date()
    periods = [parse_period(t(f"dashboard.preset.{p}", locale), today) for p in PRESETS]
    assert None not in periods
    assert [p.kind for p in periods if p] == ["week", "month", "fiscal_year", "fiscal_year"]
    assert len({p.key for p in periods if p}) == len(PRESETS)


def test_fill_escapes_the_words_and_keeps_the_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(CATALOGUE, "test.fill", {"ja": "<b>{x}</b> & {y}「{x}」", "en": "{x} < {y}"})  # type: ignore[index]
    assert fill("test.fill", "ja", x="<i>1</i>", y="&amp;") == "&lt;b&gt;<i>1</i>&lt;/b&gt; &amp; &amp;「<i>1</i>」"
    assert fill("test.fill", "en", x="<i>1</i>", y="2") == "<i>1</i> &lt; 2"
    assert fill("dashboard.token_note", "ja", field="<input>").count("<input>") == 1
