"""GET /c/<number>: the page behind a consultation's link (`{PUBLIC_BASE_URL}/c/R8-0001`, the link Teams unfurls).
It says how to open the consultation in Teams and shows nothing of it: the same page whether the number exists or
not, so the link reveals nothing to whoever has it. A malformed number is a 404."""

from aiohttp import web

from bot.domain.app_links import CONSULTATION_PATH
from bot.domain.fiscal_year import consultation_number, parse_consultation_number
from bot.texts import t
from bot.web.html import document, el, esc
from bot.web.routes import SECURITY_HEADERS, page_locale

ROUTE = f"{CONSULTATION_PATH}{{number}}"


async def consultation_page(request: web.Request) -> web.Response:
    locale = page_locale(request.headers.get("Accept-Language", ""))
    headers = SECURITY_HEADERS | {"Content-Language": locale, "Vary": "Accept-Language"}
    parsed = parse_consultation_number(request.match_info["number"][:32])
    if parsed is None:
        text = t("page.consultation_bad", locale)
        body = document(text, el("main", el("p", esc(text)), class_="message"), lang=locale)
        return web.Response(status=404, text=body, content_type="text/html", charset="utf-8", headers=headers)
    number = consultation_number(*parsed)
    title = t("page.consultation_title", locale, number=number)
    main = el("h1", esc(title)) + el("p", esc(t("page.consultation_text", locale, number=number)))
    body = document(title, el("main", main, class_="message"), lang=locale)
    return web.Response(text=body, content_type="text/html", charset="utf-8", headers=headers)


def register(app: web.Application) -> None:
    app.router.add_get(ROUTE, consultation_page, name="consultation_link")
