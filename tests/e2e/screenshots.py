"""README screenshots of the support team's workflow, taken in the playground's Teams UI (Japanese, personal chat).

    .venv/bin/python -m tests.e2e.screenshots [--output DIR]     # default: docs/screenshots/

Not a test (pytest collects only test_*.py): it reuses the e2e building blocks (start_bot / start_playground, the
Debian Chromium of tests/support/browser.py and the `Ui` driver of tests/support/playground_ui.py), walks through
the workflow as a support-team member (SUPPORT_TEAM_IDS holds the playground user) and writes, clipped to the chat
column (950 px wide) of a 1280x900 viewport (taller for the details card, so that it shows whole):

    status-card.png   a fresh status card (受付)          close-form.png   the 完了 form opened and filled in
    closed-card.png   the same card after 完了にする        queue.png        一覧: the open queue with the workload
    details.png       詳細: worksheet facts and history     intake-form.png  新規: the intake form filled in

It fails (exit code 1) on any bot error, as the e2e tests do. Japanese text needs a Japanese font
(`apt-get install fonts-ipafont-gothic`), otherwise it renders as boxes; the script checks for one with fc-list.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from playwright.sync_api import Locator, sync_playwright

from scripts.playground import REPO_ROOT, ChildFailed, free_port, http_get, start_bot, start_playground
from tests.support.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.support.playground_ui import STEP_TIMEOUT_S, SUPPORT_TEAM_ID, Ui

OUTPUT = REPO_ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
PERSONAL_CHAT = "Personal Chat"

BPR_TEXT = (
    "申請書の押印を廃止して、決裁ルートを見直したいです。紙の申請が月200件あり、窓口で毎日手作業で確認しています。"
)
APP_TEXT = "Power Appsで備品の貸出管理アプリを作りたいです。今は紙の台帳で、貸出状況が分かりません。"
BPR_TEXT_2 = "転入届の受付で、同じ内容を3つの帳票に手書きしています。記入と確認の手間を減らしたいです。"

# Marks the chat column (message list + composer): the nearest ancestor of the composer holding the messages.
_JS_MARK_CHAT_AREA = """() => {
    let e = document.querySelector('[data-lexical-editor="true"][role="textbox"]');
    while (e && !e.querySelector('[aria-label="Message header"]')) e = e.parentElement;
    if (e) e.setAttribute('data-screenshot-area', 'chat');
    return !!e;
}"""
# Scrolls the message list so that `message` ends at its bottom, with the margin below it (the bubble's shadow and
# what the playground shows under a card) when there is one.
_JS_SCROLL_TO_END = """m => {
    m.scrollIntoView({block: 'end'});
    let list = m.parentElement;
    while (list && list.scrollHeight <= list.clientHeight + 1) list = list.parentElement;
    if (list) list.scrollTop += 60;
}"""
# How many pixels `message` is taller than the scrolling message list that shows it.
_JS_OVERFLOW = """m => {
    let list = m.parentElement;
    while (list && list.scrollHeight <= list.clientHeight + 1) list = list.parentElement;
    return list ? Math.ceil(m.getBoundingClientRect().height - list.clientHeight) : 0;
}"""


def japanese_font_installed() -> bool:
    if shutil.which("fc-list") is None:
        return False
    found = subprocess.run(["fc-list", ":lang=ja"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


class Shooter:
    def __init__(self, ui: Ui, output: Path) -> None:
        self.ui = ui
        self.output = output
        self.taken: list[Path] = []

    def shoot(self, name: str, message: Locator) -> None:
        """Save the chat column, scrolled so that `message` ends at its bottom. A message taller than the column
        (the details card) gets a taller viewport for this one picture, so that it shows whole."""
        page = self.ui.page
        dismiss = message.get_by_role("button", name="Dismiss Invoke Message")  # "Your response was sent to the app"
        if dismiss.count():
            dismiss.first.click()
        # The mouse rests on the card's heading: no hover highlight on a button, and it stays inside the message
        # (the playground re-renders a message the mouse leaves, which closes an open Action.ShowCard form).
        self.ui.card_in(message).locator(".ac-textBlock").first.hover()
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        if not page.evaluate(_JS_MARK_CHAT_AREA):
            raise RuntimeError("the chat column was not found (has the playground's markup changed?)")
        overflow = message.evaluate(_JS_OVERFLOW)
        if overflow > 0:
            page.set_viewport_size({**VIEWPORT, "height": VIEWPORT["height"] + overflow + 80})
        message.evaluate(_JS_SCROLL_TO_END)
        page.wait_for_timeout(400)  # the UI animates new messages and the scroll
        self.ui.check_bot_errors()
        path = self.output / name
        page.locator('[data-screenshot-area="chat"]').screenshot(path=str(path), animations="disabled")
        page.set_viewport_size(VIEWPORT)
        self.taken.append(path)
        print(f"  wrote {path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}", flush=True)


def walk_through(ui: Ui, shooter: Shooter) -> None:
    """The workflow, from a fresh status card to the intake form; asserts what it shows, as the e2e tests do."""
    ui.page.get_by_title("Hide log panel").click()  # a wider chat column
    ui.open_conversation(PERSONAL_CHAT)

    message, number = ui.new_consultation(BPR_TEXT, "総務課")
    shooter.shoot("status-card.png", message)

    card = ui.card_in(message)
    card.get_by_role("button", name="完了", exact=True).click()
    card.get_by_label("解決内容（必須）").fill("押印欄を削除し、決裁ルートを課長決裁までに短縮しました")
    card.get_by_label("削減時間の見込み（時間／月）").fill("5")
    shooter.shoot("close-form.png", message)

    card.get_by_role("button", name="完了にする", exact=True).click()
    ui.wait_status_card(message, status="完了", number=number, buttons=("再開",))
    shooter.shoot("closed-card.png", message)

    app_message, _ = ui.new_consultation(APP_TEXT)
    ui.card_in(app_message).get_by_role("button", name="担当する", exact=True).click()
    ui.wait_card(app_message, "the app consultation to be assigned", facts={"担当者": "山田 花子"})
    bpr_message, bpr_number = ui.new_consultation(BPR_TEXT_2)
    ui.send("一覧")
    reply = ui.wait_bot_reply("一覧", lambda m: m.has_card, "the queue card")
    queue = ui.message(reply.index)
    ui.wait_card(queue, "the queue", texts=("相談の一覧：未完了すべて（2件）", "担当者別の対応中件数"))
    shooter.shoot("queue.png", queue)

    bpr_card = ui.card_in(bpr_message)
    bpr_card.get_by_role("button", name="その他", exact=True).click()
    bpr_card.get_by_role("button", name="As-Is/To-Be ワークシート", exact=True).click()
    ui.wait_card(bpr_message, "the worksheet form", texts=(f"As-Is/To-Be ワークシート（{bpr_number}）",))
    bpr_card.get_by_label("現状の業務").fill("転入届の内容を住民記録・国保・児童手当の3帳票に手書きで転記")
    bpr_card.get_by_label("課題").fill("転記ミスと確認作業で窓口の待ち時間が長い")
    bpr_card.get_by_label("理想の姿").fill("1回の入力で各帳票を作成し、確認は画面で行う")
    bpr_card.get_by_label("年間件数").fill("3600")
    bpr_card.get_by_label("1件あたり時間（分）").fill("15")
    bpr_card.get_by_role("button", name="保存", exact=True).click()
    ui.wait_card(bpr_message, "the status card after 保存", texts=("ワークシートを保存しました",))
    ui.send(f"詳細 {bpr_number}")
    reply = ui.wait_bot_reply(f"詳細 {bpr_number}", lambda m: m.has_card, "the details card")
    details = ui.message(reply.index)
    ui.wait_card(details, "the details card", texts=(f"相談 {bpr_number} の詳細", "履歴"))
    shooter.shoot("details.png", details)

    ui.send("新規")
    reply = ui.wait_bot_reply("新規", lambda m: m.has_card, "the intake form")
    form = ui.message(reply.index)
    ui.wait_card(form, "the intake form", texts=("新規相談",))
    form_card = ui.card_in(form)
    form_card.get_by_label("件名").fill("会議室予約のオンライン化")
    form_card.get_by_label("内容").fill(
        "会議室の予約を紙の台帳で管理しています。Teamsから予約できるアプリを作りたいです。"
    )
    form_card.get_by_label("所属").fill("管財課")
    shooter.shoot("intake-form.png", form)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"where to write the PNGs (default: {OUTPUT})")
    args = parser.parse_args(argv)
    if not japanese_font_installed():
        print("no Japanese font: apt-get install -y fonts-ipafont-gothic (else the text renders as boxes)", flush=True)
        return 1
    args.output.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="consult-screenshots-") as tmp_name:
        tmp = Path(tmp_name)
        env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/screenshots.db", "SUPPORT_TEAM_IDS": SUPPORT_TEAM_ID}
        try:
            bot = start_bot("127.0.0.1", free_port(), env=env, output=tmp / "bot.out", cwd=tmp)
        except ChildFailed as err:
            print(err, flush=True)
            return 1
        try:
            playground = start_playground(f"{bot.url}/api/messages", tmp / "playground")
        except ChildFailed as err:
            bot.stop()
            print(err, flush=True)
            return 1
        try:
            return shoot_all(bot.output, playground.port, args.output)
        finally:
            playground.stop()
            bot.stop()


def shoot_all(bot_output: Path, port: int, output: Path) -> int:
    status, body = http_get(f"http://127.0.0.1:{port}/_internal/v1/testConfig")
    if status != 200:
        print(f"GET /_internal/v1/testConfig answered {status}", flush=True)
        return 1
    bot_name = json.loads(body)["config"]["bot"]["name"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(
            locale="ja-JP", timezone_id="Asia/Tokyo", viewport=VIEWPORT, device_scale_factor=1
        )
        page = context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_S * 1000)
        timings: list[tuple[str, str, float]] = []
        ui = Ui(
            page=page,
            origin=f"http://localhost:{port}",
            bot_name=bot_name,
            test_name="screenshots",
            timings=timings,
            started_ms=time.time() * 1000,
        )
        page.route("**/*", ui.on_request)
        page.on("websocket", ui.on_websocket)
        page.on("pageerror", lambda err: ui.page_errors.append(str(err)))
        shooter = Shooter(ui, output)
        try:
            ui.load()
            walk_through(ui, shooter)
            page.wait_for_timeout(300)  # the log entries of the last exchanges
            ui.check_bot_errors()
        except (Exception, pytest.fail.Exception) as err:  # the Ui's waits fail with pytest.fail (a BaseException)
            ARTIFACTS.mkdir(exist_ok=True)
            failure = ARTIFACTS / "screenshots-failure.png"
            page.screenshot(path=str(failure), full_page=True)
            print(f"failed: {err}\n  page: {failure}\n  bot output ({bot_output}):\n{bot_output.read_text()[-3000:]}")
            return 1
        finally:
            context.close()
            browser.close()
    print(f"{len(shooter.taken)} screenshots in {output}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
