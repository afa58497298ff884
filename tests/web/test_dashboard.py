"""The dashboard over loopback against create_app: access control, period choice, CSV, JSON and the HTML page."""

import html
import json
import re
from collections.abc import AsyncIterator
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from pydantic import SecretStr

from bot.domain.periods import fiscal_year_of, parse_period
from bot.domain.stats import summary_to_dict
from bot.services.reports import EXPORT_COLUMNS, build_summary, export_header
from bot.settings import Settings
from bot.web import links
from bot.web.html import json_script
from bot.web.links import sign, signed_dashboard_url, signing_key
from bot.web.routes import dashboard_key
from tests.support.calendars import city_rules
from tests.support.clocks import FixedClock
from tests.support.dashboard import HOSTILE, seed, shown, value_at
from tests.support.dashboard_site import JST, NOW, PAGES, TOKEN, Site, bearer, metrics, start


@pytest.fixture
async def site(database_url: str) -> AsyncIterator[Site]:
    s = await start(database_url, dashboard_token=TOKEN)
    await seed(s.uow, NOW, JST)
    yield s
    await s.client.close()


def link(path: str, scope: str, exp: int, key: bytes) -> str:
    return signed_url_path(path, scope, exp, sign(key, path, scope, exp))


def signed_url_path(path: str, scope: str, exp: int, sig: str) -> str:
    from urllib.parse import urlencode

    return f"{path}?{urlencode({'period': scope, 'exp': exp, 'sig': sig})}"


def key_of(s: Site) -> bytes:
    return s.app[dashboard_key].signing_key


# --- access control ------------------------------------------------------------------------------------------------


async def test_without_auth_every_page_is_401_with_a_short_japanese_page(site: Site) -> None:
    for path in PAGES:
        r = await site.get(path)
        assert r.status == 401, path
        assert r.headers["Cache-Control"] == "no-store"
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
        body = await r.text()
        assert "権限" in body
        assert "市民課" not in body and "R8-" not in body


async def test_wrong_tokens_get_the_same_401_as_no_token(site: Site) -> None:
    reference = await (await site.get("/dashboard")).text()
    attempts = [
        {"headers": bearer("wrong")},
        {"headers": bearer(TOKEN[:-1])},  # one character short: never "almost"
        {"headers": bearer(TOKEN + "x")},
        {"headers": {"Authorization": f"Basic {TOKEN}"}},
        {"params": {"token": ""}},
        {"params": {"token": TOKEN.upper()}},
        {"params": {"token": TOKEN[:-1] + "0"}},
    ]
    for attempt in attempts:
        r = await site.get("/dashboard", **attempt)
        assert r.status == 401, attempt
        assert await r.text() == reference, attempt


async def test_expired_or_tampered_signatures_are_401(site: Site) -> None:
    key = key_of(site)
    exp = int((NOW + timedelta(days=1)).timestamp())
    good = link("/dashboard", "FY2026", exp, key)
    assert (await site.get(good)).status == 200
    past = int((NOW - timedelta(seconds=1)).timestamp())
    now_exactly = int(NOW.timestamp())
    sig = sign(key, "/dashboard", "FY2026", exp)
    tampered = [
        link("/dashboard", "FY2026", past, key),  # expired
        link("/dashboard", "FY2026", now_exactly, key),  # expires now
        signed_url_path("/dashboard", "FY2025", exp, sig),  # another period
        signed_url_path("/dashboard", "FY2026", exp + 86_400, sig),  # a later expiry
        signed_url_path("/dashboard", "FY2026", exp, sig[:-1] + ("0" if sig[-1] != "0" else "1")),
        signed_url_path("/dashboard", "FY2026", exp, sig[:-2]),
        signed_url_path("/dashboard", "FY2026", exp, ""),
        signed_url_path("/export.csv", "FY2026", exp, sig),  # signed for /dashboard, not the CSV
        signed_url_path("/dashboard/data.json", "FY2026", exp, sig),
        link("/dashboard", "FY2026", exp, b"another key"),
        f"/dashboard?period=FY2026&exp=-{exp}&sig={sig}",
    ]
    for url in tampered:
        assert (await site.get(url)).status == 401, url


async def test_bearer_token_and_signed_link_are_accepted(site: Site) -> None:
    assert (await site.get("/dashboard", headers=bearer())).status == 200
    assert (await site.get("/dashboard", params={"token": TOKEN})).status == 200
    assert (await site.get("/dashboard/data.json", headers=bearer())).status == 200
    assert (await site.get("/export.csv", params={"token": TOKEN})).status == 200
    url = signed_dashboard_url(str(site.client.make_url("/")), key_of(site), "FY2026", NOW)
    parts = urlsplit(url)
    assert parts.path == "/dashboard"
    assert int(parse_qs(parts.query)["exp"][0]) == int((NOW + timedelta(days=30)).timestamp())
    r = await site.get(f"{parts.path}?{parts.query}")
    assert r.status == 200
    assert "令和8年度" in await r.text()


