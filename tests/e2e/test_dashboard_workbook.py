"""The dashboard's Excel button in headless Debian Chromium: it downloads the page's period as the PDCA workbook,
which opens with the page's figures."""

from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser

from bot.web.routes import dashboard_key
from tests.support.clocks import DEFAULT_NOW, FixedClock
from tests.support.dashboard import seed
from tests.support.live_dashboard import TOKEN, dashboard_page, live_bot
from tests.support.workbooks import SHEETS, open_workbook, records

JST = ZoneInfo("Asia/Tokyo")


def test_the_excel_button_downloads_the_periods_workbook(browser: Browser, tmp_path: Path) -> None:
    with (
        live_bot(f"sqlite+aiosqlite:///{tmp_path}/dashboard.db", FixedClock(DEFAULT_NOW)) as bot,
        dashboard_page(browser, bot.url) as (page, guard),
    ):
        bot.call(seed(bot.app[dashboard_key].deps.uow, DEFAULT_NOW, JST, hostile=False))
        response = page.goto(f"{bot.url}/dashboard?token={TOKEN}&period=今年度")
        assert response is not None and response.status == 200
        total = int(page.locator('[data-metric="total.received"]').first.inner_text())
        with page.expect_download() as download:
            page.get_by_role("link", name="この期間の集計をExcel（PDCA）でダウンロード").click()
        assert download.value.suggested_filename == "pdca_FY2026.xlsx"
        book = open_workbook(Path(download.value.path()).read_bytes())
        assert book.sheetnames == SHEETS
        assert records(book["概要"])[-1][:2] == ("合計", total)
        assert guard.blocked == [] and guard.page_errors == []
