"""The reporting dashboard: /dashboard (HTML), /dashboard/data.json and /export.csv for a period, behind a token or
a signed link, and /static/{name} for its vendored assets. No external requests; a strict Content-Security-Policy.

Wiring (app.py): `register(app)` in create_app, and `app[dashboard_key] = Dashboard(deps, settings)` once Deps exist.
"""

import hashlib
import hmac
import html
import json
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import cached_property
from pathlib import Path
from urllib.parse import urlencode

from aiohttp import web

from bot.deps import Deps
from bot.domain.periods import Period, date_range, parse_period, week_of
from bot.domain.stats import summary_to_dict
from bot.services.reports import build_summary, export_csv
from bot.settings import Settings
from bot.texts import t

log = logging.getLogger("consult.dashboard")

DASHBOARD_PATH, DATA_PATH, CSV_PATH = "/dashboard", "/dashboard/data.json", "/export.csv"
STATIC_DIR = Path(__file__).parent / "static"
STATIC_TYPES = {
    "chart.umd.min.js": "text/javascript",
    "dashboard.js": "text/javascript",
    "dashboard.css": "text/css",
    "LICENSE.chartjs.txt": "text/plain",
}
LINK_TTL_DAYS = 30  # signed links in the weekly summary card
CSV_LINK_TTL = timedelta(hours=1)  # the CSV button of a page opened with a bearer token
MAX_PERIOD_CHARS = 64
KEY_DERIVATION = b"consult-bot/dashboard-link/v1"
PRESETS = ("今週", "今月", "今年度", "昨年度")
CATEGORY_KEYS = ("bpr", "app")
COLORS = {"bpr": "#2563eb", "app": "#9333ea", "done": "#15803d", "open": "#d97706"}
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # tokens and signatures ride in URLs
    "X-Frame-Options": "DENY",
}
ERRORS = {
    400: (
        "期間を読み取れませんでした",
        "期間は「今年度」「R6年度」「FY2024」「今月」「2024-04-01..2025-06-30」のように指定してください。"
        "日付で選ぶときは開始日と終了日の両方を入れてください。",
    ),
    401: (
        "表示する権限を確認できませんでした",
        "共有されたリンクを開き直してください。リンクの有効期限が切れているときは、最新の週次集計のリンクを開くか、"
        "DX推進の担当者にお問い合わせください。",
    ),
    404: ("ページが見つかりません", "このページは利用できません。"),
}


# --- configuration and signed links ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    """What the handlers need; app.py sets it under `dashboard_key` once Deps are built."""

    deps: Deps
    settings: Settings

    @cached_property
    def token(self) -> bytes:
        return self.settings.dashboard_token.get_secret_value().encode()

    @cached_property
    def signing_key(self) -> bytes:
        return signing_key(self.settings)

    @property
    def enabled(self) -> bool:
        return bool(self.token or self.signing_key)


dashboard_key = web.AppKey("dashboard", Dashboard)


def signing_key(settings: Settings) -> bytes:
    """DASHBOARD_SIGNING_KEY, else a key derived from DASHBOARD_TOKEN or MicrosoftAppPassword; b"" when all are empty
    (then signed links are off)."""
    if explicit := settings.dashboard_signing_key.get_secret_value():
        return explicit.encode()
    base = settings.dashboard_token.get_secret_value() or settings.microsoft_app_password.get_secret_value()
    return hmac.new(base.encode(), KEY_DERIVATION, hashlib.sha256).digest() if base else b""


def sign(key: bytes, path: str, scope: str, exp: int) -> str:
    """Hex HMAC-SHA256 over "path|period-or-range|exp"."""
    return hmac.new(key, f"{path}|{scope}|{exp}".encode(), hashlib.sha256).hexdigest()


def signed_url(base_url: str, key: bytes, path: str, scope: str, exp: int) -> str:
    if not key:
        raise ValueError("the dashboard has no signing key")
    scope = scope.strip()
    query = ({"period": scope} if scope else {}) | {"exp": exp, "sig": sign(key, path, scope, exp)}
    return f"{base_url.rstrip('/')}{path}?{urlencode(query)}"


def signed_dashboard_url(
    base_url: str, key: bytes, period_key_or_text: str, now: datetime, ttl_days: int = LINK_TTL_DAYS
) -> str:
    """A link to the dashboard for one period (pass Period.key for a fixed period), valid for `ttl_days`."""
    exp = int((now + timedelta(days=ttl_days)).timestamp())
    return signed_url(base_url, key, DASHBOARD_PATH, period_key_or_text, exp)