async def test_a_signed_page_offers_a_signed_csv_link_that_works(site: Site) -> None:
    url = urlsplit(signed_dashboard_url("https://consult.example.lg.jp/", key_of(site), "今月", NOW))
    page = await (await site.get(f"{url.path}?{url.query}")).text()
    csv_href = html.unescape(re.search(r'href="(export\.csv\?[^"]+)"', page)[1])
    query = parse_qs(urlsplit(csv_href).query)
    assert query["period"] == ["2026-11"] and query["exp"] == parse_qs(url.query)["exp"]
    r = await site.get("/" + csv_href)
    assert r.status == 200
    assert (await r.read()).startswith(b"\xef\xbb\xbf")
    assert 'type="password" name="token"' in page  # another period needs the token


async def test_a_token_page_keeps_the_token_in_its_form_and_csv_link(site: Site) -> None:
    page = await (await site.get("/dashboard", params={"token": TOKEN, "period": "今週"})).text()
    assert f'<input type="hidden" name="token" value="{TOKEN}">' in page
    csv_href = html.unescape(re.search(r'href="(export\.csv\?[^"]+)"', page)[1])
    assert parse_qs(urlsplit(csv_href).query) == {"period": ["2026-W48"], "token": [TOKEN]}
    assert (await site.get("/" + csv_href)).status == 200
    assert 'value="今週" class="preset" aria-pressed="true"' in page


async def test_a_bearer_page_gets_a_short_lived_signed_csv_link(site: Site) -> None:
    page = await (await site.get("/dashboard", headers=bearer())).text()
    csv_href = html.unescape(re.search(r'href="(export\.csv\?[^"]+)"', page)[1])
    query = parse_qs(urlsplit(csv_href).query)
    assert int(query["exp"][0]) == int((NOW + timedelta(hours=1)).timestamp())
    assert "token" not in query and TOKEN not in page
    assert (await site.get("/" + csv_href)).status == 200


async def test_without_any_secret_the_dashboard_is_disabled(database_url: str) -> None:
    s = await start(database_url)
    try:
        for path in PAGES:
            assert (await s.get(path, params={"token": ""})).status == 404, path
            assert (await s.get(path, headers={"Authorization": "Bearer "})).status == 404, path
    finally:
        await s.client.close()


async def test_a_disabled_dashboard_says_how_to_turn_it_on_without_telling_secrets(database_url: str) -> None:
    s = await start(database_url)
    try:
        r = await s.get("/dashboard")
        page = await r.text()
        assert r.status == 404 and r.headers["Cache-Control"] == "no-store"
        assert "ダッシュボードは無効です" in page
        for hint in ("DASHBOARD_TOKEN", "DASHBOARD_SIGNING_KEY", "make run", "README"):
            assert hint in page, hint
        english = await s.get("/dashboard/data.json", headers={"Accept-Language": "en"})
        error = await english.json()
        assert english.status == 404 and error["error"] == "The dashboard is turned off"
        assert "DASHBOARD_TOKEN" in error["message"] and "make run" in error["message"]
        assert "市民課" not in page and "R8-" not in page
    finally:
        await s.client.close()
    enabled = await start(database_url, dashboard_token=TOKEN)
    try:
        for headers in ({}, bearer("wrong")):  # on, a wrong or missing token learns nothing about the settings
            page = await (await enabled.get("/dashboard", headers=headers)).text()
            assert "DASHBOARD_TOKEN" not in page and TOKEN not in page
    finally:
        await enabled.client.close()


async def test_an_explicit_signing_key_signs_links_while_tokens_stay_off(database_url: str) -> None:
    s = await start(database_url, dashboard_signing_key="k" * 32)
    try:
        assert (await s.get("/dashboard", params={"token": ""})).status == 401
        url = urlsplit(signed_dashboard_url("http://x", b"k" * 32, "FY2026", NOW, ttl_days=1))
        assert (await s.get(f"{url.path}?{url.query}")).status == 200
    finally:
        await s.client.close()


def test_signing_key_precedence() -> None:
    def key(**values: str) -> bytes:
        return signing_key(Settings(**{k: SecretStr(v) for k, v in values.items()}))  # type: ignore[arg-type]

    assert key() == b""
    assert key(dashboard_signing_key="explicit", dashboard_token="t") == b"explicit"
    from_token = key(dashboard_token="t")
    from_password = key(microsoft_app_password="p")
    assert from_token and from_password and from_token != from_password
    assert from_token not in (b"t", b"p") and len(from_token) == 32
    assert key(dashboard_token="t", microsoft_app_password="p") == from_token


