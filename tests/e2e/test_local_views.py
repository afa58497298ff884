"""`make run`'s two views in a real browser: the bot started with scripts/run_local.py's settings, a playground for
the requester (scripts/playground-requester.yml, 佐藤 健一) and one for the support team (scripts/playground.yml,
山田 花子), side by side on the one bot, as `make run` starts them.

What this holds `make run` to:
- the requester's playground accepts its config, and its current user is not in the support team: the status card
  offers the requester's buttons (追記, 取り下げ) and none of the support team's;
- the support view sees the requester's consultation in its 一覧 queue (one bot, one database);
- after 取り下げ, 集計 counts it as withdrawn, not as received, and offers the dashboard (on under `make run`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from scripts.playground import (
    DEFAULT_CONFIG,
    BotProcess,
    ChildFailed,
    PlaygroundProcess,
    free_port,
    start_bot,
    start_playground,
)
from scripts.run_local import REQUESTER_CONFIG, LocalSession, plan
from tests.support.local_views import read_config, ui_on

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from tests.support.playground_ui import Ui

PERSONAL_CHAT = "Personal Chat"
BPR_TEXT = (
    "申請書の押印を廃止して、決裁ルートを見直したいです。紙の申請が月200件あり、窓口で毎日手作業で確認しています。"
)
STAFF_BUTTONS = ("担当する", "対応中", "保留", "完了", "区分変更")


@pytest.fixture
def session() -> LocalSession:
    """What `make run` would start with no variables of one's own, on a free port."""
    return plan({"PORT": str(free_port())})


@pytest.fixture
def bot_server(e2e_prerequisites: None, tmp_path: Path, session: LocalSession) -> Iterator[BotProcess]:
    """`consult serve` with make run's variables (support team, dashboard token, public URL) on a fresh database."""
    env = {**session.bot_env, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/e2e.db"}
    try:
        bot = start_bot(session.host, session.port, env=env, output=tmp_path / "bot.out", cwd=tmp_path)
    except ChildFailed as err:
        pytest.fail(str(err), pytrace=False)
    yield bot
    bot.stop()


def _playground(bot: BotProcess, workdir: Path, config: Path) -> PlaygroundProcess:
    try:
        return start_playground(f"{bot.url}/api/messages", workdir, config=config)
    except ChildFailed as err:
        pytest.fail(str(err), pytrace=False)


@pytest.fixture
def playground(bot_server: BotProcess, tmp_path: Path) -> Iterator[PlaygroundProcess]:
    """The requester's view: the conftest's `ui` drives this one."""
    pg = _playground(bot_server, tmp_path / "playground-requester", REQUESTER_CONFIG)
    yield pg
    pg.stop()


@pytest.fixture
def support_playground(bot_server: BotProcess, tmp_path: Path) -> Iterator[PlaygroundProcess]:
    pg = _playground(bot_server, tmp_path / "playground-support", DEFAULT_CONFIG)
    yield pg
    pg.stop()


def test_the_requester_and_the_support_team_side_by_side(
    ui: Ui,
    teams_config: dict,
    session: LocalSession,
    support_playground: PlaygroundProcess,
    browser: Browser,
    request: pytest.FixtureRequest,
) -> None:
    requester = read_config(REQUESTER_CONFIG)["currentUser"]
    shown = teams_config["currentUser"]  # as the playground read the file
    assert {k: shown[k] for k in requester} == requester and shown["name"] == "佐藤 健一"
    assert shown["aadObjectId"] not in session.bot_env["SUPPORT_TEAM_IDS"].split(",")

    ui.open_conversation(PERSONAL_CHAT)
    with ui.step("the requester's consultation -> the requester's card"):
        message, number = ui.new_consultation(BPR_TEXT, "市民課")
        ui.wait_card(
            message,
            "the requester's view of the status card",
            buttons=("追記", "取り下げ", "詳細"),
            no_buttons=STAFF_BUTTONS,
        )

    with ui_on(browser, support_playground, teams_config["bot"]["name"], request.node.name) as staff:
        staff.open_conversation(PERSONAL_CHAT)
        with staff.step("一覧 in the support view -> the requester's consultation in the open queue"):
            staff.send("一覧")
            reply = staff.wait_bot_reply("一覧", lambda m: m.has_card, "the queue card after 一覧")
            staff.wait_card(
                staff.message(reply.index),
                "the support team's queue with the requester's consultation",
                texts=("相談の一覧：未完了すべて（1件）", number),
            )

    with ui.step("取り下げ, confirmed with 取り下げる -> the same card shows 取り下げ"):
        ui.card_in(message).get_by_role("button", name="取り下げ", exact=True).click()
        ui.card_in(message).get_by_role("button", name="取り下げる", exact=True).click()
        ui.wait_status_card(message, status="取り下げ", number=number)
        ui.wait_card(message, "the withdrawn card without 取り下げ", no_buttons=("取り下げ", *STAFF_BUTTONS))

    with ui.step("集計 -> withdrawn counted apart from received, with the dashboard's button"):
        ui.send("集計")
        reply = ui.wait_bot_reply("集計", lambda m: m.has_card, "the summary card after 集計")
        ui.wait_card(
            ui.message(reply.index),
            "the summary: nothing received, one withdrawn, a link to the dashboard",
            texts=("新規 0件（取り下げ 1件を除く）／完了 0件",),
            facts={"合計": "0件、完了0件（0%）", "取り下げ（受付に含めず）": "1件"},
            buttons=("ダッシュボードを開く",),
        )
