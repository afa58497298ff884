"""The 9:00 ageing digest in a real browser (Agents Playground, Japanese UI), at fixed instants around Golden Week
2027: the bot runs under libfaketime (tests/support/timed_bot.py), never at today's date.

- On Monday 2027-04-26 the support member 山田 花子 files two consultations in her 1:1 chat and makes the channel
  「相談窓口」 the summary channel (@相談ボット 設定 集計).
- The bot is down over Golden Week and starts again on Friday 2027-05-07 at 09:00: it posts 「本日の要対応（2027年5月7
  日）」 in the channel at once (the day's catch-up), both consultations 「受付から5営業日・担当者なし」 (昭和の日, the
  weekend and 5/3–5/5 are not business days).
- 担当する on the first row takes it: the same digest shows 「R9-0001 を担当しました」 and lists only R9-0002.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from scripts.playground import ChildFailed, free_port
from tests.support.clocks import jst
from tests.support.harness import HOSTS
from tests.support.playground_ui import SUPPORT_TEAM_ID
from tests.support.timed_bot import TimedBot

pytestmark = pytest.mark.lean_matrix  # on botbuilder; the integration tests cover both hosts (tests/conftest.py)

if TYPE_CHECKING:
    from tests.support.playground_ui import Ui

PERSONAL_CHAT = "Personal Chat"
CHANNEL = "DX推進 - 相談窓口"  # team "DX推進", channel "相談窓口" in scripts/playground.yml
BPR_TEXT = (
    "申請書の押印を廃止して、決裁ルートを見直したいです。紙の申請が月200件あり、窓口で毎日手作業で確認しています。"
)
APP_TEXT = "Power Appsで備品の貸出管理アプリを作りたいです。今は紙の台帳で、貸出状況が分かりません。"
BEFORE_GOLDEN_WEEK = jst(2027, 4, 26, 10)  # Monday
AFTER_GOLDEN_WEEK = jst(2027, 5, 7, 9)  # Friday, 9:00: the digest's slot


@pytest.fixture(params=HOSTS)
def bot_server(e2e_prerequisites: None, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[TimedBot]:
    """The bot on a fresh SQLite file, its clock at Monday 2027-04-26 10:00 JST (the test restarts it later)."""
    env = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/e2e.db",
        "SUPPORT_TEAM_IDS": SUPPORT_TEAM_ID,
        "BOT_HOST": request.param,
        "SUMMARY_ENABLED": "false",  # only the digest posts in the channel
    }
    bot = TimedBot("127.0.0.1", free_port(), env, tmp_path)
    try:
        bot.start_at(BEFORE_GOLDEN_WEEK)
    except ChildFailed as err:
        pytest.fail(str(err), pytrace=False)
    yield bot
    bot.stop()


def test_the_digest_after_golden_week_and_taking_a_consultation_from_it(ui: Ui, bot_server: TimedBot) -> None:
    ui.open_conversation(PERSONAL_CHAT)
    with ui.step("Monday 4/26: two consultations"):
        _, first = ui.new_consultation(BPR_TEXT, "総務課")
        _, second = ui.new_consultation(APP_TEXT)
    assert (first, second) == ("R9-0001", "R9-0002")

    with ui.step("設定 集計 in the channel"):
        ui.open_conversation(CHANNEL)
        ui.new_post_mentioning_bot("設定 集計")
        post = ui.post("設定 集計")
        ui.wait_for(lambda: "集計の送信先に設定しました" in post.inner_text(), "the bot to confirm 設定 集計")

    with ui.step("Friday 5/7 09:00: the bot starts again and posts the digest"):
        bot_server.start_at(AFTER_GOLDEN_WEEK)
        digest = ui.post("本日の要対応（2027年5月7日）")
        ui.wait_for(lambda: digest.count() == 1, "the digest in the channel", timeout=30)
        ui.wait_card(
            digest,
            "the digest listing both consultations as unassigned for 5 business days",
            texts=("本日の要対応（2027年5月7日）", "R9-0001", "R9-0002", "受付から5営業日・担当者なし"),
            buttons=("開く", "担当する"),
        )

    with ui.step("担当する on R9-0001 -> the digest refreshed, with a notice"):
        ui.card_in(digest).get_by_role("button", name="担当する", exact=True).first.click()
        ui.wait_card(
            digest,
            "the digest to say R9-0001 is taken and list only R9-0002",
            texts=("R9-0001 を担当しました", "R9-0002", "受付から5営業日・担当者なし"),
            buttons=("担当する",),
            absent=("申請書の押印を廃止して",),  # R9-0001's row
        )
