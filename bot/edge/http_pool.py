"""One aiohttp session (kept-alive connections to the Bot Connector) per event loop, for either host's clients, with
Teams' send budget they share. Free of either SDK: botbuilder's msrest sender (bot/teams/connector_http.py) and the
Agents SDK's connector clients (bot/agents/connector.py) both send through it."""

import asyncio
import contextlib
import os
import ssl
from collections.abc import AsyncGenerator

import aiohttp
import certifi

from bot.edge.send_budget import SendBudget

PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")
_PARKED: set[AsyncGenerator[None, None]] = set()  # the closers of open sessions (see _closed_with_loop)


class HttpPool:
    """One aiohttp session (a pool of kept-alive connections) per event loop, made on first use. It is closed by
    `close()`, and otherwise when its event loop shuts down (asyncio closes open async generators then)."""

    def __init__(self, *, limit: int = 100, timeout: float = 100.0) -> None:
        self._limit, self._timeout = limit, timeout
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closer: AsyncGenerator[None, None] | None = None
        self.budget = SendBudget()  # Teams' send limits, shared by every client of this pool

    def session(self) -> aiohttp.ClientSession:
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            connector = aiohttp.TCPConnector(limit=self._limit, ssl=_ssl_context())
            timeout = aiohttp.ClientTimeout(total=None, sock_connect=self._timeout, sock_read=self._timeout)
            proxied = any(os.environ.get(name) for name in PROXY_VARIABLES)  # requests reads them, and so does aiohttp
            self._session = aiohttp.ClientSession(connector=connector, timeout=timeout, trust_env=proxied)
            self._loop, self._closer = loop, _closed_with_loop(self._session)
        return self._session

    async def close(self) -> None:
        closer, self._closer, self._session = self._closer, None, None
        if closer is not None:
            await closer.aclose()


def _closed_with_loop(session: aiohttp.ClientSession) -> AsyncGenerator[None, None]:
    """An async generator parked at its `yield`: the running loop registers it and closes it at shutdown
    (`shutdown_asyncgens`, run by asyncio.run, aiohttp's run_app and pytest's loops), and its `finally` closes the
    session, so no connection outlives its loop. `_PARKED` keeps it alive until then, even if its pool is dropped."""

    async def parked() -> AsyncGenerator[None, None]:
        try:
            yield
        finally:
            _PARKED.discard(closer)
            await session.close()

    closer = parked()
    _PARKED.add(closer)
    with contextlib.suppress(StopIteration):
        closer.asend(None).send(None)
    return closer


def _ssl_context() -> ssl.SSLContext:
    """The CA bundle `requests` would use: REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE, else certifi's."""
    bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or certifi.where()
    return ssl.create_default_context(cafile=bundle)
