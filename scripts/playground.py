"""The local Teams rig: starts and stops the bot (`consult serve`) and the Microsoft 365 Agents Playground.

Used by `make run` (scripts/run_local.py) and the browser tests (tests/e2e). Stdlib only and synchronous: both
children are plain subprocesses in their own process groups, each writing its output to a file that a failure report
can show. The playground's quirks (port fallback, silent config errors, its log file) are described in
shared/PLAYGROUND.md; one more, its hard-coded en-US locale, is handled by LocaleProxy below.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "scripts" / "playground.yml"
PLAYGROUND_CLI = REPO_ROOT / "node_modules" / "@microsoft" / "m365agentsplayground" / "cli.js"
LOG_RELPATH = Path("devTools") / "m365agentsplayground.log"

_LISTENING = re.compile(r"Listening on (\d+)")
_STOP_GRACE_S = 5.0


class ChildFailed(RuntimeError):
    """A child process exited or did not become ready; the message carries the reason and its output."""


def free_port() -> int:
    """A TCP port that is free on this machine right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_in_use(host: str, port: int) -> bool:
    """Whether something already accepts connections on host:port."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex((host, port)) == 0


def http_get(url: str, timeout: float = 2.0) -> tuple[int, str]:
    """(status, body) of a GET; (0, reason) when nothing answered."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, ""
    except (OSError, urllib.error.URLError) as err:
        return 0, str(err)


def tail(path: Path, lines: int = 40) -> str:
    """The last lines of a text file, or a note that it does not exist."""
    if not path.exists():
        return f"({path} does not exist)"
    return "\n".join(path.read_text("utf-8", "replace").splitlines()[-lines:])


