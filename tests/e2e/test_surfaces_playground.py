"""The message extension through Microsoft 365 Agents Playground, on each host: 「相談として登録」 (fetchTask and
submitAction), 「相談を検索」 (query) and a pasted link (queryLink), posted as the playground posts them
(`POST /_conversation/v1/invoke`, synchronous: the bot's body comes back; 502 when the bot fails).

The playground's UI offers no message actions or compose-box search (it reads no manifest: PLAYGROUND.md §6.4), so
these go through its API, the way its UI sends invokes; no browser is needed. What follows the answer (the status
card posted into the chat, the 1:1 notice) is checked against the loopback connector (tests/integration/
test_surfaces.py), not here: the playground refuses the Agents SDK's proactive messages (they carry `"id": null`:
400 BadArgument) and answers botbuilder's group-chat post, a reply to its made-up continuation id, with a 202 it
does not show (README, "Teams surfaces")."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from scripts.playground import BotProcess, ChildFailed, PlaygroundProcess, free_port, start_bot, start_playground
from tests.support.harness import HOSTS
from tests.support.playground_ui import SUPPORT_TEAM_ID

pytestmark = pytest.mark.lean_matrix  # on botbuilder; the integration tests cover both hosts (tests/conftest.py)

BASE_URL = "https://consult.example.lg.jp"
TEXT = "申請書の押印欄を廃止して、紙の決裁を電子化したいです。月200件あります"


@pytest.fixture(params=HOSTS)
def bot(e2e_prerequisites: None, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[BotProcess]:
    env = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/e2e.db",
        "SUPPORT_TEAM_IDS": SUPPORT_TEAM_ID,
        "BOT_HOST": request.param,
        "PUBLIC_BASE_URL": BASE_URL,
    }
    try:
        process = start_bot("127.0.0.1", free_port(), env=env, output=tmp_path / "bot.out", cwd=tmp_path)
    except ChildFailed as err:
        pytest.fail(str(err), pytrace=False)
    yield process
    process.stop()


@pytest.fixture
def teams(bot: BotProcess, tmp_path: Path) -> Iterator[PlaygroundProcess]:
    try:
        process = start_playground(f"{bot.url}/api/messages", tmp_path / "playground")
    except ChildFailed as err:
        pytest.fail(str(err), pytrace=False)
    yield process
    process.stop()


class Playground:
    def __init__(self, http: aiohttp.ClientSession, port: int) -> None:
        self.http, self.base = http, f"http://127.0.0.1:{port}"

    async def call(self, path: str, body: Any) -> tuple[int, Any]:
        async with self.http.post(self.base + path, json=body) as response:
            text = await response.text()
            return response.status, json.loads(text) if text else None

    async def invoke(self, name: str, value: Any, conversation: str, user: str) -> Any:
        body = {
            "name": f"composeExtension/{name}",
            "value": value,
            "from": {"id": user},
            "conversation": {"id": conversation},
        }
        status, answer = await self.call("/_conversation/v1/invoke", body)
        assert status == 200, (name, status, answer)  # 502 UserBotError when the bot fails
        return answer


async def test_the_message_extension_through_the_playground(bot: BotProcess, teams: PlaygroundProcess) -> None:
    async with aiohttp.ClientSession() as http:
        pg = Playground(http, teams.port)
        async with http.get(f"{pg.base}/_internal/v1/testConfig") as response:
            config = (await response.json())["config"]
        me = config["currentUser"]
        personal, group = config["personalChat"]["id"], config["groupChats"][0]["id"]

        assert (await pg.call(f"/_debug/conversation/{personal}/installation", {}))[0] == 200  # 1:1 chat known
        status, posted = await pg.call(
            f"/_conversation/v1/conversations/{group}/messages",
            {"from": {"id": me["id"]}, "text": TEXT, "textFormat": "plain"},
        )
        assert status == 200
        author = {"user": {"id": me["aadObjectId"], "displayName": me["name"], "userIdentityType": "aadUser"}}
        payload = {"id": posted["messageId"], "body": {"contentType": "html", "content": f"<p>{TEXT}</p>"}}
        payload["from"] = author
        value = {"commandId": "registerMessage", "commandContext": "message", "messagePayload": payload}

        dialog = await pg.invoke("fetchTask", value, group, me["id"])
        inputs = {n["id"]: n.get("value") for n in dialog["task"]["value"]["card"]["content"]["body"] if "id" in n}
        assert inputs["body"] == TEXT and inputs["requester"] == me["aadObjectId"]

        data = {"title": "押印欄の廃止", "body": TEXT, "requester": me["aadObjectId"], "department": "総務課"}
        done = await pg.invoke("submitAction", {**value, "data": data}, group, me["id"])
        message = done["task"]["value"]
        assert done["task"]["type"] == "message" and "として登録しました" in message
        number = message.split()[1]

        again = await pg.invoke("submitAction", {**value, "data": data}, group, me["id"])
        assert again["task"]["value"] == f"このメッセージは相談 {number} として登録済みです。"

        search = {"commandId": "searchConsultations", "parameters": [{"name": "query", "value": "押印"}]}
        found = (await pg.invoke("query", search, group, me["id"]))["composeExtension"]["attachments"]
        assert [a["preview"]["content"]["title"] for a in found] == [f"{number} 押印欄の廃止"]

        link = await pg.invoke("queryLink", {"url": f"{BASE_URL}/c/{number}"}, group, me["id"])
        [unfolded] = link["composeExtension"]["attachments"]
        assert "押印欄の廃止" in json.dumps(unfolded["content"], ensure_ascii=False)
