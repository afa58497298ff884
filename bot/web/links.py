"""Signed dashboard links: the dashboard's URLs, the signing key, HMAC signatures and the link factory for Deps."""

import hashlib
import hmac
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlencode

from bot.domain.periods import Period
from bot.domain.ports import Clock
from bot.settings import Settings

DASHBOARD_PATH, DATA_PATH, CSV_PATH = "/dashboard", "/dashboard/data.json", "/export.csv"
CASES_PATH, CASES_CSV_PATH = "/cases", "/cases.csv"  # 事例集 (横展開候補) and its CSV: not tied to a period
XLSX_PATH = "/export.xlsx"  # the PDCA workbook
LINK_TTL_DAYS = 30  # signed links in the weekly summary card
KEY_DERIVATION = b"consult-bot/dashboard-link/v1"


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


def link_factory(settings: Settings, clock: Clock) -> Callable[[Period], str] | None:
    """Period -> signed dashboard URL for Deps.dashboard_link; None without PUBLIC_BASE_URL or a key."""
    key = signing_key(settings)
    if not (settings.public_base_url and key):
        return None
    return lambda period: signed_dashboard_url(settings.public_base_url, key, period.key, clock.now())
