"""Regenerate docs/screenshots/dashboard.png: the dashboard of a bot with seeded consultations, at a fixed time.

    .venv/bin/python -m tests.e2e.dashboard_screenshot [output.png]

Not collected by pytest (the name does not start with test_). Uses Debian's /usr/bin/chromium headless, like the
browser tests; the page may not make any request that leaves loopback. Needs a Japanese font (fonts-ipafont-gothic).
"""

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import sync_playwright

from bot.web.routes import dashboard_key
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support.clocks import FixedClock
from tests.support.dashboard import seed
from tests.support.live_dashboard import TOKEN, dashboard_page, live_bot, wait_for_charts

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # Saturday 10:00 JST
OUTPUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "dashboard.png"


def main(output: Path = OUTPUT) -> None:
    output = output.resolve()
    for name in ("MicrosoftAppId", "MicrosoftAppPassword", "MicrosoftAppTenantId", "DATABASE_URL", "DASHBOARD_TOKEN"):
        os.environ.pop(name, None)  # no credentials and no developer database, as in the tests
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        os.chdir(tmp)  # no .env
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        with live_bot(f"sqlite+aiosqlite:///{tmp}/dashboard.db", FixedClock(NOW)) as bot:
            bot.call(seed(bot.app[dashboard_key].deps.uow, NOW, ZoneInfo("Asia/Tokyo"), hostile=False))
            with dashboard_page(browser, bot.url) as (page, guard):
                page.goto(f"{bot.url}/dashboard?period=今年度&token={TOKEN}")
                wait_for_charts(page)
                output.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(output), full_page=True)
                if guard.blocked or guard.page_errors:
                    raise SystemExit(f"blocked requests: {guard.blocked}; page errors: {guard.page_errors}")
        browser.close()
    print(output)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
