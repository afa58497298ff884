"""The channels a Bot Framework signing key is endorsed for, checked against the activity's channel.

botbuilder refuses a token whose signing key is not endorsed for the activity's `channelId` (the JWKS lists an
`endorsements` array per key). The Agents SDK's JwtTokenValidator does not look at endorsements, so the agents
host checks them after the SDK has verified the token, against the same JWKS document the SDK read its key from
(`BOTFRAMEWORK_JWKS_URIS`), cached for a day and read again when a key id is not in it."""

import asyncio
import time
from typing import Any

import jwt
from microsoft_agents.hosting.core.authorization.jwt.jwt_token_validator import BOTFRAMEWORK_JWKS_URIS

REFRESH_SECONDS = 24 * 3600


class Endorsements:
    def __init__(self) -> None:
        self._documents: dict[str, tuple[float, dict[str, Any]]] = {}
        self._lock = asyncio.Lock()

    async def endorsed(self, issuer: str, kid: str, channel_id: str) -> bool:
        """Whether key `kid` of `issuer`'s JWKS is endorsed for `channel_id`. Raises jwt.PyJWKClientConnectionError
        when the JWKS cannot be read (a 503, as for the SDK's own key look-up)."""
        uri = BOTFRAMEWORK_JWKS_URIS.get(issuer)
        if uri is None:
            return False
        key = await self._key(uri, kid)
        endorsements = key.get("endorsements") if key is not None else None
        return isinstance(endorsements, list) and channel_id in endorsements

    async def _key(self, uri: str, kid: str) -> dict[str, Any] | None:
        async with self._lock:
            fetched = self._documents.get(uri)
            if fetched is None or time.monotonic() - fetched[0] > REFRESH_SECONDS or _find(fetched[1], kid) is None:
                data = await asyncio.to_thread(jwt.PyJWKClient(uri, cache_jwk_set=False).fetch_data)
                fetched = (time.monotonic(), data if isinstance(data, dict) else {})
                self._documents[uri] = fetched
            return _find(fetched[1], kid)


def _find(document: dict[str, Any], kid: str) -> dict[str, Any] | None:
    keys = document.get("keys")
    if not isinstance(keys, list):
        return None
    return next((k for k in keys if isinstance(k, dict) and k.get("kid") == kid), None)
