"""The two views of `make run` (scripts/run_local.py) for tests: the playground config files read as data, and a
`Ui` opened on a second playground of the same bot.

`read_config` reads the small YAML subset of scripts/playground*.yml (nested mappings by indentation, lists of
mappings, plain or double-quoted scalars, comments): the suite has no YAML library, and the playground itself, the
judge of the real format, is checked against the same files in tests/e2e/test_local_views.py.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import Browser

from scripts.playground import PlaygroundProcess
from tests.support.playground_ui import STEP_TIMEOUT_S, Ui


def _scalar(text: str) -> str:
    text = text.strip()
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == '"' else text


def read_config(path: Path) -> dict:
    """The playground config at `path` as nested dicts and lists (every scalar a string)."""
    root: dict = {}
    stack: list[tuple[int, dict | list]] = [(-1, root)]  # (indent of the keys, container)
    pending: tuple[dict, str] | None = None  # a `key:` with nothing after it: its value opens on the next line
    for raw in path.read_text("utf-8").splitlines():
        line = raw.split(" #")[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        body = line.strip()
        item = body.startswith("- ")
        if item:
            body, indent = body[2:], indent + 2
        if pending is not None:
            parent, key = pending
            parent[key] = [] if item else {}
            stack.append((indent, parent[key]))
            pending = None
        while stack[-1][0] > indent or (stack[-1][0] == indent and item and isinstance(stack[-1][1], dict)):
            stack.pop()
        container = stack[-1][1]
        if isinstance(container, list):
            if not item:
                raise ValueError(f"{path}: a list holds `- ` items only: {raw!r}")
            entry: dict = {}
            container.append(entry)
            stack.append((indent, entry))
            container = entry
        key, _, value = body.partition(":")
        if value.strip():
            container[key.strip()] = _scalar(value)
        else:
            pending = (container, key.strip())
    return root


def people(config: dict) -> list[dict]:
    """The current user and the other users of a config, current user first."""
    return [config["currentUser"], *config["users"]]


@contextlib.contextmanager
def ui_on(browser: Browser, playground: PlaygroundProcess, bot_name: str, test_name: str) -> Iterator[Ui]:
    """A `Ui` on another playground than the `ui` fixture's (as tests/e2e/conftest.py builds that one); it fails the
    test on a bot error, as the fixture does."""
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_S * 1000)
    driver = Ui(
        page=page,
        origin=f"http://localhost:{playground.port}",
        bot_name=bot_name,
        test_name=test_name,
        timings=[],
        started_ms=time.time() * 1000,
    )
    page.route("**/*", driver.on_request)
    page.on("websocket", driver.on_websocket)
    page.on("pageerror", lambda err: driver.page_errors.append(str(err)))
    try:
        driver.load()
        yield driver
        page.wait_for_timeout(300)  # let the log entries of the last exchanges arrive
        driver.check_bot_errors()
    finally:
        context.close()