class ManagedProcess:
    """A child in its own process group (so a terminal's Ctrl-C reaches only the parent), output in a file."""

    def __init__(self, name: str, argv: list[str], *, cwd: Path, env: Mapping[str, str], output: Path) -> None:
        self.name = name
        self.output = output
        output.parent.mkdir(parents=True, exist_ok=True)
        self._out = output.open("wb")
        self.proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def exited(self) -> int | None:
        """The exit code, or None while it runs."""
        return self.proc.poll()

    def output_tail(self, lines: int = 40) -> str:
        return tail(self.output, lines)

    def failure(self, reason: str) -> ChildFailed:
        return ChildFailed(f"{self.name}: {reason}\n--- last output ({self.output}) ---\n{self.output_tail()}")

    def wait_until(self, ready: Callable[[], bool], *, timeout: float, what: str) -> None:
        """Poll `ready()` every 100 ms; raise if the child exits first or the time runs out."""
        deadline = time.monotonic() + timeout
        while True:
            if ready():
                return
            code = self.exited()
            if code is not None:
                raise self.failure(f"exited with code {code} before {what}")
            if time.monotonic() > deadline:
                raise self.failure(f"not {what} after {timeout:.0f} s")
            time.sleep(0.1)

    def stop(self) -> int:
        """SIGTERM the process group, wait up to 5 s, then SIGKILL. Returns the exit code. Safe to call twice."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(_STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._out.close()
        return self.proc.returncode


class LocaleProxy:
    """Loopback HTTP proxy in front of the bot that makes the playground speak as a Teams client in `locale`.

    Playground 0.2.28 hard-codes `locale: "en-US"` (and a clientInfo entity with locale en-US, country US) in every
    activity it sends, whatever the browser's or the machine's locale; a city hall's Teams client sends `ja-JP`, and
    the bot answers in the activity's language. The proxy rewrites those fields and passes everything else, the
    bot's answers (invoke bodies, errors) included, through unchanged. Runs in a daemon thread; stdlib only.
    """

    def __init__(self, target: str, locale: str) -> None:
        parts = urlsplit(target)
        self.target_base = f"{parts.scheme}://{parts.netloc}"
        self.locale = locale
        self.country = locale.rpartition("-")[2].upper()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}{parts.path or '/'}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="locale-proxy", daemon=True)
        self._thread.start()

    def rewrite(self, body: bytes) -> bytes:
        try:
            activity = json.loads(body)
        except ValueError:
            return body
        if not isinstance(activity, dict):
            return body
        if "locale" in activity:
            activity["locale"] = self.locale
        for entity in activity.get("entities") or []:
            if isinstance(entity, dict) and entity.get("type") == "clientInfo":
                entity["locale"] = self.locale
                if "country" in entity:
                    entity["country"] = self.country
        return json.dumps(activity, ensure_ascii=False).encode("utf-8")

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                self._forward()

            def do_POST(self) -> None:
                self._forward()

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = proxy.rewrite(self.rfile.read(length)) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "authorization")}
                request = urllib.request.Request(
                    proxy.target_base + self.path, data=body, headers=headers, method=self.command
                )
                try:
                    with urllib.request.urlopen(request, timeout=60) as resp:
                        status, content_type, data = resp.status, resp.headers.get("Content-Type"), resp.read()
                except urllib.error.HTTPError as err:
                    status, content_type, data = err.code, err.headers.get("Content-Type"), err.read()
                except OSError as err:  # the bot is down: answer as a gateway would
                    status, content_type, data = 502, "text/plain", f"locale proxy: {err}".encode()
                try:
                    self.send_response(status)
                    if content_type:
                        self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the playground went away

            def log_message(self, format: str, *args: object) -> None:
                pass  # the playground's log already records every exchange

        return Handler


class PlaygroundProcess(ManagedProcess):
    """A running playground: `url` is its web UI, `log_file` its own log (kept after stop)."""

    def __init__(self, argv: list[str], *, workdir: Path, env: Mapping[str, str], proxy: LocaleProxy | None) -> None:
        super().__init__("playground", argv, cwd=workdir, env=env, output=workdir / "playground.out")
        self.workdir = workdir
        self.log_file = workdir / LOG_RELPATH
        self.port = 0
        self.proxy = proxy

    def stop(self) -> int:
        code = super().stop()
        if self.proxy is not None:
            self.proxy.stop()
            self.proxy = None
        return code

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def failure(self, reason: str) -> ChildFailed:
        err = super().failure(reason)
        if self.log_file.exists():
            errors = [ln for ln in self.log_file.read_text("utf-8", "replace").splitlines() if ln.startswith("error")]
            err = ChildFailed(f"{err}\n--- error lines of {self.log_file} ---\n" + ("\n".join(errors) or "(none)"))
        return err

    def _read_port(self) -> bool:
        match = _LISTENING.search(self.output.read_text("utf-8", "replace"))
        if match:
            self.port = int(match.group(1))
        return bool(match)


class BotProcess(ManagedProcess):
    """A running bot: `url` is its base URL (`<url>/api/messages` is its messaging endpoint)."""

    def __init__(
        self, argv: list[str], *, host: str, port: int, cwd: Path, env: Mapping[str, str], output: Path
    ) -> None:
        super().__init__("bot", argv, cwd=cwd, env=env, output=output)
        self.url = f"http://{host}:{port}"


def start_playground(
    bot_endpoint: str,
    workdir: Path,
    port: int = 0,
    config: Path = DEFAULT_CONFIG,
    *,
    locale: str = "ja-JP",
    timezone: str = "Asia/Tokyo",
    timeout: float = 30.0,
) -> PlaygroundProcess:
    """Start the playground for `bot_endpoint` in `workdir` and wait until it answers `/_debug/ping`.

    `port=0` picks a free port. The playground silently falls back to a random port when the one asked for is busy,
    so the real port is read from its `Listening on <N>` line. A bad config makes it exit with code 1 and leave the
    reason only in `<workdir>/devTools/m365agentsplayground.log`: the raised ChildFailed quotes those `error` lines.

    By default it plays a Japanese Teams client, as at the city hall: `localTimezone` comes from the Node process's
    TZ (and the UI's locale from LC_ALL), and the hard-coded `locale: "en-US"` of its activities is rewritten to
    `locale` by a LocaleProxy in front of the bot (none for en-US).
    """
    node = shutil.which("node")
    if node is None:
        raise ChildFailed("playground: `node` is not on PATH (Node >= 20 is needed)")
    if not PLAYGROUND_CLI.exists():
        raise ChildFailed(f"playground: {PLAYGROUND_CLI} is missing: run `npm ci` in {REPO_ROOT}")
    if not config.exists():
        raise ChildFailed(f"playground: config file {config} is missing")
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    proxy = None if locale == "en-US" else LocaleProxy(bot_endpoint, locale)
    argv = [
        node,
        str(PLAYGROUND_CLI),
        "start",
        "-e",
        proxy.endpoint if proxy else bot_endpoint,
        "-c",
        "msteams",
        "--disable-telemetry",
        "-p",
        str(port or free_port()),
    ]
    env = {
        **os.environ,
        "TEAMSAPPTESTER_BROWSER": "none",
        "APPLICATION_INSIGHTS_NO_STATSBEAT": "true",
        "M365_AGENTS_PLAYGROUND_CONFIG_PATH": str(Path(config).resolve()),
        "LC_ALL": locale.replace("-", "_") + ".UTF-8",
        "TZ": timezone,
    }
    try:
        pg = PlaygroundProcess(argv, workdir=workdir, env=env, proxy=proxy)
    except BaseException:
        if proxy is not None:
            proxy.stop()
        raise
    try:
        pg.wait_until(pg._read_port, timeout=timeout, what="printing `Listening on <port>`")
        pg.wait_until(
            lambda: http_get(f"http://127.0.0.1:{pg.port}/_debug/ping") == (200, "pong"),
            timeout=timeout,
            what=f"answering GET http://127.0.0.1:{pg.port}/_debug/ping",
        )
    except BaseException:
        pg.stop()
        raise
    return pg


def consult_executable() -> Path:
    """The `consult` console script of the running interpreter's environment (`.venv/bin/consult` under make)."""
    return Path(sys.executable).parent / "consult"


def start_bot(
    host: str, port: int, *, env: Mapping[str, str], output: Path, cwd: Path = REPO_ROOT, timeout: float = 30.0
) -> BotProcess:
    """Run `consult serve` on host:port, without Microsoft credentials, and wait until `GET /healthz` answers 200.

    `env` is added to ours; `cwd` is where the bot looks for a `.env` file and resolves relative SQLite paths.
    Inherited `MicrosoftApp*` / `MICROSOFT_APP_*` variables are dropped and the id and password set empty (which
    also beats a `.env`): with credentials the bot would fetch tokens from login.microsoftonline.com before every
    reply, which the offline playground cannot serve.
    """
    exe = consult_executable()
    if not exe.exists():
        raise ChildFailed(f"bot: {exe} is missing: run `make bootstrap` (pip install -e '.[dev]')")
    if port_in_use(host, port):  # else another server's /healthz could pass for ours
        raise ChildFailed(f"bot: {host}:{port} is already in use; stop that process or set PORT")
    inherited = {k: v for k, v in os.environ.items() if not k.upper().replace("_", "").startswith("MICROSOFTAPP")}
    full_env = {**inherited, "MicrosoftAppId": "", "MicrosoftAppPassword": "", **env, "HOST": host, "PORT": str(port)}
    bot = BotProcess([str(exe), "serve"], host=host, port=port, cwd=cwd, env=full_env, output=output)
    try:
        bot.wait_until(
            lambda: http_get(f"{bot.url}/healthz")[0] == 200,
            timeout=timeout,
            what=f"answering GET {bot.url}/healthz with 200",
        )
    except BaseException:
        bot.stop()
        raise
    return bot
