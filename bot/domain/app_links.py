"""The app's own links that Teams unfurls: a consultation's link (`{PUBLIC_BASE_URL}/c/R8-0001`) and the dashboard's
(`{PUBLIC_BASE_URL}/dashboard?...`); building the first and telling which one a pasted URL is."""

from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlsplit

from bot.domain.fiscal_year import consultation_number, parse_consultation_number

CONSULTATION_PATH = "/c/"
DASHBOARD_PATH = "/dashboard"  # bot/web/links.py serves it (tests check that the two agree)


@dataclass(frozen=True)
class LinkTarget:
    """What a pasted link of this app points at: a consultation (its number, normalised) or the dashboard (the
    period it was opened for, "" for the default)."""

    kind: str  # "consultation" | "dashboard"
    number: str = ""
    period: str = ""


def consultation_url(base_url: str, number: str) -> str:
    """The consultation's link; "" without a public base URL."""
    return f"{base_url.rstrip('/')}{CONSULTATION_PATH}{quote(number)}" if base_url else ""


def link_target(base_url: str, url: str) -> LinkTarget | None:
    """The consultation or dashboard a URL on this app's host names, or None (another site, another page, a
    malformed number). Scheme and host are compared case-insensitively; the base URL's path, if any, is a prefix."""
    base, link = urlsplit(base_url.strip()), urlsplit(url.strip())
    if not base.netloc or (link.scheme.lower(), link.netloc.lower()) != (base.scheme.lower(), base.netloc.lower()):
        return None
    prefix = base.path.rstrip("/")
    if not link.path.startswith(prefix):
        return None
    path = link.path[len(prefix) :]
    if path.startswith(CONSULTATION_PATH):
        parsed = parse_consultation_number(unquote(path[len(CONSULTATION_PATH) :]))
        return LinkTarget("consultation", number=consultation_number(*parsed)) if parsed else None
    if path.rstrip("/") == DASHBOARD_PATH:
        period = parse_qs(link.query).get("period", [""])[0]
        return LinkTarget("dashboard", period=period.strip()[:64])
    return None