def test_link_factory_needs_a_public_url_and_a_key() -> None:
    clock = FixedClock(NOW)
    assert links.link_factory(Settings(dashboard_token=SecretStr("t")), clock) is None  # type: ignore[call-arg]
    assert links.link_factory(Settings(public_base_url="https://a.example"), clock) is None  # type: ignore[call-arg]
    settings = Settings(public_base_url="https://a.example/", dashboard_token=SecretStr("t"))  # type: ignore[call-arg]
    make = links.link_factory(settings, clock)
    assert make is not None
    url = urlsplit(make(fiscal_year_of(date(2026, 5, 1))))
    query = parse_qs(url.query)
    assert (url.scheme, url.netloc, url.path, query["period"]) == ("https", "a.example", "/dashboard", ["FY2026"])
    assert query["sig"] == [sign(signing_key(settings), "/dashboard", "FY2026", int(query["exp"][0]))]


# --- periods -------------------------------------------------------------------------------------------------------


async def test_bad_periods_are_400_with_a_japanese_page(site: Site) -> None:
    bad = [
        {"period": "あいうえお"},
        {"period": "FY2026" * 20},
        {"from": "2026-04-01"},
        {"to": "2026-04-01"},
        {"from": "2026-04-01", "to": "2026-13-01"},
        {"from": "2026-05-01", "to": "2026-04-01"},
        {"period": "2026-05-01..2026-04-01"},
    ]
    for params in bad:
        r = await site.get("/dashboard", params={**params, "token": TOKEN})
        assert r.status == 400, params
        assert "期間を読み取れませんでした" in await r.text()
        assert r.headers["Cache-Control"] == "no-store"
        assert (await site.get("/export.csv", params=params, headers=bearer())).status == 400
        data = await site.get("/dashboard/data.json", params=params, headers=bearer())
        assert data.status == 400 and "期間" in (await data.json())["message"]
        assert (await site.get("/dashboard", params=params)).status == 401, "authorisation is checked first"


async def test_the_period_comes_from_period_text_or_from_to(site: Site) -> None:
    async def period_of(**params: str) -> dict:
        return (await (await site.get("/dashboard/data.json", params=params, headers=bearer())).json())["period"]

    assert (await period_of())["key"] == "FY2026"
    assert (await period_of(period="R7年度"))["key"] == "FY2025"
    assert (await period_of(period="今月"))["label"] == "2026年11月"
    assert (await period_of(period="昨年度"))["key"] == "FY2025"
    assert (await period_of(**{"from": "2026-10-01", "to": "2026-11-15"}))["key"] == "2026-10-01..2026-11-15"
    assert (await period_of(period="今週", **{"from": "2026-10-01", "to": "2026-11-15"}))["key"] == "2026-W48"
    assert (await period_of(period="", **{"from": "", "to": ""}))["key"] == "FY2026"


# --- what is served ------------------------------------------------------------------------------------------------


async def test_data_json_equals_build_summary(site: Site) -> None:
    for text in ("", "今月", "今週", "2026-01-01..2026-11-30"):
        r = await site.get("/dashboard/data.json", params={"period": text}, headers=bearer())
        assert r.status == 200
        assert r.headers["Content-Type"].startswith("application/json")
        assert r.headers["Cache-Control"] == "no-store"
        period = parse_period(text, NOW.astimezone(JST).date())
        expected = summary_to_dict(await build_summary(site.uow, period, now=NOW, tz=JST, ageing=city_rules()))
        assert await r.json() == expected
    data = await (await site.get("/dashboard/data.json", headers=bearer())).json()
    assert data["total"]["received"] == 9  # ten seeded, one withdrawn
    assert data["silent_departments"] == ["会計課", "都市計画課"]


