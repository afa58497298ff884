"""The HTTP under botbuilder's ConnectorClient: an msrest pipeline whose sender is aiohttp with kept-alive connections.

Stock botbuilder 4.17.1 sends each Bot Connector call through `requests` in a thread pool, with a new session (so a
new TCP connection) per ConnectorClient, and it builds a ConnectorClient per turn. Here one aiohttp session per
event loop serves every client. What goes on the wire is unchanged: the same msrest operations build the requests
(URL, JSON body, headers), `botbuilder`'s credentials sign them, and the retries are those msrest configures for
`requests` (urllib3: 3 retries, backoff 0.8 s doubling; connection failures for every method, error statuses only
for idempotent methods; Retry-After honoured on 503). Errors stay msrest's: `ErrorResponseException` with
`e.response.status_code` / `e.response.headers` for an error status, `ClientRequestError` for a transport failure
or exhausted retries.
"""

import asyncio
from functools import cached_property
from typing import Any

import aiohttp
import requests
from msrest.exceptions import ClientRequestError
from msrest.pipeline import AsyncHTTPPolicy, AsyncHTTPSender, AsyncPipeline, Request, Response
from msrest.pipeline.universal import RawDeserializer
from msrest.universal_http import ClientRequest
from msrest.universal_http.async_abc import AsyncClientResponse
from multidict import CIMultiDict
from requests.structures import CaseInsensitiveDict

from bot.edge.http_pool import HttpPool
from bot.teams.rate_limit import TeamsRateLimitPolicy, next_step

RETRIES = 3  # urllib3 Retry(total=3, connect=3, read=3) as msrest's ClientRetryPolicy sets it
BACKOFF_FACTOR = 0.8  # sleeps 0, 1.6 s, 3.2 s between attempts
SAFE_STATUSES = frozenset({*range(500), 501, 505}) - {408}  # msrest: the statuses that are not retried
IDEMPOTENT = frozenset({"HEAD", "GET", "PUT", "DELETE", "OPTIONS", "TRACE"})  # urllib3's default allowed methods
RETRY_AFTER_STATUSES = frozenset({413, 429, 503})


def connector_pipeline(config: Any, pool: HttpPool) -> AsyncPipeline:
    """The pipeline msrest would build (user agent, credentials, JSON deserializer, logger) over `pool`."""
    credentials = BotTokenPolicy(config.credentials)
    limits = TeamsRateLimitPolicy(pool.budget)  # the process's budget, one policy per pipeline
    policies = [config.user_agent_policy, limits, credentials, RawDeserializer(), config.http_logger_policy]
    return AsyncPipeline(policies, AiohttpSender(pool))


class _Signed:
    """What `AppCredentials.signed_session` writes into: the headers of a session."""

    def __init__(self) -> None:
        self.headers: dict[str, str] = {}


class BotTokenPolicy(AsyncHTTPPolicy):
    """Authorization as botbuilder's credentials give it (none when the app id is empty). The token comes from the
    credentials' own MSAL cache; when that must call Entra ID it does so in a thread, not on the event loop."""

    def __init__(self, credentials: Any) -> None:
        super().__init__()
        self._credentials = credentials

    async def send(self, request: Request, **kwargs: Any) -> Response:
        if self._credentials is not None:
            signed = _Signed()
            if getattr(self._credentials, "microsoft_app_id", None):
                await asyncio.to_thread(self._credentials.signed_session, signed)
            else:
                self._credentials.signed_session(signed)
            request.http_request.headers.pop("Authorization", None)
            if signed.headers.get("Authorization"):
                request.http_request.headers["Authorization"] = signed.headers["Authorization"]
        return await next_step(self).send(request, **kwargs)


class AiohttpSender(AsyncHTTPSender):
    def __init__(self, pool: HttpPool) -> None:
        self._pool = pool

    async def __aenter__(self) -> "AiohttpSender":
        return self

    async def __aexit__(self, *exc_details: object) -> None:
        return None

    def build_context(self) -> None:
        return None

    async def send(self, request: Request, **config: Any) -> Response:
        return Response(request, await self._send(request.http_request))

    async def _send(self, http: ClientRequest) -> "ConnectorResponse":
        if http.files:
            raise ClientRequestError("multipart bodies are not sent by this sender")
        data = http.data.encode() if isinstance(http.data, str) else http.data
        method = http.method.upper()
        failures = 0
        while True:
            try:
                async with self._pool.session().request(method, http.url, data=data, headers=http.headers) as answer:
                    body = await answer.read()
                    response = ConnectorResponse(http, answer.status, CIMultiDict(answer.headers), answer.reason, body)
            except (aiohttp.ClientConnectorError, aiohttp.ConnectionTimeoutError) as error:  # nothing was sent
                failures = await _count_failure(failures, error)
                continue
            except (aiohttp.ClientError, TimeoutError) as error:
                if method not in IDEMPOTENT:
                    raise ClientRequestError("Error occurred in request.", error) from error
                failures = await _count_failure(failures, error)
                continue
            if method in IDEMPOTENT and response.status_code not in SAFE_STATUSES:
                failures = await _count_failure(failures, None, _retry_after(response))
                continue
            return response


async def _count_failure(failures: int, error: BaseException | None, wait: float | None = None) -> int:
    """One more failed attempt: raise when the retries are spent, else sleep as urllib3 would."""
    failures += 1
    if failures > RETRIES:
        message = "Error occurred in request." if error is not None else "Max retries exceeded (error status)"
        raise ClientRequestError(message, error)
    await asyncio.sleep(wait if wait is not None else (0.0 if failures <= 1 else BACKOFF_FACTOR * 2 ** (failures - 1)))
    return failures


def _retry_after(response: "ConnectorResponse") -> float | None:
    """A positive Retry-After in seconds on 413/429/503 (urllib3 backs off as usual on 0 or a missing header)."""
    if response.status_code not in RETRY_AFTER_STATUSES:
        return None
    try:
        seconds = float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None
    return seconds if seconds > 0 else None


class ConnectorResponse(AsyncClientResponse):
    """A loaded response. `internal_response` (what msrest errors expose as `e.response`) is a `requests.Response`,
    as with stock botbuilder, made only when asked for."""

    status_code: int  # always known here (msrest's base class allows None)

    def __init__(
        self, request: ClientRequest, status: int, headers: CIMultiDict[str], reason: str | None, body: bytes
    ) -> None:
        self.request, self.status_code, self.headers, self.reason, self._body = request, status, headers, reason, body

    def body(self) -> bytes:
        return self._body

    def text(self, encoding: str | None = None) -> str:
        charset = self.headers.get("Content-Type", "").partition("charset=")[2].split(";")[0].strip()
        return self._body.decode(encoding or charset or "utf-8-sig")

    @cached_property
    def internal_response(self) -> requests.Response:
        response = requests.Response()
        response.status_code, response.reason, response.url = self.status_code, self.reason or "", self.request.url
        response.headers = CaseInsensitiveDict(self.headers)
        response._content = self._body
        response.encoding = requests.utils.get_encoding_from_headers(response.headers)
        return response

    def raise_for_status(self) -> None:
        self.internal_response.raise_for_status()
