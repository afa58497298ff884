"""The dashboard's aiohttp side: /dashboard, /dashboard/data.json, /export.csv, /export.xlsx (the PDCA workbook),
the 事例集 (/cases, /cases.csv) and /static/{name}, their security headers, the page's language, and
`register(app)`. No external requests; a strict Content-Security-Policy.

Wiring (app.py): `register(app)` in create_app, and `app[dashboard_key] = Dashboard(deps, settings)` once Deps exist.
"""

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from pathlib import Path
from urllib.parse import urlencode

from aiohttp import web

from bot.deps import Deps
from bot.domain.catalogue import CatalogueFilter
from bot.domain.periods import Period
from bot.domain.stats import summary_to_dict
from bot.services.catalogue import catalogue, catalogue_csv
from bot.services.reports import LABELS, build_summary, export_csv
from bot.services.workbook import build_review
from bot.settings import Settings
from bot.views.workbook import CONTENT_TYPE as XLSX_TYPE
from bot.views.workbook import workbook_bytes
from bot.web.auth import authorize, choose_period
from bot.web.cases import render_cases
from bot.web.links import CASES_CSV_PATH, CASES_PATH, CSV_PATH, DASHBOARD_PATH, DATA_PATH, XLSX_PATH, sign, signing_key
from bot.web.pages import DISABLED, error_page, error_texts, period_form, render_page

log = logging.getLogger("consult.dashboard")

STATIC_DIR = Path(__file__).parent / "static"
STATIC_TYPES = {
    "chart.umd.min.js": "text/javascript",
    "dashboard.js": "text/javascript",
    "dashboard.css": "text/css",
    "LICENSE.chartjs.txt": "text/plain",
}
CSV_LINK_TTL = timedelta(hours=1)  # the CSV button of a page opened with a bearer token
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
LOCALE_Q = re.compile(r"^q=(0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$", re.IGNORECASE)  # Accept-Language weight, 0 to 1


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


@dataclass(frozen=True)
class Access:
    """An authorised request: the dashboard, how the request proved itself, the period, when, and the language."""

    dashboard: Dashboard
    mode: str
    period: Period
    now: datetime
    locale: str


Respond = Callable[[web.Request, Access], Awaitable[web.StreamResponse]]


async def _guarded(request: web.Request, path: str, respond: Respond, *, as_json: bool = False) -> web.StreamResponse:
    locale = page_locale(request.headers.get("Accept-Language", ""))
    dash = request.app.get(dashboard_key)
    if dash is None or not dash.enabled:
        if dash is None:
            log.warning("dashboard requested but not wired: app[dashboard_key] is not set")
        return error_response(404, locale, as_json=as_json, name=DISABLED)
    now = dash.deps.clock.now()
    scope, period = choose_period(request.query, now.astimezone(dash.deps.tz).date())
    mode = authorize(request, dash.token, dash.signing_key, path, scope, now)
    if mode is None:
        log.info("dashboard access refused", extra={"path": path})
        return error_response(401, locale, as_json=as_json)
    if period is None:
        return error_response(400, locale, as_json=as_json)
    response = await respond(request, Access(dash, mode, period, now, locale))
    response.headers.update(SECURITY_HEADERS)
    return response


def page_locale(accept_language: str) -> str:
    """The page's language from the browser's Accept-Language: "en" when English comes before Japanese in the
    reader's preference (q-value, then order), else "ja", also when neither is listed."""
    ranked = []
    for order, item in enumerate(accept_language.split(",")[:32]):  # a browser sends a handful
        tag, *params = (part.strip() for part in item.split(";"))
        weights = [float(m[1]) for param in params if (m := LOCALE_Q.match(param))]
        quality = weights[0] if weights else 1.0
        if quality > 0:
            ranked.append((-quality, order, tag.lower()))
    for _, _, tag in sorted(ranked):
        if tag.split("-")[0] in ("en", "ja"):
            return tag.split("-")[0]
    return "ja"


def _language_headers(locale: str) -> dict[str, str]:
    return {"Content-Language": locale, "Vary": "Accept-Language"}


def error_response(status: int, locale: str, *, as_json: bool = False, name: str = "") -> web.Response:
    """The short error page (or JSON error) for `status`; `name` picks another text than the status's own."""
    headers = SECURITY_HEADERS | _language_headers(locale)
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="consult-dashboard"'
    if as_json:
        title, message = error_texts(status, locale, name)
        body = json.dumps({"error": title, "message": message}, ensure_ascii=False)
        return web.Response(status=status, text=body, content_type="application/json", headers=headers)
    body = error_page(status, locale, name)
    return web.Response(status=status, text=body, content_type="text/html", charset="utf-8", headers=headers)


async def dashboard_page(request: web.Request) -> web.StreamResponse:
    async def respond(request: web.Request, a: Access) -> web.StreamResponse:
        deps = a.dashboard.deps
        summary = await build_summary(deps.uow, a.period, now=a.now, tz=deps.tz, ageing=deps.ageing)
        today = a.now.astimezone(deps.tz).date()
        form = period_form(a.period, today, a.locale, token=_form_token(request, a), ask_token=a.mode == "signed")
        body = render_page(
            summary,
            locale=a.locale,
            tz=deps.tz,
            form=form,
            csv_url=csv_link(request, a),
            xlsx_url=link(request, a, XLSX_PATH, scope=a.period.key),
            cases_url=link(request, a, CASES_PATH, scope=""),
        )
        headers = _language_headers(a.locale)
        return web.Response(text=body, content_type="text/html", charset="utf-8", headers=headers)

    return await _guarded(request, DASHBOARD_PATH, respond)


