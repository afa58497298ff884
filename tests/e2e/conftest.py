"""Fixtures for the browser tests: the bot, the playground, headless Chromium, and `ui`, a driver for the Teams UI.

Per test: a bot (`consult serve` on a fresh SQLite file, no Microsoft credentials), a playground pointed at it, and a
fresh browser context; one Chromium per test module. Every playground->bot exchange is read from the
playground's log WebSocket; one answered with HTTP >= 400 fails the test, since a bot error shows nowhere else.
Nothing here skips: a missing browser or `node_modules` fails the tests with the command that fixes it.
UI selectors and timings: shared/PLAYGROUND.md, sections 4 and 5.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from playwright.sync_api import Browser, sync_playwright

from scripts.playground import (
    PLAYGROUND_CLI,
    REPO_ROOT,
    BotProcess,
    ChildFailed,
    PlaygroundProcess,
    consult_executable,
    free_port,
    http_get,
    start_bot,
    start_playground,
    tail,
)
from tests.support.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.support.harness import HOSTS
from tests.support.playground_ui import STEP_TIMEOUT_S, SUPPORT_TEAM_ID, Ui

T = TypeVar("T")
_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()
_TIMINGS = pytest.StashKey[list[tuple[str, str, float]]]()


# --- reporting: keep each phase's report (for screenshots on failure) and print the measured timings --------------


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    timings = config.stash.get(_TIMINGS, [])
    if timings:
        terminalreporter.section("e2e timings (seconds)")
        for test, step, seconds in timings:
            terminalreporter.write_line(f"{seconds:6.2f}  {test}: {step}")


def _timings(config: pytest.Config) -> list[tuple[str, str, float]]:
    return config.stash.setdefault(_TIMINGS, [])


@contextlib.contextmanager
def _timed(request: pytest.FixtureRequest, what: str) -> Iterator[None]:
    start = time.monotonic()
    yield
    test = request.node.name if request.scope == "function" else request.scope
    _timings(request.config).append((test, what, time.monotonic() - start))


# --- the processes ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def e2e_prerequisites() -> None:
    """Fail (never skip) when something the browser tests need is missing."""
    missing = []
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"{CHROMIUM} (install it: apt-get install -y chromium; never `playwright install`)")
    if not PLAYGROUND_CLI.exists():
        missing.append(f"{PLAYGROUND_CLI} (run `npm ci` in {REPO_ROOT}, or `make bootstrap`)")
    if not consult_executable().exists():
        missing.append(f"{consult_executable()} (run `make bootstrap`)")
    if missing:
        pytest.fail("e2e prerequisites missing:\n  " + "\n  ".join(missing), pytrace=False)


@pytest.fixture(params=HOSTS)
def bot_server(e2e_prerequisites: None, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[BotProcess]:
    """`consult serve` on a free port and a fresh SQLite file, without Microsoft credentials (see start_bot), on each
    host in TEST_HOSTS (BOT_HOST).

    One per test, so that no consultation or half-finished dialog leaks from one test into the next; it runs in the
    test's temporary directory, so a developer's `.env` plays no part.
    """
    env = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/e2e.db",
        "SUPPORT_TEAM_IDS": SUPPORT_TEAM_ID,
        "BOT_HOST": request.param,
    }
    with _timed(request, "bot start (consult serve -> /healthz 200)"):
        bot = _start_or_fail(
            lambda: start_bot("127.0.0.1", free_port(), env=env, output=tmp_path / "bot.out", cwd=tmp_path)
        )
    yield bot
    bot.stop()


@pytest.fixture
def playground(bot_server: BotProcess, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[PlaygroundProcess]:
    """The playground for `bot_server`, as a Japanese Teams client (see start_playground), in its own directory."""
    with _timed(request, "playground start (-> /_debug/ping pong)"):
        pg = _start_or_fail(lambda: start_playground(f"{bot_server.url}/api/messages", tmp_path / "playground"))
    yield pg
    pg.stop()


@pytest.fixture
def teams_config(playground: PlaygroundProcess) -> dict:
    """The playground's mock Teams data (from scripts/playground.yml), as the UI reads it."""
    status, body = http_get(f"http://127.0.0.1:{playground.port}/_internal/v1/testConfig")
    assert status == 200, f"GET /_internal/v1/testConfig answered {status}"
    return json.loads(body)["config"]


def _start_or_fail(start: Callable[[], T]) -> T:
    try:
        return start()
    except ChildFailed as err:
        pytest.fail(str(err), pytrace=False)


@pytest.fixture(scope="module")
def browser(e2e_prerequisites: None, request: pytest.FixtureRequest) -> Iterator[Browser]:
    """Headless Debian Chromium, one per test module.

    Not one per session: while the sync Playwright API is open, its event loop counts as running in this thread,
    and the suite's asyncio tests that run after it would fail.
    """
    with sync_playwright() as pw:
        with _timed(request, "chromium launch"):
            chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def ui(
    request: pytest.FixtureRequest,
    browser: Browser,
    playground: PlaygroundProcess,
    bot_server: BotProcess,
    teams_config: dict,
) -> Iterator[Ui]:
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_S * 1000)
    driver = Ui(
        page=page,
        origin=f"http://localhost:{playground.port}",
        bot_name=teams_config["bot"]["name"],
        test_name=request.node.name,
        timings=_timings(request.config),
        started_ms=time.time() * 1000,
    )
    page.route("**/*", driver.on_request)
    page.on("websocket", driver.on_websocket)
    page.on("pageerror", lambda err: driver.page_errors.append(str(err)))
    try:
        driver.load()
    except BaseException:
        _save_artifacts(request.node.name, driver, bot_server, playground)
        context.close()
        raise
    yield driver
    page.wait_for_timeout(300)  # let the log entries of the last exchanges arrive
    failed = any(r.failed for r in request.node.stash.get(_REPORTS, {}).values())
    if failed or driver.bot_errors:
        _save_artifacts(request.node.name, driver, bot_server, playground)
    context.close()
    if not failed:  # a bot error after the test's last wait still fails it
        driver.check_bot_errors()


def _save_artifacts(name: str, driver: Ui, bot: BotProcess, pg: PlaygroundProcess) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    safe = re.sub(r"[^\w.-]+", "_", name)
    with contextlib.suppress(Exception):
        driver.page.screenshot(path=str(ARTIFACTS / f"{safe}.png"), full_page=True)
    report = [
        f"bot errors (playground -> bot, HTTP >= 400): {driver.bot_errors or 'none'}",
        f"connector errors (bot -> playground): {driver.connector_errors or 'none'}",
        f"page errors: {driver.page_errors or 'none'}",
        f"blocked requests (not for {driver.origin}): {len(driver.blocked)}",
        f"--- bot output ({bot.output}) ---",
        bot.output_tail(80),
        f"--- playground log ({pg.log_file}) ---",
        tail(pg.log_file, 80),
    ]
    (ARTIFACTS / f"{safe}.txt").write_text("\n".join(report), "utf-8")
