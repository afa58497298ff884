"""The dashboard in headless Chromium, for the browser tests (tests/e2e/test_dashboard.py) and the screenshot script
(tests/e2e/dashboard_screenshot.py): create_app served on a loopback port from its own thread (`live_bot`), a
browser page that may not leave that origin (`dashboard_page`), and waiting until both charts are drawn."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from aiohttp import web
from playwright.sync_api import Browser, Page, Route

from bot.settings import Settings
from tests.support.clocks import TickingClock

TOKEN = "e2e-dashboard-token-0123456789"
T = TypeVar("T")

# In-page probes: a chart's data and how many of its pixels are painted; CSP violations, collected from the start.
_JS_CHART = """id => {
    const canvas = document.getElementById(id);
    const chart = canvas && window.Chart && window.Chart.getChart(canvas);
    if (!chart) return null;
    const {width, height} = canvas;
    const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
    return {type: chart.config.type, labels: chart.data.labels,
            datasets: chart.data.datasets.map(d => ({label: d.label ?? null, data: d.data})),
            yTicks: chart.scales.y ? chart.scales.y.ticks.map(t => t.value) : null,
            width, height, painted};
}"""
_JS_WATCH_CSP = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"""


@dataclass
class LiveBot:
    """create_app on a free loopback port, run in its own thread and event loop (the sync Playwright API owns the
    test thread's loop); `call` runs a coroutine there."""

    url: str
    app: web.Application
    call: Callable[[Coroutine[Any, Any, T]], T]


@contextmanager
def live_bot(database_url: str, clock: object | None = None) -> Iterator[LiveBot]:
    from app import create_app

    app = create_app(Settings(database_url=database_url, dashboard_token=TOKEN), clock=clock or TickingClock())  # type: ignore[call-arg]
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="dashboard-bot", daemon=True)
    thread.start()

    def call(coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, loop).result(60)

    runner = web.AppRunner(app)
    try:
        call(runner.setup())  # migrations and Deps (cleanup_ctx)
        call(web.TCPSite(runner, "127.0.0.1", 0).start())
        host, port = runner.addresses[0][:2]
        yield LiveBot(f"http://{host}:{port}", app, call)
    finally:
        call(runner.cleanup())
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


@dataclass
class Guard:
    """Lets only requests to `origin` through; remembers everything else it aborted, and the page's errors."""

    origin: str
    blocked: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def on_request(self, route: Route) -> None:
        parts = urlsplit(route.request.url)
        if f"{parts.scheme}://{parts.netloc}" == self.origin:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()


@contextmanager
def dashboard_page(
    browser: Browser, origin: str, *, width: int = 1280, height: int = 900, locale: str = "ja-JP"
) -> Iterator[tuple[Page, Guard]]:
    context = browser.new_context(
        locale=locale, timezone_id="Asia/Tokyo", viewport={"width": width, "height": height}, accept_downloads=True
    )
    guard = Guard(origin)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.route("**/*", guard.on_request)
    page.on("pageerror", lambda err: guard.page_errors.append(str(err)))
    page.on("console", lambda msg: guard.console_errors.append(msg.text) if msg.type == "error" else None)
    page.add_init_script(_JS_WATCH_CSP)
    try:
        yield page, guard
    finally:
        context.close()


def wait_for_charts(page: Page) -> dict[str, dict]:
    page.wait_for_function("() => ['chart-mix', 'chart-progress'].every(id => window.Chart?.getChart(id))")
    return {name: page.evaluate(_JS_CHART, name) for name in ("chart-mix", "chart-progress")}
