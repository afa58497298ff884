"""GraphDirectory: a person's display name and department from Microsoft Graph, app-only (client credentials).

Needs the application permission `User.Read.All` (admin consent). Tokens come from msal, whose in-memory cache reuses
an app token until it is within 5 minutes of expiry; msal is synchronous, so it runs in a worker thread. Lookups are
cached in memory (found and not-found answers; failures are not cached). Failures are logged with status or error
codes only: never the person's id, name or department, nor the token or secret.
"""

import asyncio
import email.utils
import logging
import re
import ssl
import time
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import msal
import requests
from msal.authority import WELL_KNOWN_AUTHORITY_HOSTS
from msal.exceptions import MsalServiceError

from bot.domain.ports import DirectoryEntry

log = logging.getLogger("consult.graph")

GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
SELECT = "department,displayName"
MAX_RETRY_AFTER = 2.0  # seconds; a longer Retry-After is respected by giving up
DEFAULT_RETRY_DELAY = 0.5  # seconds, for a 429/5xx without Retry-After


class _Unavailable(Exception):
    """The directory could not answer (token, network, throttling, server error); logged where raised."""


class GraphDirectory:
    """`Directory` over Microsoft Graph.

    client_id, client_secret, tenant_id: the Entra app registration (application permission User.Read.All).
    authority_host: the Entra host, e.g. "https://login.microsoftonline.com"; the authority is
        f"{authority_host}/{tenant_id}". For any other host (national clouds aside) msal's instance discovery and
        region detection are turned off, so msal only calls {authority}/v2.0/.well-known/openid-configuration and the
        token endpoint that document names.
    graph_base_url: "https://graph.microsoft.com"; the token scope is f"{graph_base_url}/.default".
    ca_file: a PEM bundle to trust instead of the system store, for both msal (requests) and Graph (aiohttp); for a
        TLS-inspecting proxy or a test server.
    timeout: seconds per HTTP request (OIDC discovery, token, Graph).
    cache_ttl, cache_size: the lookup cache (seconds, entries).
    """

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        tenant_id: str,
        authority_host: str = "https://login.microsoftonline.com",
        graph_base_url: str = "https://graph.microsoft.com",
        ca_file: str | None = None,
        timeout: float = 5.0,
        cache_ttl: float = 3600.0,
        cache_size: int = 10_000,
    ) -> None:
        self._client_id = client_id
        self._client_secret = client_secret
        self._authority = f"{authority_host.rstrip('/')}/{tenant_id}"
        self._microsoft_host = urlsplit(authority_host).hostname in WELL_KNOWN_AUTHORITY_HOSTS
        self._graph = graph_base_url.rstrip("/")
        self._scopes = [f"{self._graph}/.default"]
        self._ca_file = ca_file
        self._ssl = ssl.create_default_context(cafile=ca_file) if ca_file else True  # a bad path fails here, at wiring
        self._timeout = timeout
        self._cache = _LookupCache(ttl=cache_ttl, size=cache_size)
        self._app: msal.ConfidentialClientApplication | None = None
        self._http: _MsalHttp | None = None
        self._session: aiohttp.ClientSession | None = None
        self._token_lock = asyncio.Lock()

    async def lookup(self, aad_object_id: str) -> DirectoryEntry | None:
        if not GUID.fullmatch(aad_object_id):
            return None  # never put arbitrary input into a URL path
        key = aad_object_id.lower()
        found, entry = self._cache.get(key)
        if found:
            return entry
        try:
            entry = await self._fetch(key)
        except _Unavailable:
            return None  # already logged; not cached, so the next consultation tries again
        self._cache.put(key, entry)
        return entry

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._http is not None:
            self._http.close()
            self._http, self._app = None, None

    # --- Graph -------------------------------------------------------------------------------------------------

    async def _fetch(self, object_id: str) -> DirectoryEntry | None:
        """The person, or None when Graph has nobody with that id (404)."""
        url = f"{self._graph}/v1.0/users/{object_id}?$select={SELECT}"
        token_refreshed = retried = False
        while True:
            token = await self._token()
            try:
                async with self._client().get(url, headers={"Authorization": f"Bearer {token}"}) as response:
                    status, retry_after = response.status, response.headers.get("Retry-After")
                    if status == 200:
                        return _entry(await response.json())
            except (aiohttp.ClientError, TimeoutError, ValueError) as error:
                log.warning("graph lookup failed", extra={"error": type(error).__name__})
                raise _Unavailable from None
            if status == 404:
                return None
            if status == 401 and not token_refreshed:
                token_refreshed = True
                await self._drop_token()
                continue
            if (status == 429 or status >= 500) and not retried:
                delay = _retry_delay(retry_after)
                if delay is not None:
                    retried = True
                    await asyncio.sleep(delay)
                    continue
            log.warning("graph lookup failed", extra={"status": status})
            raise _Unavailable

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(ssl=self._ssl, limit_per_host=10),
                timeout=aiohttp.ClientTimeout(total=self._timeout),
                raise_for_status=False,
            )
        return self._session

    # --- tokens (msal) -----------------------------------------------------------------------------------------

    async def _token(self) -> str:
        async with self._token_lock:
            try:
                result = await asyncio.to_thread(self._acquire)
            except (requests.RequestException, ValueError, MsalServiceError) as error:  # unreachable, 5xx, bad JSON
                log.warning("graph token request failed", extra={"error": type(error).__name__})
                raise _Unavailable from None
        token = result.get("access_token")
        if not token:  # an OAuth error such as invalid_client; its description may name the app, so only the code
            log.warning("graph token request failed", extra={"error": str(result.get("error", "no_token"))})
            raise _Unavailable
        return str(token)

    def _acquire(self) -> dict[str, Any]:
        """In a worker thread: build the msal app once (it fetches the OIDC document), then a token (cached)."""
        if self._app is None:
            self._http = self._http or _MsalHttp(verify=self._ca_file, timeout=self._timeout)
            self._app = msal.ConfidentialClientApplication(
                self._client_id,
                client_credential=self._client_secret,
                authority=self._authority,
                http_client=self._http,
                # Only Microsoft's own hosts get instance discovery and MSAL_FORCE_REGION; anywhere else both would
                # send requests to login.microsoftonline.com or a "{region}.{host}" name.
                instance_discovery=None if self._microsoft_host else False,
                azure_region=None if self._microsoft_host else False,
            )
        return self._app.acquire_token_for_client(scopes=self._scopes)

    async def _drop_token(self) -> None:
        async with self._token_lock:
            if self._app is not None:
                self._app.remove_tokens_for_client()


