"""The dashboard's PDCA workbook download over loopback against create_app: authorised as the CSV is (token, bearer,
a link signed for it), linked from the page for the page's period, an .xlsx named after the period, and the same
figures as the page."""

import html
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.web.links import sign, signed_dashboard_url
from bot.web.routes import dashboard_key
from tests.support.dashboard import seed
from tests.support.dashboard_site import JST, NOW, TOKEN, Site, bearer, start
from tests.support.workbooks import SHEETS, by_label, open_workbook, records

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
async def site(database_url: str) -> AsyncIterator[Site]:
    s = await start(database_url, dashboard_token=TOKEN)
    await seed(s.uow, NOW, JST)
    yield s
    await s.client.close()


def xlsx_href(page: str) -> str:
    match = re.search(r'href="(export\.xlsx\?[^"]+)"', page)
    assert match, "the page has no workbook link"
    return "/" + html.unescape(match[1])


async def test_the_workbook_needs_the_same_authorisation_as_the_csv(site: Site) -> None:
    assert (await site.get("/export.xlsx")).status == 401
    assert (await site.get("/export.xlsx", headers=bearer("wrong"))).status == 401
    assert (await site.get("/export.xlsx", params={"token": TOKEN[:-1]})).status == 401
    key = site.app[dashboard_key].signing_key
    exp = int((NOW + timedelta(days=1)).timestamp())
    signed_for_csv = {"period": "FY2026", "exp": exp, "sig": sign(key, "/export.csv", "FY2026", exp)}
    assert (await site.get("/export.xlsx", params=signed_for_csv)).status == 401
    signed = {"period": "FY2026", "exp": exp, "sig": sign(key, "/export.xlsx", "FY2026", exp)}
    assert (await site.get("/export.xlsx", params=signed)).status == 200
    assert (await site.get("/export.xlsx", params={"token": TOKEN})).status == 200
    assert (await site.get("/export.xlsx", params={"period": "いつか"}, headers=bearer())).status == 400


async def test_a_download_is_an_xlsx_named_after_its_period(site: Site) -> None:
    r = await site.get("/export.xlsx", params={"period": "今年度"}, headers=bearer())
    assert r.status == 200 and r.headers["Content-Type"] == XLSX
    assert r.headers["Content-Disposition"] == 'attachment; filename="pdca_FY2026.xlsx"'
    assert r.headers["Cache-Control"] == "no-store"
    assert (await r.read()).startswith(b"PK")  # a zip, as every .xlsx
    ranged = await site.get("/export.xlsx", params={"from": "2026-11-01", "to": "2026-11-30"}, headers=bearer())
    assert ranged.headers["Content-Disposition"] == 'attachment; filename="pdca_2026-11-01..2026-11-30.xlsx"'


async def test_the_workbook_holds_the_figures_the_page_shows(site: Site) -> None:
    data = await (await site.get("/dashboard/data.json", params={"period": "今年度"}, headers=bearer())).json()
    r = await site.get("/export.xlsx", params={"period": "今年度"}, headers={**bearer(), "Accept-Language": "en"})
    book = open_workbook(await r.read())
    assert book.sheetnames == SHEETS  # Japanese, whatever the browser's language (as the CSV)
    overview = records(book["概要"])
    for row, figures in zip(overview, [*data["categories"].values(), data["total"]], strict=True):
        assert row[1:3] == (figures["received"], figures["completed"])
    departments = by_label(book["部署別"])
    assert departments["都市計画課"][1:6] == (0, 0, 0, 0, 0) and departments["会計課"][3] == 0  # in the master only
    assert departments["合計"][3] == data["total"]["received"]
    assert book["概要"]["A1"].value == "DX相談 年次集計（PDCA）：令和8年度"


async def test_a_token_page_links_the_workbook_with_its_token(site: Site) -> None:
    page = await (await site.get("/dashboard", params={"token": TOKEN, "period": "今月"})).text()
    href = xlsx_href(page)
    assert parse_qs(urlsplit(href).query) == {"period": ["2026-11"], "token": [TOKEN]}
    assert "この期間の集計をExcel（PDCA）でダウンロード" in page
    r = await site.get(href)
    assert r.status == 200 and r.headers["Content-Disposition"] == 'attachment; filename="pdca_2026-11.xlsx"'


async def test_bearer_and_signed_pages_link_a_workbook_signed_for_it(site: Site) -> None:
    page = await (await site.get("/dashboard", headers=bearer())).text()
    query = parse_qs(urlsplit(xlsx_href(page)).query)
    assert int(query["exp"][0]) == int((NOW + timedelta(hours=1)).timestamp()) and "token" not in query
    assert (await site.get(xlsx_href(page))).status == 200

    key = site.app[dashboard_key].signing_key
    url = urlsplit(signed_dashboard_url("https://consult.example.lg.jp/", key, "今月", NOW))
    page = await (await site.get(f"{url.path}?{url.query}")).text()
    href = xlsx_href(page)
    assert parse_qs(urlsplit(href).query)["exp"] == parse_qs(url.query)["exp"]
    assert (await site.get(href)).status == 200
