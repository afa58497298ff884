"""`make run`: the bot and the Microsoft 365 Agents Playground (local Teams emulator) together, until Ctrl-C.

Two playgrounds talk to the one bot, so that both roles can be tried side by side without a restart (the playground's
UI cannot switch its current user):
- the support team's view (PLAYGROUND_PORT, 56150): scripts/playground.yml, current user 山田 花子, whose Entra object
  id is the support team (SUPPORT_TEAM_IDS) — every button of the status card;
- a requester's view (REQUESTER_PLAYGROUND_PORT, PLAYGROUND_PORT + 1): scripts/playground-requester.yml, current user
  佐藤 健一, not in the support team — the requester's card (追記, 取り下げ) and their own 一覧.
They share the bot and its database, not their chat windows: a consultation the requester writes shows in the
support view's 一覧 queue, and the requester's 1:1 chat gets the notices when the support team acts on it.

The dashboard is on: DASHBOARD_TOKEN (else a random token made for this session) and PUBLIC_BASE_URL (else the
bot's local address, for the summary card's signed link); the URL to open is printed.

Environment: BOT_HOST (botbuilder, the default, or agents: which SDK hosts the bot), HOST (127.0.0.1) and PORT
(3978) for the bot, PLAYGROUND_PORT, REQUESTER_PLAYGROUND_PORT,
SUPPORT_TEAM_IDS (default: the support view's user), DASHBOARD_TOKEN, PUBLIC_BASE_URL, and whatever else
`consult serve` reads (DATABASE_URL, ...). Microsoft credentials are dropped: the offline playground cannot serve
tokens. Exits 0 on Ctrl-C or SIGTERM; non-zero, with the output's tail, when a child dies or cannot start.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from scripts.playground import (
    DEFAULT_CONFIG,
    REPO_ROOT,
    BotProcess,
    ChildFailed,
    ManagedProcess,
    PlaygroundProcess,
    start_bot,
    start_playground,
)

HOSTS = {"botbuilder": "Bot Framework SDK (botbuilder)", "agents": "Microsoft 365 Agents SDK"}  # BOT_HOST values
REQUESTER_CONFIG = REPO_ROOT / "scripts" / "playground-requester.yml"
MOCK_SUPPORT_TEAM_IDS = "00000000-0000-0000-0000-000000000020"  # currentUser.aadObjectId in scripts/playground.yml
POLL_S = 0.2


@dataclass(frozen=True)
class View:
    """One playground: whose chat it shows (`user`, the current user of `config`) and on which port."""

    role: str  # "support" | "requester"
    user: str
    config: Path
    port: int
    title: str  # what the printed line calls it


@dataclass(frozen=True)
class LocalSession:
    """What `make run` starts: the bot (its address and the variables added to its environment) and the views."""

    host: str
    port: int
    bot_env: dict[str, str]
    views: tuple[View, ...]
    token_generated: bool  # DASHBOARD_TOKEN was made for this session (so printing it gives nothing away)

    @property
    def local_url(self) -> str:
        return f"http://{_endpoint_host(self.host)}:{self.port}"

    @property
    def dashboard_url(self) -> str:
        """The dashboard's local address; with the session's own token, a link that opens it as is."""
        url = f"{self.local_url}/dashboard"
        return f"{url}?token={self.bot_env['DASHBOARD_TOKEN']}" if self.token_generated else url


def plan(environ: Mapping[str, str]) -> LocalSession:
    """The session `make run` starts for the environment `environ` (no side effects: the token is only drawn)."""
    host = environ.get("HOST", "127.0.0.1")
    port = int(environ.get("PORT", "3978"))
    playground_port = int(environ.get("PLAYGROUND_PORT", "56150"))
    requester_port = int(environ.get("REQUESTER_PLAYGROUND_PORT", str(playground_port + 1)))
    token = environ.get("DASHBOARD_TOKEN", "")
    bot_host = environ.get("BOT_HOST", "").strip().lower() or "botbuilder"
    if bot_host not in HOSTS:
        raise ChildFailed(f"BOT_HOST={environ['BOT_HOST']!r}: use botbuilder (the default) or agents")
    bot_env = {
        "BOT_HOST": bot_host,
        "SUPPORT_TEAM_IDS": environ.get("SUPPORT_TEAM_IDS", MOCK_SUPPORT_TEAM_IDS),
        "DASHBOARD_TOKEN": token or secrets.token_urlsafe(24),
        "PUBLIC_BASE_URL": environ.get("PUBLIC_BASE_URL") or f"http://{_endpoint_host(host)}:{port}",
    }
    views = (
        View("support", "山田 花子", DEFAULT_CONFIG, playground_port, "Support team view / 支援チームの画面"),
        View("requester", "佐藤 健一", REQUESTER_CONFIG, requester_port, "Requester view / 依頼者の画面"),
    )
    return LocalSession(host, port, bot_env, views, token_generated=not token)


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _endpoint_host(host: str) -> str:
    """Where the playground reaches a bot bound to `host` (a wildcard bind is reached on loopback)."""
    return "127.0.0.1" if host in ("", "0.0.0.0", "::") else host


class _Follower:
    """Copies the lines a child appends to its output file to our stdout, prefixed with its name."""

    def __init__(self, child: ManagedProcess) -> None:
        self.child = child
        self.offset = 0

    def pump(self) -> None:
        with self.child.output.open("rb") as out:
            out.seek(self.offset)
            data = out.read()
        end = data.rfind(b"\n") + 1
        self.offset += end
        for line in data[:end].decode("utf-8", "replace").splitlines():
            print(f"[{self.child.name}] {line}", flush=True)


def main() -> int:
    for signum in (signal.SIGINT, signal.SIGTERM):  # SIGINT too: a shell may have started us with it ignored
        signal.signal(signum, _raise_interrupt)
    started = time.monotonic()
    session = plan(os.environ)
    workdir = Path(tempfile.mkdtemp(prefix="consult-run-"))

    bot: BotProcess | None = None
    playgrounds: list[PlaygroundProcess] = []
    try:
        where = f"http://{session.host}:{session.port}"
        print(f"Starting the bot (consult serve, BOT_HOST={session.bot_env['BOT_HOST']}) on {where} ...", flush=True)
        bot = start_bot(session.host, session.port, env=session.bot_env, output=workdir / "bot.out")
        follower = _Follower(bot)
        follower.pump()
        endpoint = f"{session.local_url}/api/messages"
        for view in session.views:
            print(f"Starting the Microsoft 365 Agents Playground ({view.role} view) for {endpoint} ...", flush=True)
            pg = start_playground(endpoint, workdir / f"playground-{view.role}", port=view.port, config=view.config)
            playgrounds.append(pg)
            if pg.proxy is not None:
                print(f"(through {pg.proxy.endpoint}, which makes it a {pg.proxy.locale} Teams client)", flush=True)
            if pg.port != view.port:
                print(f"Port {view.port} was busy: the {view.role} playground took {pg.port}.", flush=True)
        ready_s = time.monotonic() - started
        urls, logs = [pg.url for pg in playgrounds], [pg.log_file for pg in playgrounds]
        print(ready_message(session, urls, logs, ready_s), flush=True)
        children: list[ManagedProcess] = [bot, *playgrounds]
        while True:
            follower.pump()
            for child in children:
                code = child.exited()
                if code is not None:
                    raise child.failure(f"exited unexpectedly with code {code}")
            time.sleep(POLL_S)
    except KeyboardInterrupt:
        print("\nStopping the playgrounds and the bot ...", flush=True)
        for child in [*playgrounds, bot]:
            if child is not None:
                child.stop()
        shutil.rmtree(workdir, ignore_errors=True)  # kept only when something failed
        return 0
    except ChildFailed as err:
        print(f"\nERROR: {err}", file=sys.stderr, flush=True)
        return 1
    finally:
        for child in [*playgrounds, bot]:
            if child is not None:
                child.stop()


def ready_message(session: LocalSession, urls: Sequence[str], logs: Sequence[Path], ready_s: float) -> str:
    """What `make run` prints once everything answers: where each view (at `urls`) and the dashboard are."""
    host = session.bot_env["BOT_HOST"]
    other = "agents" if host == "botbuilder" else "botbuilder"
    lines = [
        f"\nThe bot runs on the {HOSTS[host]} (BOT_HOST={host}; `BOT_HOST={other} make run` for the other SDK).",
        f"Ready in {ready_s:.1f} s (the bot and {len(urls)} playgrounds). Open in your browser:",
    ]
    for view, url in zip(session.views, urls, strict=True):
        lines.append(f"  {view.title} ({view.user}): {url}")
    lines.append(f"  Dashboard / ダッシュボード: {session.dashboard_url}")
    if session.token_generated:
        lines.append("    (a token made for this session; set DASHBOARD_TOKEN to choose your own)")
    else:
        lines.append("    (add ?token=<your DASHBOARD_TOKEN>, or send 集計 in a chat and press ダッシュボードを開く)")
    lines += [f"  Playground log: {log}" for log in logs]
    lines.append("  Stop with Ctrl-C. / 終了するには Ctrl-C を押してください。\n")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