def link_factory(settings: Settings, clock: object) -> Callable[[Period], str] | None:
    """Period -> signed dashboard URL for Deps.dashboard_link; None without PUBLIC_BASE_URL or a key."""
    key = signing_key(settings)
    if not (settings.public_base_url and key):
        return None
    return lambda period: signed_dashboard_url(settings.public_base_url, key, period.key, clock.now())  # type: ignore[attr-defined]


# --- which period, and may this request see it -----------------------------------------------------------------------


def choose_period(query: Mapping[str, str], today: date) -> tuple[str, Period | None]:
    """(scope, period) from ?period=<text> or ?from=&to= (period wins); scope is what a signed link covers."""
    text = query.get("period", "").strip()
    start, end = query.get("from", "").strip(), query.get("to", "").strip()
    if text or not (start or end):
        return text, parse_period(text, today) if len(text) <= MAX_PERIOD_CHARS else None
    scope = f"{start}..{end}"
    try:
        return scope, date_range(date.fromisoformat(start), date.fromisoformat(end))
    except ValueError:
        return scope, None


def authorize(request: web.Request, dash: Dashboard, path: str, scope: str, now: datetime) -> str | None:
    """ "bearer", "token" or "signed" when the request may see `scope` at `path`; None otherwise."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and _same(value.strip(), dash.token):
        return "bearer"
    if "token" in request.query and _same(request.query["token"], dash.token):
        return "token"
    if _signature_ok(dash.signing_key, path, scope, request.query, now):
        return "signed"
    return None


def _same(given: str, secret: bytes) -> bool:
    """Constant-time, and equal-length digests so that nothing tells how close a guess was."""
    if not secret:
        return False
    digest = hashlib.sha256(given.encode("utf-8", "replace")).digest()
    return hmac.compare_digest(digest, hashlib.sha256(secret).digest())


def _signature_ok(key: bytes, path: str, scope: str, query: Mapping[str, str], now: datetime) -> bool:
    exp, sig = query.get("exp", ""), query.get("sig", "")
    if not key or not re.fullmatch(r"[0-9]{1,12}", exp) or int(exp) <= now.timestamp():
        return False
    return hmac.compare_digest(sign(key, path, scope, int(exp)).encode(), sig.lower().encode("ascii", "replace"))


@dataclass(frozen=True)
class Access:
    """An authorised request: the dashboard, how the request proved itself, the period, and when."""

    dashboard: Dashboard
    mode: str
    period: Period
    now: datetime


Respond = Callable[[web.Request, Access], Awaitable[web.StreamResponse]]


async def _guarded(request: web.Request, path: str, respond: Respond, *, as_json: bool = False) -> web.StreamResponse:
    dash = request.app.get(dashboard_key)
    if dash is None or not dash.enabled:
        if dash is None:
            log.warning("dashboard requested but not wired: app[dashboard_key] is not set")
        return error_response(404, as_json=as_json)
    now = dash.deps.clock.now()
    scope, period = choose_period(request.query, now.astimezone(dash.deps.tz).date())
    mode = authorize(request, dash, path, scope, now)
    if mode is None:
        log.info("dashboard access refused", extra={"path": path})
        return error_response(401, as_json=as_json)
    if period is None:
        return error_response(400, as_json=as_json)
    response = await respond(request, Access(dash, mode, period, now))
    response.headers.update(SECURITY_HEADERS)
    return response


def error_response(status: int, *, as_json: bool = False) -> web.Response:
    title, message = ERRORS[status]
    headers = dict(SECURITY_HEADERS)
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="consult-dashboard"'
    if as_json:
        body = json.dumps({"error": title, "message": message}, ensure_ascii=False)
        return web.Response(status=status, text=body, content_type="application/json", headers=headers)
    body = document(title, el("main", el("h1", esc(title)) + el("p", esc(message)), class_="message"))
    return web.Response(status=status, text=body, content_type="text/html", charset="utf-8", headers=headers)


# --- handlers --------------------------------------------------------------------------------------------------------


async def dashboard_page(request: web.Request) -> web.StreamResponse:
    async def respond(request: web.Request, a: Access) -> web.StreamResponse:
        deps = a.dashboard.deps
        data = summary_to_dict(await build_summary(deps.uow, a.period, now=a.now, tz=deps.tz))
        today = a.now.astimezone(deps.tz).date()
        form = period_form(a.period, today, token=_form_token(request, a), ask_token=a.mode == "signed")
        body = render_page(data, tz=deps.tz, form=form, csv_url=csv_link(request, a))
        return web.Response(text=body, content_type="text/html", charset="utf-8")

    return await _guarded(request, DASHBOARD_PATH, respond)


async def dashboard_data(request: web.Request) -> web.StreamResponse:
    async def respond(request: web.Request, a: Access) -> web.StreamResponse:
        deps = a.dashboard.deps
        data = summary_to_dict(await build_summary(deps.uow, a.period, now=a.now, tz=deps.tz))
        return web.Response(text=json.dumps(data, ensure_ascii=False), content_type="application/json")

    return await _guarded(request, DATA_PATH, respond, as_json=True)


async def export_csv_file(request: web.Request) -> web.StreamResponse:
    async def respond(request: web.Request, a: Access) -> web.StreamResponse:
        body = await export_csv(a.dashboard.deps.uow, a.period, tz=a.dashboard.deps.tz)
        name = re.sub(r"[^A-Za-z0-9._-]", "_", a.period.key)
        disposition = f'attachment; filename="consultations_{name}.csv"'
        return web.Response(
            body=body, content_type="text/csv", charset="utf-8", headers={"Content-Disposition": disposition}
        )

    return await _guarded(request, CSV_PATH, respond)


async def static_file(request: web.Request) -> web.StreamResponse:
    """The vendored assets, by name from a fixed list (public: nothing in them is secret)."""
    name = request.match_info["name"]
    if name not in STATIC_TYPES:
        raise web.HTTPNotFound()
    headers = {
        "Content-Type": f"{STATIC_TYPES[name]}; charset=utf-8",
        "Cache-Control": "no-cache",  # revalidated with ETag / Last-Modified
        "X-Content-Type-Options": "nosniff",
    }
    return web.FileResponse(STATIC_DIR / name, headers=headers)


def csv_link(request: web.Request, a: Access) -> str:
    """/export.csv for the same period, keeping the page's authorisation (a ?token, or a link signed here)."""
    query: dict[str, object] = {"period": a.period.key}
    if a.mode == "token":
        query["token"] = request.query["token"]
    else:
        exp = int(request.query["exp"]) if a.mode == "signed" else int((a.now + CSV_LINK_TTL).timestamp())
        query |= {"exp": exp, "sig": sign(a.dashboard.signing_key, CSV_PATH, a.period.key, exp)}
    return "export.csv?" + urlencode(query)  # relative: works behind a path prefix too


