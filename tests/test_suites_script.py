"""scripts/test_suites.py: the suites the any-date run leaves out (besides the browser suite, run on its own) are
exactly the ones the second process runs after it, so none is left out of both."""

import re
from pathlib import Path

from scripts.test_suites import CLOCKLESS

ROOT = Path(__file__).resolve().parent.parent


def any_date_ignores() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest-any-date:")[1].split("\n\n")[0]
    return set(re.findall(r"--ignore=(\S+)", recipe))


def test_what_the_any_date_run_leaves_out_runs_once_beside_it() -> None:
    assert any_date_ignores() == {"tests/e2e", *CLOCKLESS}
    assert all((ROOT / path).is_dir() for path in CLOCKLESS)