class _MsalHttp(requests.Session):
    """requests for msal, with our timeout and CA bundle on every request. The bundle goes per request because
    REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE in the environment override `Session.verify` (psf/requests#3829)."""

    def __init__(self, *, verify: str | None, timeout: float) -> None:
        super().__init__()
        self._verify = verify
        self._timeout = timeout

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self._timeout)
        if self._verify and kwargs.get("verify") is None:
            kwargs["verify"] = self._verify
        return super().request(method, url, *args, **kwargs)


class _LookupCache:
    """Lookups by object id, least recently used first out, each kept `ttl` seconds (monotonic clock)."""

    def __init__(self, *, ttl: float, size: int) -> None:
        self._ttl, self._size = ttl, size
        self._items: OrderedDict[str, tuple[float, DirectoryEntry | None]] = OrderedDict()

    def get(self, key: str) -> tuple[bool, DirectoryEntry | None]:
        item = self._items.get(key)
        if item is None:
            return False, None
        if item[0] <= time.monotonic():
            del self._items[key]
            return False, None
        self._items.move_to_end(key)
        return True, item[1]

    def put(self, key: str, entry: DirectoryEntry | None) -> None:
        if self._ttl <= 0 or self._size <= 0:
            return
        self._items[key] = (time.monotonic() + self._ttl, entry)
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)


def _entry(user: Any) -> DirectoryEntry:
    if not isinstance(user, dict):
        raise ValueError("a Graph user is a JSON object")
    return DirectoryEntry(display_name=user.get("displayName") or "", department=user.get("department") or "")


def _retry_delay(retry_after: str | None) -> float | None:
    """Seconds to wait before the one retry, or None when the server asks for longer than we will wait."""
    if retry_after is None:
        return DEFAULT_RETRY_DELAY
    try:
        seconds = float(retry_after)
    except ValueError:
        try:
            seconds = (email.utils.parsedate_to_datetime(retry_after) - datetime.now(UTC)).total_seconds()
        except (TypeError, ValueError):
            return DEFAULT_RETRY_DELAY
    return max(seconds, 0.0) if seconds <= MAX_RETRY_AFTER else None
