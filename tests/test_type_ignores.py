"""`# type: ignore` only where a library forces it, and then narrow and explained: every one in production code names
its error code and says why, as `# type: ignore[code]  # reason`. mypy (warn_unused_ignores) removes the ones that
are not needed; this test rejects the bare ones."""

import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = ["bot", "storage", "dialogs", "app.py"]
IGNORE = re.compile(r"type:\s*ignore\b")
EXPLAINED = re.compile(r"type: ignore\[[a-z][a-z0-9-]*(, ?[a-z][a-z0-9-]*)*\]  # \S.*")


def production_files() -> list[Path]:
    out: list[Path] = []
    for name in PRODUCTION:
        path = ROOT / name
        out.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return out


def type_ignores(source: str) -> list[tuple[int, str]]:
    """(line, text from `type: ignore` on) of each comment that holds one; strings and docstrings do not count."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and (match := IGNORE.search(token.string)):
            found.append((token.start[0], token.string[match.start() :]))
    return found


def unexplained(source: str) -> list[tuple[int, str]]:
    return [(line, text) for line, text in type_ignores(source) if not EXPLAINED.fullmatch(text)]


def test_the_form_is_recognised() -> None:
    good = "x = f()  # type: ignore[attr-defined]  # botbuilder's Activity has no stubs\n"
    assert type_ignores(good) and unexplained(good) == []
    assert unexplained("x = f()  # type: ignore[arg-type, misc]  # msrest types this as Optional\n") == []
    for bad in (
        "x = f()  # type: ignore\n",
        "x = f()  # type:ignore\n",
        "x = f()  # type: ignore[attr-defined]\n",
        "x = f()  # type: ignore[attr-defined] # one space is not the form\n",
        "x = f()  # type: ignore[attr-defined]  #\n",
        "x = f()  # type: ignore  # a reason without a code\n",
        "x = f()  # type: ignore[]  # an empty code\n",
        "x = f()  # noqa: E501  # type: ignore\n",
    ):
        assert unexplained(bad), bad
    assert type_ignores('TEXT = "# type: ignore"\n') == []  # a string, not a comment


def test_every_type_ignore_names_its_code_and_reason() -> None:
    offenders = []
    for path in production_files():
        relative = path.relative_to(ROOT).as_posix()
        for line, text in unexplained(path.read_text(encoding="utf-8")):
            offenders.append(f"{relative}:{line}: {text}")
    assert offenders == [], "write `# type: ignore[code]  # why the library forces it`, or fix the type:\n" + "\n".join(
        offenders
    )
