"""How long the message extension takes to answer, through the real app on loopback (SQLite, each host): the
「相談として登録」 dialog (fetchTask) and registration (submitAction, Teams allows 5 s), 「相談を検索」 (query: words,
a number, the latest) over N consultations, and a pasted link (queryLink). Prints milliseconds per invoke (median,
95th percentile, max), measured at the client: the answer only, since the status card and the notice go out after.

    .venv/bin/python -m bench.surfaces_bench [--consultations 2000] [--runs 200]
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import ClientSession
from aiohttp.test_utils import TestServer

from app import create_app, runtime_key
from bench.fake_connector import make_app as make_connector
from bot.settings import Settings

BASE_URL = "https://consult.example.lg.jp"
ME = {"id": "29:support", "name": "佐藤 一郎", "aadObjectId": "aad-support"}
WORDS = ("押印", "申請書", "Power Automate", "集計", "会議室", "台帳", "決裁", "アンケート")


def activity(service_url: str, kind: str, value: Any, n: int) -> dict[str, Any]:
    return {
        "type": "invoke",
        "name": f"composeExtension/{kind}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "id": f"bench-{kind}-{n}",
        "from": ME,
        "recipient": {"id": "28:bot", "name": "相談ボット"},
        "conversation": {"id": "19:bench@thread.v2", "conversationType": "groupChat", "tenantId": "t"},
        "channelData": {"tenant": {"id": "t"}},
        "locale": "ja-JP",
        "value": value,
    }


def payload(n: int) -> dict[str, Any]:
    text = f"{WORDS[n % len(WORDS)]}の手続きを見直して、紙の決裁を電子化したいです（{n}件目）"
    author = {"user": {"id": "aad-support", "displayName": "佐藤 一郎", "userIdentityType": "aadUser"}}
    return {"id": f"m{n}", "body": {"contentType": "html", "content": f"<p>{text}</p>"}, "from": author}


def register(n: int, submit: bool) -> dict[str, Any]:
    value: dict[str, Any] = {"commandId": "registerMessage", "commandContext": "message", "messagePayload": payload(n)}
    if submit:
        text = payload(n)["body"]["content"][3:-4]
        value["data"] = {"title": "", "body": text, "requester": "aad-support", "department": ""}
    return value


def search(text: str | None) -> dict[str, Any]:
    parameter = {"name": "initialRun", "value": "true"} if text is None else {"name": "query", "value": text}
    return {"commandId": "searchConsultations", "parameters": [parameter], "queryOptions": {"skip": 0, "count": 25}}


async def timed(runs: int, call: Callable[[int], Awaitable[None]]) -> list[float]:
    out = []
    for n in range(runs):
        start = time.perf_counter()
        await call(n)
        out.append((time.perf_counter() - start) * 1000)
    return out


def line(name: str, ms: list[float]) -> str:
    p95 = sorted(ms)[int(len(ms) * 0.95) - 1]
    return f"  {name:<34} median {statistics.median(ms):6.1f}  p95 {p95:6.1f}  max {max(ms):6.1f} ms"


async def bench(host: str, consultations: int, runs: int) -> None:
    connector = TestServer(make_connector(), host="127.0.0.1")
    await connector.start_server()
    service_url = str(connector.make_url("/"))
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}",
            bot_host=host,
            support_team_ids=("aad-support",),
            spool_dir=tmp,
            public_base_url=BASE_URL,
        )  # type: ignore[call-arg]
        app = create_app(settings)
        server = TestServer(app, host="127.0.0.1")
        await server.start_server()
        url = str(server.make_url("/api/messages"))
        async with ClientSession() as http:

            async def post(kind: str, value: Any, n: int) -> None:
                async with http.post(url, json=activity(service_url, kind, value, n)) as response:
                    assert response.status == 200, await response.text()
                    await response.read()

            hello = {k: v for k, v in activity(service_url, "x", None, 0).items() if k not in ("name", "value")}
            hello |= {"type": "message", "text": "ヘルプ", "id": "bench-hello"}
            hello["conversation"] = {"id": "a:bench-personal", "conversationType": "personal", "tenantId": "t"}
            async with http.post(url, json=hello) as response:  # the 1:1 chat: the requester can be told
                assert response.status in (200, 201, 202), await response.text()
            await asyncio.sleep(0.5)
            print(f"{host}: registering {consultations} consultations from messages …")
            submit = await timed(consultations, lambda n: post("submitAction", register(n, True), n))
            await app[runtime_key].drain(30)
            results = {
                "fetchTask (dialog)": await timed(runs, lambda n: post("fetchTask", register(10**6 + n, False), n)),
                "submitAction (register)": submit,
                "query: words": await timed(runs, lambda n: post("query", search(WORDS[n % len(WORDS)]), n)),
                "query: a number": await timed(runs, lambda n: post("query", search(f"R8-{n % 99 + 1}"), n)),
                "query: the latest 25 (pane opens)": await timed(runs, lambda n: post("query", search(None), n)),
                "queryLink: a consultation": await timed(
                    runs, lambda n: post("queryLink", {"url": f"{BASE_URL}/c/R8-{n % 99 + 1:04d}"}, n)
                ),
            }
            for name, ms in results.items():
                print(line(name, ms))
        await app[runtime_key].drain(30)
        await server.close()
    await connector.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--consultations", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--hosts", default="botbuilder,agents")
    args = parser.parse_args()
    for host in args.hosts.split(","):
        await bench(host, args.consultations, args.runs)


if __name__ == "__main__":
    asyncio.run(main())