def _form_token(request: web.Request, a: Access) -> str:
    return request.query["token"] if a.mode == "token" else ""


def register(app: web.Application) -> None:
    app.router.add_get(DASHBOARD_PATH, dashboard_page, name="dashboard")
    app.router.add_get(DATA_PATH, dashboard_data, name="dashboard_data")
    app.router.add_get(CSV_PATH, export_csv_file, name="export_csv")
    app.router.add_get("/static/{name}", static_file, name="static")


# --- HTML ------------------------------------------------------------------------------------------------------------


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _attrs(attrs: Mapping[str, object]) -> str:
    out = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        out.append(f" {name}" if value is True else f' {name}="{esc(value)}"')
    return "".join(out)


def el(tag: str, inner: str = "", **attrs: object) -> str:
    """<tag attrs>inner</tag>: `inner` is HTML built by these functions; attribute values are escaped here."""
    return f"<{tag}{_attrs(attrs)}>{inner}</{tag}>"


def void(tag: str, **attrs: object) -> str:
    return f"<{tag}{_attrs(attrs)}>"


def json_script(element_id: str, value: object) -> str:
    """JSON in a non-executed script block; <, >, & and line separators escaped so nothing can close it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return f'<script type="application/json" id="{esc(element_id)}">{text}</script>'


def document(title: str, body: str, *, head: str = "") -> str:
    meta = void("meta", charset="utf-8") + void("meta", name="viewport", content="width=device-width, initial-scale=1")
    style = void("link", rel="stylesheet", href="static/dashboard.css")
    return (
        f'<!DOCTYPE html>\n<html lang="ja"><head>{meta}{void("meta", name="referrer", content="no-referrer")}'
        f"{el('title', esc(title))}{style}{head}</head><body>{body}</body></html>"
    )


def number(value: float | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def metric(path: str, value: float | None, unit: str = "") -> str:
    """A number as text, marked with the summary path it shows (data-metric), then its unit when there is one."""
    return el("span", esc(number(value)), class_="num", data_metric=path) + (esc(unit) if value is not None else "")


def period_form(period: Period, today: date, *, token: str = "", ask_token: bool = False) -> str:
    presets = "".join(
        el(
            "button",
            esc(p),
            type="submit",
            name="period",
            value=p,
            class_="preset",
            aria_pressed="true" if (q := parse_period(p, today)) and q.key == period.key else "false",
        )
        for p in PRESETS
    )
    dates = (
        el("label", "開始日 " + void("input", type="date", name="from", value=period.start.isoformat()))
        + el("label", "終了日 " + void("input", type="date", name="to", value=period.end.isoformat()))
        + el("button", "この期間を表示", type="submit", class_="apply")
    )
    secret = void("input", type="hidden", name="token", value=token) if token else ""
    if ask_token:
        secret = el(
            "p",
            "共有リンクはこの期間専用です。別の期間を見るには "
            + el("label", "アクセストークン " + void("input", type="password", name="token", autocomplete="off"))
            + " を入れてください。",
            class_="note",
        )
    inner = el("div", presets, class_="presets", role="group", aria_label="よく使う期間") + el(
        "div", dates, class_="dates"
    )
    return el("form", inner + secret, method="get", action="dashboard", class_="picker", aria_label="期間の選択")


def render_page(d: Mapping, *, tz: tzinfo, form: str, csv_url: str) -> str:
    p = d["period"]
    heading = (
        el("h1", "DX相談 ダッシュボード")
        + el(
            "p", "期間：" + el("strong", esc(p["label"]), data_period=p["key"]) + esc(f"（{p['start']} 〜 {p['end']}）")
        )
        + el("p", esc(_as_of(d["as_of"], tz)), class_="as-of")
    )
    actions = el("a", "この期間のCSVをダウンロード", href=csv_url, class_="download", download=True)
    main = (
        el("section", kpis(d), class_="kpis", aria_label="主な数値")
        + el("section", el("h2", "区分別の状況") + category_cards(d), class_="cards-section")
        + el("section", el("h2", "グラフ") + charts(d), class_="charts")
        + el("section", el("h2", "未完了の相談（現在）") + backlog(d, tz), class_="backlog")
        + el("section", el("h2", "部署") + departments(d), class_="departments")
    )
    footer = el(
        "footer",
        "グラフ表示：Chart.js 4.6.1（"
        + el("a", "MIT License", href="static/LICENSE.chartjs.txt")
        + "）。グラフの数値はすべて表にも載せています。",
    )
    body = (
        el("header", heading + form + actions) + el("main", main) + footer + json_script("summary-data", chart_data(d))
    )
    scripts = el("script", src="static/chart.umd.min.js", defer=True) + el(
        "script", src="static/dashboard.js", defer=True
    )
    return document(f"DX相談 ダッシュボード：{p['label']}", body, head=scripts)


def _as_of(value: str, tz: tzinfo) -> str:
    moment = datetime.fromisoformat(value).astimezone(tz)
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M} 時点"


def _open_count(d: Mapping) -> int:
    return sum(d["open_by_status"].values())


def kpis(d: Mapping) -> str:
    tiles = [
        ("受付（合計）", metric("total.received", d["total"]["received"], "件")),
        ("完了（合計）", metric("total.completed", d["total"]["completed"], "件")),
        ("完了率", metric("total.completion_rate", d["total"]["completion_rate"], "%")),
        ("未完了（現在）", metric("open_total", _open_count(d), "件")),
        ("削減時間の見込み", metric("hours_saved_per_month", d["hours_saved_per_month"], "時間/月")),
    ]
    return "".join(
        el("div", el("p", esc(label), class_="label") + el("p", value, class_="value"), class_="kpi")
        for label, value in tiles
    )


def category_cards(d: Mapping) -> str:
    cards = [(f"categories.{c}", t(f"category.{c}"), d["categories"][c]) for c in CATEGORY_KEYS]
    cards.append(("total", t("summary.total"), d["total"]))
    return el("div", "".join(figures_card(*card) for card in cards), class_="cards")


def figures_card(path: str, title: str, f: Mapping) -> str:
    rows = [
        ("受付", metric(f"{path}.received", f["received"], "件")),
        ("完了", metric(f"{path}.completed", f["completed"], "件")),
        ("完了率", metric(f"{path}.completion_rate", f["completion_rate"], "%")),
        ("完了までの日数（中央値）", metric(f"{path}.lead_time_median_days", f["lead_time_median_days"], "日")),
        ("完了までの日数（90%値）", metric(f"{path}.lead_time_p90_days", f["lead_time_p90_days"], "日")),
        ("削減時間の見込み", metric(f"{path}.hours_saved_per_month", f["hours_saved_per_month"], "時間/月")),
    ]
    items = "".join(el("dt", esc(label)) + el("dd", value) for label, value in rows)
    return el("article", el("h3", esc(title)) + el("dl", items), class_="card")


def chart_data(d: Mapping) -> dict:
    """What dashboard.js draws (labels and numbers), with the whole summary for anyone reading the page's data."""
    labels = [t(f"category.short.{c}") for c in CATEGORY_KEYS]
    cats = [d["categories"][c] for c in CATEGORY_KEYS]
    return {
        "mix": {
            "labels": labels,
            "values": [c["received"] for c in cats],
            "colors": [COLORS[c] for c in CATEGORY_KEYS],
        },
        "progress": {
            "labels": labels,
            "series": [
                {"label": t("summary.done"), "values": [c["completed"] for c in cats], "color": COLORS["done"]},
                {
                    "label": t("summary.open"),
                    "values": [c["received"] - c["completed"] for c in cats],
                    "color": COLORS["open"],
                },
            ],
        },
        "summary": d,
    }


