"""Who may see what: a bearer token, a ?token or a link signed for the period, compared in constant time."""

import hashlib
import hmac
import re
from collections.abc import Mapping
from datetime import date, datetime

from aiohttp import web

from bot.domain.periods import Period, date_range, parse_period
from bot.web.links import sign

MAX_PERIOD_CHARS = 64


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


def authorize(request: web.Request, token: bytes, key: bytes, path: str, scope: str, now: datetime) -> str | None:
    """ "bearer", "token" or "signed" when the request may see `scope` at `path`; None otherwise. `token` is the
    dashboard token and `key` the signing key (b"" when that way in is off)."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and _same(value.strip(), token):
        return "bearer"
    if "token" in request.query and _same(request.query["token"], token):
        return "token"
    if _signature_ok(key, path, scope, request.query, now):
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
