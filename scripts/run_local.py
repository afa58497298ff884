"""`make run`: the bot and the Microsoft 365 Agents Playground (local Teams emulator) together, until Ctrl-C.

Environment: HOST (127.0.0.1) and PORT (3978) for the bot, PLAYGROUND_PORT (56150), SUPPORT_TEAM_IDS (the mock
current user of scripts/playground.yml, so the support buttons show), and whatever else `consult serve` reads
(DATABASE_URL, ...). Microsoft credentials are dropped: the offline playground cannot serve tokens.
Exits 0 on Ctrl-C or SIGTERM; non-zero, with the output's tail, when a child dies or cannot start.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType

from scripts.playground import BotProcess, ChildFailed, ManagedProcess, PlaygroundProcess, start_bot, start_playground

MOCK_SUPPORT_TEAM_IDS = "00000000-0000-0000-0000-000000000020"  # currentUser.aadObjectId in scripts/playground.yml
POLL_S = 0.2


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
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "3978"))
    playground_port = int(os.environ.get("PLAYGROUND_PORT", "56150"))
    workdir = Path(tempfile.mkdtemp(prefix="consult-run-"))
    env = {"SUPPORT_TEAM_IDS": os.environ.get("SUPPORT_TEAM_IDS", MOCK_SUPPORT_TEAM_IDS)}

    bot: BotProcess | None = None
    playground: PlaygroundProcess | None = None
    try:
        print(f"Starting the bot (consult serve) on http://{host}:{port} ...", flush=True)
        bot = start_bot(host, port, env=env, output=workdir / "bot.out")
        follower = _Follower(bot)
        follower.pump()
        endpoint = f"http://{_endpoint_host(host)}:{port}/api/messages"
        print(f"Starting the Microsoft 365 Agents Playground for {endpoint} ...", flush=True)
        playground = start_playground(endpoint, workdir / "playground", port=playground_port)
        ready_s = time.monotonic() - started
        url = playground.url
        if playground.proxy is not None:
            proxy = playground.proxy
            print(f"(through {proxy.endpoint}, which makes it a {proxy.locale} Teams client)", flush=True)
        if playground.port != playground_port:
            print(f"Port {playground_port} was busy: the playground took {playground.port}.", flush=True)
        print(
            f"\nReady in {ready_s:.1f} s (bot and playground).\n"
            f"  Open {url} in your browser.\n"
            f"  ブラウザで {url} を開いてください。\n"
            f"  Playground log: {playground.log_file}\n"
            "  Stop with Ctrl-C. / 終了するには Ctrl-C を押してください。\n",
            flush=True,
        )
        while True:
            follower.pump()
            for child in (bot, playground):
                code = child.exited()
                if code is not None:
                    raise child.failure(f"exited unexpectedly with code {code}")
            time.sleep(POLL_S)
    except KeyboardInterrupt:
        print("\nStopping the playground and the bot ...", flush=True)
        for child in (playground, bot):
            if child is not None:
                child.stop()
        shutil.rmtree(workdir, ignore_errors=True)  # kept only when something failed
        return 0
    except ChildFailed as err:
        print(f"\nERROR: {err}", file=sys.stderr, flush=True)
        return 1
    finally:
        for child in (playground, bot):
            if child is not None:
                child.stop()


if __name__ == "__main__":
    sys.exit(main())
