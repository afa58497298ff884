"""A loopback aiohttp server standing in for the Teams Bot Connector: records sends and updates."""

import asyncio
import itertools
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Recorded:
    method: str
    conversation_id: str
    activity_id: str  # the replyToId of a reply, or the id of an updated activity
    body: dict[str, Any]

    @property
    def cards(self) -> list[dict]:
        return [
            a["content"]
            for a in self.body.get("attachments") or []
            if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
        ]

    @property
    def text(self) -> str:
        return self.body.get("text") or ""


@dataclass
class FakeConnector:
    sent: list[Recorded] = field(default_factory=list)
    updated: list[Recorded] = field(default_factory=list)
    failures: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # answered before succeeding
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    url: str = ""

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations/{cid}/activities", self._send)
        app.router.add_post("/v3/conversations/{cid}/activities/{aid}", self._send)
        app.router.add_put("/v3/conversations/{cid}/activities/{aid}", self._update)
        return app

    def _failure(self) -> web.Response | None:
        if self.failures:
            status, headers = self.failures.pop(0)
            return web.json_response(
                {"error": {"code": "Scripted", "message": "scripted"}}, status=status, headers=headers
            )
        return None

    async def _send(self, request: web.Request) -> web.Response:
        if failure := self._failure():
            return failure
        body = await request.json()
        self.sent.append(Recorded("POST", request.match_info["cid"], request.match_info.get("aid", ""), body))
        self._changed.set()
        return web.json_response({"id": f"bot-activity-{next(self._ids)}"})

    async def _update(self, request: web.Request) -> web.Response:
        if failure := self._failure():
            return failure
        body = await request.json()
        self.updated.append(Recorded("PUT", request.match_info["cid"], request.match_info["aid"], body))
        self._changed.set()
        return web.json_response({"id": request.match_info["aid"]})

    async def wait_for(self, predicate, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
        async def loop() -> None:
            while not predicate():
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(loop(), timeout)

    def cards_sent(self) -> list[dict]:
        return [card for r in self.sent for card in r.cards]

    def texts_sent(self) -> list[str]:
        return [r.text for r in self.sent if r.text]
