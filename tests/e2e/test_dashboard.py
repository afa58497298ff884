"""The dashboard in headless Debian Chromium: it loads with no request leaving loopback, draws both charts, and shows
the same figures as `consult report` for the same period; the period picker and the CSV button work."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser

from bot.web.routes import dashboard_key
from scripts.playground import consult_executable
from tests.support.clocks import DEFAULT_NOW, FixedClock
from tests.support.dashboard import seed, shown, value_at
from tests.support.live_dashboard import TOKEN, dashboard_page, live_bot, wait_for_charts

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
JST = ZoneInfo("Asia/Tokyo")

# In-page probe: every [data-metric] text.
_JS_METRICS = """() => [...document.querySelectorAll('[data-metric]')].map(e => [e.dataset.metric, e.textContent])"""


def consult_report(database_url: str, cwd: Path, *args: str) -> dict:
    """`consult report ... --format json` against the same database, as an operator would run it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("Microsoft", "MICROSOFT", "DASHBOARD"))}
    env |= {"DATABASE_URL": database_url, "TIMEZONE": "Asia/Tokyo"}
    out = subprocess.run(
        [str(consult_executable()), "report", *args, "--format", "json"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_dashboard_draws_both_charts_and_matches_consult_report(browser: Browser, tmp_path: Path) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path}/dashboard.db"
    now = DEFAULT_NOW  # the bot's clock and `consult report --as-of`: the same instant, never the machine's date
    with live_bot(database_url, FixedClock(now)) as bot, dashboard_page(browser, bot.url) as (page, guard):
        bot.call(seed(bot.app[dashboard_key].deps.uow, now, JST, hostile=False))
        today = now.astimezone(JST).date()
        start, end = (today - timedelta(days=200)).isoformat(), today.isoformat()

        response = page.goto(f"{bot.url}/dashboard?token={TOKEN}")
        assert response is not None and response.status == 200
        assert page.locator("html").get_attribute("lang") == "ja"
        page.get_by_label("開始日").fill(start)
        page.get_by_label("終了日").fill(end)
        with page.expect_navigation():
            page.get_by_role("button", name="この期間を表示").click()
        assert parse_qs(urlsplit(page.url).query) == {"from": [start], "to": [end], "token": [TOKEN]}

        charts = wait_for_charts(page)
        report = consult_report(database_url, tmp_path, "--from", start, "--to", end, "--as-of", now.isoformat())
        assert report["period"]["key"] == f"{start}..{end}"
        assert report["total"]["received"] == 9, "the seeded consultations (one withdrawn) are in the period"

        # the figures shown as text are consult report's
        shown_metrics = page.evaluate(_JS_METRICS)
        assert len(shown_metrics) >= 30
        for path, text in shown_metrics:
            assert text == shown(value_at(report, path)), path
        assert page.get_by_text("都市計画課", exact=True).is_visible()  # never consulted

        # both charts are drawn, from the same numbers
        bpr, app = report["categories"]["bpr"], report["categories"]["app"]
        mix, progress = charts["chart-mix"], charts["chart-progress"]
        assert mix["type"] == "doughnut" and mix["labels"] == ["BPR", "アプリ"]
        assert mix["datasets"][0]["data"] == [bpr["received"], app["received"]]
        assert progress["type"] == "bar" and progress["labels"] == ["BPR", "アプリ"]
        assert progress["datasets"] == [
            {"label": "完了", "data": [bpr["completed"], app["completed"]]},
            {"label": "未完了", "data": [bpr["received"] - bpr["completed"], app["received"] - app["completed"]]},
        ]
        assert progress["yTicks"] and all(float(v).is_integer() for v in progress["yTicks"]), progress["yTicks"]
        for name, chart in charts.items():
            assert chart["width"] > 100 and chart["height"] > 100, name
            assert chart["painted"] > chart["width"] * chart["height"] // 20, f"{name} looks blank: {chart}"

        # a preset button keeps the token; the CSV button downloads the same period
        with page.expect_navigation():
            page.get_by_role("button", name="今年度").click()
        assert page.get_by_role("button", name="今年度").get_attribute("aria-pressed") == "true"
        wait_for_charts(page)
        with page.expect_download() as download:
            page.get_by_role("link", name="この期間のCSVをダウンロード").click()
        fy_key = page.locator("[data-period]").get_attribute("data-period")
        assert download.value.suggested_filename == f"consultations_{fy_key}.csv"
        assert Path(download.value.path()).read_bytes().startswith("\ufeff番号,件名,".encode())  # for Excel users

        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
        assert page.evaluate("window.__cspViolations") == []
        assert guard.page_errors == [] and guard.console_errors == []
        assert guard.blocked == [], f"the page tried to leave loopback: {guard.blocked}"


def test_dashboard_without_a_token_shows_the_401_page(browser: Browser, tmp_path: Path) -> None:
    with (
        live_bot(f"sqlite+aiosqlite:///{tmp_path}/dashboard.db") as bot,
        dashboard_page(browser, bot.url) as (page, guard),
    ):
        response = page.goto(f"{bot.url}/dashboard?token=wrong")
        assert response is not None and response.status == 401
        assert "表示する権限を確認できませんでした" in page.locator("h1").inner_text()
        assert guard.blocked == [] and page.evaluate("window.__cspViolations") == []


def test_an_english_browser_gets_the_dashboard_in_english(browser: Browser, tmp_path: Path) -> None:
    with (
        live_bot(f"sqlite+aiosqlite:///{tmp_path}/dashboard.db") as bot,
        dashboard_page(browser, bot.url, locale="en-US") as (page, guard),
    ):
        deps = bot.app[dashboard_key].deps
        bot.call(seed(deps.uow, deps.clock.now(), JST, hostile=False))
        response = page.goto(f"{bot.url}/dashboard?token={TOKEN}")
        assert response is not None and response.status == 200
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h1").inner_text() == "DX consultations dashboard"
        charts = wait_for_charts(page)
        assert charts["chart-mix"]["labels"] == charts["chart-progress"]["labels"] == ["BPR", "App"]
        assert [d["label"] for d in charts["chart-progress"]["datasets"]] == ["Done", "Open"]
        with page.expect_navigation():
            page.get_by_role("button", name="Last FY").click()
        assert page.get_by_role("button", name="Last FY").get_attribute("aria-pressed") == "true"
        assert page.get_by_label("From").input_value().endswith("-04-01")
        wait_for_charts(page)
        assert page.evaluate("window.__cspViolations") == []
        assert guard.page_errors == [] and guard.console_errors == [] and guard.blocked == []