def table(caption: str, header: list[str], rows: list[list[str]]) -> str:
    head = el("tr", "".join(el("th", esc(h), scope="col") for h in header))
    body = "".join(el("tr", el("th", r[0], scope="row") + "".join(el("td", c) for c in r[1:])) for r in rows)
    return el("table", el("caption", esc(caption)) + el("thead", head) + el("tbody", body))


def charts(d: Mapping) -> str:
    names = {c: esc(t(f"category.short.{c}")) for c in CATEGORY_KEYS}
    cats = d["categories"]
    mix_rows = [[names[c], metric(f"categories.{c}.received", cats[c]["received"], "件")] for c in CATEGORY_KEYS]
    progress_rows = [
        [
            names[c],
            metric(f"categories.{c}.completed", cats[c]["completed"], "件"),
            metric(f"categories.{c}.open", cats[c]["received"] - cats[c]["completed"], "件"),
        ]
        for c in CATEGORY_KEYS
    ]
    mix_label = "、".join(f"{t(f'category.short.{c}')} {cats[c]['received']}件" for c in CATEGORY_KEYS)
    mix = figure("chart-mix", t("summary.mix"), mix_label, table("受付件数", ["区分", "受付"], mix_rows))
    progress_label = "、".join(
        f"{t(f'category.short.{c}')} 完了{cats[c]['completed']}件・未完了{cats[c]['received'] - cats[c]['completed']}件"
        for c in CATEGORY_KEYS
    )
    progress = figure(
        "chart-progress",
        t("summary.done_vs_open"),
        progress_label,
        table("完了と未完了（期間内の受付）", ["区分", t("summary.done"), t("summary.open")], progress_rows),
    )
    return el("div", mix + progress, class_="chart-grid")