async def test_csv_is_utf8_with_bom_and_the_export_header(site: Site) -> None:
    r = await site.get("/export.csv", params={"period": "今年度"}, headers=bearer())
    assert r.status == 200
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.headers["Content-Disposition"] == 'attachment; filename="consultations_FY2026.csv"'
    assert r.headers["Cache-Control"] == "no-store"
    body = await r.read()
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body[3:].decode("utf-8").splitlines()
    assert lines[0] == ",".join(export_header("ja")) == "番号,件名,内容,区分,状況,所属,受付日,完了日,削減時間（時間／月）,解決内容,成果物"
    assert len(lines) == 1 + 10  # every consultation created in the fiscal year, the withdrawn one too
    data = await (await site.get("/dashboard/data.json", params={"period": "今年度"}, headers=bearer())).json()
    assert len(lines) - 1 == data["total"]["received"] + data["withdrawn"]  # 受付 9 + 取り下げ 1
    assert sum(",取り下げ," in line for line in lines) == data["withdrawn"] == 1
    assert any(",業務改善（BPR）,対応中," in line for line in lines)
    codes = await site.get("/export.csv", params={"period": "今年度", "labels": "codes"}, headers=bearer())
    coded = (await codes.read())[3:].decode("utf-8").splitlines()
    assert coded[0] == ",".join(EXPORT_COLUMNS) and len(coded) == len(lines)
    assert any(",bpr,in_progress," in line for line in coded)
    ranged = await site.get("/export.csv", params={"from": "2026-11-01", "to": "2026-11-30"}, headers=bearer())
    assert ranged.headers["Content-Disposition"] == 'attachment; filename="consultations_2026-11-01..2026-11-30.csv"'


async def test_the_page_shows_every_figure_as_text_and_escapes_hostile_names(site: Site) -> None:
    r = await site.get("/dashboard", headers=bearer())
    assert r.status == 200
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    page = await r.text()
    assert page.startswith('<!DOCTYPE html>\n<html lang="ja">')
    data = await (await site.get("/dashboard/data.json", headers=bearer())).json()
    found = metrics(page)
    expected_paths = {
        *(f"{p}.{f}" for p in ("total", "categories.bpr", "categories.app") for f in data["total"]),
        *(f"categories.{c}.open" for c in ("bpr", "app")),
        *(f"open_by_status.{s}" for s in data["open_by_status"]),
        *(f"ageing.{b}" for b in data["ageing"]),
        *(f"top_departments.{i}.received" for i in range(len(data["top_departments"]))),
        "new_this_week", "closed_this_week", "hours_saved_per_month", "open_total",
    }  # fmt: skip
    assert expected_paths <= found.keys()
    for path, texts in found.items():
        assert set(texts) == {shown(value_at(data, path))}, path
    for name in ("市民課", "税務課", "会計課", "都市計画課", "令和8年度"):
        assert name in page
    assert HOSTILE not in page and "<script>alert" not in page
    assert html.escape(HOSTILE) in page
    # the JSON block holds the same figures, and nothing in it can close the script element
    block = re.search(r'<script type="application/json" id="summary-data">(.*?)</script>', page, re.S)[1]
    assert "<" not in block and "\\u003cscript\\u003e" in block
    charts = json.loads(block)
    assert charts["summary"] == data
    assert charts["mix"]["values"] == [data["categories"]["bpr"]["received"], data["categories"]["app"]["received"]]
    assert page.count("</script>") == page.count("<script")


async def test_strict_headers_and_no_external_references(site: Site) -> None:
    r = await site.get("/dashboard", headers=bearer())
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
    assert r.headers["Referrer-Policy"] == "no-referrer"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    page = await r.text()
    assert not re.search(r"""(?:src|href|action)="(?:https?:)?//""", page)
    assert "<style" not in page and not re.search(r"<[^>]*\s(?:style|on\w+)=", page)
    for ref in re.findall(r'(?:src|href)="(static/[^"?]+)"', page):
        assert (await site.get("/" + ref)).status == 200, ref


async def test_static_assets_are_served_from_a_fixed_list(site: Site) -> None:
    r = await site.get("/static/chart.umd.min.js")
    assert r.status == 200
    assert r.headers["Content-Type"].startswith("text/javascript")
    body = await r.text()
    assert body.startswith("/*!\n * Chart.js v4.") and "Released under the MIT License" in body[:300]
    assert (await site.get("/static/dashboard.js")).headers["Content-Type"].startswith("text/javascript")
    assert (await site.get("/static/dashboard.css")).headers["Content-Type"].startswith("text/css")
    assert "MIT License" in await (await site.get("/static/LICENSE.chartjs.txt")).text()
    for name in ("dashboard.py", "..%2Fdashboard.py", "%2e%2e%2fdashboard.py", "chart.umd.min.js.map", ""):
        assert (await site.get(f"/static/{name}")).status == 404, name


def test_json_script_cannot_be_broken_out_of() -> None:
    block = json_script("x", {"a": "</script><script>alert(1)</script>", "b": "&\u2028\u2029<!--"})
    inner = block.removeprefix('<script type="application/json" id="x">').removesuffix("</script>")
    assert "<" not in inner and ">" not in inner and "&" not in inner and "\u2028" not in inner
    assert json.loads(inner) == {"a": "</script><script>alert(1)</script>", "b": "&\u2028\u2029<!--"}
