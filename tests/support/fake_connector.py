"""A loopback aiohttp server standing in for the Teams Bot Connector: records sends, updates, created conversations
and member reads, serves a configurable member list, and answers scripted failures on any route. Every posted
activity gets a distinct id (`bot-activity-<n>`), recorded with it as `Recorded.answered_id`."""

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Recorded:
    method: str
    conversation_id: str
    activity_id: str  # the replyToId of a reply, or the id of an updated activity
    body: dict[str, Any]
    answered_id: str = ""  # the activity id the fake answered with (a distinct one for every POST)

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
class Hit:
    """One request as it arrived (scripted failures included): when, what, and the status answered."""

    at: float  # time.monotonic()
    method: str
    path: str
    status: int
    peer: int = 0  # the client's TCP port: requests on one kept-alive connection share it


@dataclass
class FakeConnector:
    sent: list[Recorded] = field(default_factory=list)
    updated: list[Recorded] = field(default_factory=list)
    created: list[dict[str, Any]] = field(
        default_factory=list
    )  # ConversationParameters bodies of POST /v3/conversations
    member_reads: list[Recorded] = field(default_factory=list)  # body: the query string (pageSize, continuationToken)
    members: list[dict[str, Any]] = field(
        default_factory=list
    )  # TeamsChannelAccount dicts served to every conversation
    failures: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # next requests' answers; 0: pass
    hits: list[Hit] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _conversations: itertools.count = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    url: str = ""

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._scripted])
        app.router.add_post("/v3/conversations", self._create)
        app.router.add_post("/v3/conversations/{cid}/activities", self._send)
        app.router.add_post("/v3/conversations/{cid}/activities/{aid}", self._send)
        app.router.add_put("/v3/conversations/{cid}/activities/{aid}", self._update)
        app.router.add_get("/v3/conversations/{cid}/pagedmembers", self._paged_members)
        app.router.add_get("/v3/conversations/{cid}/members/{mid}", self._member)
        return app

    @web.middleware
    async def _scripted(self, request: web.Request, handler) -> web.StreamResponse:  # type: ignore[no-untyped-def]
        """A scripted failure answers whichever request comes next, on any route; status 0 lets that one through."""
        status, headers = self.failures.pop(0) if self.failures else (0, {})
        if status:
            response: web.StreamResponse = web.json_response(
                {"error": {"code": "Scripted", "message": "scripted"}}, status=status, headers=headers
            )
        else:
            response = await handler(request)
        peername = request.transport.get_extra_info("peername") if request.transport else None
        peer = peername[1] if peername else 0
        self.hits.append(Hit(time.monotonic(), request.method, request.path, response.status, peer))
        self._changed.set()
        return response

    async def _send(self, request: web.Request) -> web.Response:
        body = await request.json()
        answered = f"bot-activity-{next(self._ids)}"
        self.sent.append(Recorded("POST", request.match_info["cid"], request.match_info.get("aid", ""), body, answered))
        return web.json_response({"id": answered})

    async def _update(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.updated.append(Recorded("PUT", request.match_info["cid"], request.match_info["aid"], body))
        return web.json_response({"id": request.match_info["aid"]})

    async def _create(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.created.append(body)
        answer = {"id": f"a:new-{next(self._conversations)}", "serviceUrl": self.url}
        if body.get("activity"):
            answer["activityId"] = f"bot-activity-{next(self._ids)}"
        return web.json_response(answer, status=201)

    async def _paged_members(self, request: web.Request) -> web.Response:
        query = dict(request.query)
        self.member_reads.append(Recorded("GET", request.match_info["cid"], "", query))
        start = int(query.get("continuationToken") or 0)
        size = int(query.get("pageSize") or 200)
        page = self.members[start : start + size]
        body: dict[str, Any] = {"members": page}
        if start + size < len(self.members):
            body["continuationToken"] = str(start + size)
        return web.json_response(body)

    async def _member(self, request: web.Request) -> web.Response:
        wanted = request.match_info["mid"]
        self.member_reads.append(Recorded("GET", request.match_info["cid"], wanted, {}))
        for member in self.members:
            if wanted in (member.get("id"), member.get("aadObjectId")):
                return web.json_response(member)
        return web.json_response(
            {"error": {"code": "MemberNotFoundInConversation", "message": "not found"}}, status=404
        )

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
