"""A loopback Bot Connector for the benchmark: answers the activity routes with an id and counts requests.

Lean on purpose (bodies are read, not parsed) so it costs the machine little next to the bots it serves.
`GET /_counts` answers the counts so far (per route, and how many carried an Authorization header).

Run: .venv/bin/python -m bench.fake_connector --port 3990
"""

import argparse
import itertools
from collections import Counter

from aiohttp import web

COUNTS = web.AppKey("counts", Counter)
IDS = web.AppKey("ids", itertools.count)


def _count(request: web.Request, route: str) -> None:
    counts = request.app[COUNTS]
    counts[route] += 1
    if request.headers.get("Authorization"):
        counts["with_authorization"] += 1


def _id(request: web.Request) -> str:
    return f"bench-{next(request.app[IDS])}"


async def send(request: web.Request) -> web.Response:
    await request.read()
    _count(request, "reply" if "aid" in request.match_info else "send")
    return web.json_response({"id": _id(request)})


async def update(request: web.Request) -> web.Response:
    await request.read()
    _count(request, "update")
    return web.json_response({"id": request.match_info["aid"]})


async def create(request: web.Request) -> web.Response:
    await request.read()
    _count(request, "create")
    return web.json_response({"id": f"a:bench-{_id(request)}", "activityId": _id(request)}, status=201)


async def members(request: web.Request) -> web.Response:
    _count(request, "members")
    return web.json_response({"members": []})


async def counts(request: web.Request) -> web.Response:
    return web.json_response(dict(request.app[COUNTS]))


def make_app() -> web.Application:
    app = web.Application()
    app[COUNTS] = Counter()
    app[IDS] = itertools.count(1)
    app.router.add_post("/v3/conversations", create)
    app.router.add_post("/v3/conversations/{cid}/activities", send)
    app.router.add_post("/v3/conversations/{cid}/activities/{aid}", send)
    app.router.add_put("/v3/conversations/{cid}/activities/{aid}", update)
    app.router.add_get("/v3/conversations/{cid}/pagedmembers", members)
    app.router.add_get("/_counts", counts)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3990)
    args = parser.parse_args()
    web.run_app(make_app(), host=args.host, port=args.port, access_log=None, print=None)


if __name__ == "__main__":
    main()