def figure(canvas_id: str, title: str, description: str, data_table: str) -> str:
    canvas = el("canvas", esc(description), id=canvas_id, role="img", aria_label=f"{title}：{description}")
    return el("figure", el("figcaption", esc(title)) + el("div", canvas, class_="canvas-box") + data_table)


def backlog(d: Mapping, tz: tzinfo) -> str:
    statuses = [[esc(t(f"status.{s}")), metric(f"open_by_status.{s}", n, "件")] for s, n in d["open_by_status"].items()]
    ages = [[esc(f"{b}日"), metric(f"ageing.{b}", n, "件")] for b, n in d["ageing"].items()]
    week = week_of(datetime.fromisoformat(d["as_of"]).astimezone(tz).date()).label()
    moves = el(
        "p",
        esc(f"今週（{week}）：新規 ")
        + metric("new_this_week", d["new_this_week"], "件")
        + "／完了 "
        + metric("closed_this_week", d["closed_this_week"], "件"),
    )
    tables = table("状況別", ["状況", "件数"], statuses) + table("受付からの経過日数", ["経過", "件数"], ages)
    return el("div", tables, class_="tables") + el("div", moves, class_="panel week")


def departments(d: Mapping) -> str:
    top = "".join(
        el(
            "li",
            el("span", esc(x["name"]), class_="dept")
            + " "
            + metric(f"top_departments.{i}.received", x["received"], "件"),
        )
        for i, x in enumerate(d["top_departments"])
    )
    silent = "".join(el("li", esc(name)) for name in d["silent_departments"])
    return el(
        "div",
        el("h3", esc(t("summary.departments")))
        + (el("ol", top, class_="top") if top else el("p", "この期間の相談はありません。"))
        + el("h3", "この期間に相談のない部署")
        + (el("ul", silent, class_="silent") if silent else el("p", "ありません。")),
        class_="panel",
    )