async def dashboard_data(request: web.Request) -> web.StreamResponse:
    async def respond(request: web.Request, a: Access) -> web.StreamResponse:
        deps = a.dashboard.deps
        data = summary_to_dict(await build_summary(deps.uow, a.period, now=a.now, tz=deps.tz, ageing=deps.ageing))
        return web.Response(text=json.dumps(data, ensure_ascii=False), content_type="application/json")

    return await _guarded(request, DATA_PATH, respond, as_json=True)


async def export_csv_file(request: web.Request) -> web.StreamResponse:
    """The period's consultations for Excel: Japanese headers and labels, or the codes with ?labels=codes."""

    async def respond(request: web.Request, a: Access) -> web.StreamResponse:
        labels = next((x for x in LABELS if x == request.query.get("labels")), LABELS[0])
        body = await export_csv(a.dashboard.deps.uow, a.period, tz=a.dashboard.deps.tz, labels=labels)
        name = re.sub(r"[^A-Za-z0-9._-]", "_", a.period.key)
        disposition = f'attachment; filename="consultations_{name}.csv"'
        return web.Response(
            body=body, content_type="text/csv", charset="utf-8", headers={"Content-Disposition": disposition}
        )

    return await _guarded(request, CSV_PATH, respond)


async def export_workbook(request: web.Request) -> web.StreamResponse:
    """The period's PDCA workbook (bot/views/workbook.py), in Japanese whatever the browser's language (as the CSV)."""

    async def respond(request: web.Request, a: Access) -> web.StreamResponse:
        deps = a.dashboard.deps
        review = await build_review(deps.uow, a.period, now=a.now, tz=deps.tz)
        body = await asyncio.to_thread(workbook_bytes, review, tz=deps.tz)  # ~0.7 s for a year of 10,000
        name = re.sub(r"[^A-Za-z0-9._-]", "_", a.period.key)
        disposition = f'attachment; filename="pdca_{name}.xlsx"'
        return web.Response(body=body, content_type=XLSX_TYPE, headers={"Content-Disposition": disposition})

    return await _guarded(request, XLSX_PATH, respond)


def chosen_filter(query: Mapping[str, str]) -> CatalogueFilter:
    """The 事例集 filters from the query (each at most 100 characters; unknown values simply match nothing)."""
    category = query.get("category", "")
    return CatalogueFilter(
        category=category if category in ("bpr", "app") else "",
        tag=query.get("tag", "")[:100],
        department=query.get("department", "")[:100],
    )


async def cases_page(request: web.Request) -> web.StreamResponse:
    """事例集: the reusable solutions, filtered by category, tag and department."""

    async def respond(request: web.Request, a: Access) -> web.StreamResponse:
        deps = a.dashboard.deps
        view = await catalogue(deps.uow, chosen_filter(request.query))
        filters = {k: v for k, v in request.query.items() if k in ("category", "tag", "department") and v}
        body = render_cases(
            view,
            locale=a.locale,
            tz=deps.tz,
            token=_form_token(request, a),
            csv_url=link(request, a, CASES_CSV_PATH, scope="", extra=filters),
            back_url=link(request, a, DASHBOARD_PATH, scope=""),
        )
        headers = _language_headers(a.locale)
        return web.Response(text=body, content_type="text/html", charset="utf-8", headers=headers)

    return await _guarded(request, CASES_PATH, respond)


async def cases_csv(request: web.Request) -> web.StreamResponse:
    async def respond(request: web.Request, a: Access) -> web.StreamResponse:
        view = await catalogue(a.dashboard.deps.uow, chosen_filter(request.query))
        body = catalogue_csv(view.entries, tz=a.dashboard.deps.tz)
        disposition = 'attachment; filename="reusable_solutions.csv"'
        return web.Response(
            body=body, content_type="text/csv", charset="utf-8", headers={"Content-Disposition": disposition}
        )

    return await _guarded(request, CASES_CSV_PATH, respond)


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
    return link(request, a, CSV_PATH, scope=a.period.key)


def link(request: web.Request, a: Access, path: str, *, scope: str, extra: Mapping[str, str] | None = None) -> str:
    """A relative link to another dashboard `path` (for the period `scope`, "" for none), keeping the page's
    authorisation: its ?token, or a signature made here (a signed page's own expiry, else an hour)."""
    query: dict[str, object] = {"period": scope} if scope else {}
    query |= dict(extra or {})
    if a.mode == "token":
        query["token"] = request.query["token"]
    elif a.dashboard.signing_key:
        exp = int(request.query["exp"]) if a.mode == "signed" else int((a.now + CSV_LINK_TTL).timestamp())
        query |= {"exp": exp, "sig": sign(a.dashboard.signing_key, path, scope, exp)}
    relative = path.lstrip("/")  # relative: works behind a path prefix too
    return f"{relative}?{urlencode(query)}" if query else relative


def _form_token(request: web.Request, a: Access) -> str:
    return request.query["token"] if a.mode == "token" else ""


def register(app: web.Application) -> None:
    app.router.add_get(DASHBOARD_PATH, dashboard_page, name="dashboard")
    app.router.add_get(DATA_PATH, dashboard_data, name="dashboard_data")
    app.router.add_get(CSV_PATH, export_csv_file, name="export_csv")
    app.router.add_get(XLSX_PATH, export_workbook, name="export_xlsx")
    app.router.add_get(CASES_PATH, cases_page, name="cases")
    app.router.add_get(CASES_CSV_PATH, cases_csv, name="cases_csv")
    app.router.add_get("/static/{name}", static_file, name="static")
