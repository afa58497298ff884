"""`make bench`: the project's bot, the canonical botbuilder echo bot and the floor under the same closed-loop load.

Starts a fake Bot Connector (bench/fake_connector.py), the echo bot (bench/echo_bot.py), the floor (bench/floor_bot.py:
the echo handler on the project's adapter, what a turn costs before the project's own work) and the project's bot
(`consult serve`, on a fresh SQLite file, and with --postgres also on a scratch PostgreSQL database), then runs

  intake       a clear Japanese consultation from a user whose department is known (no question is asked), each
               with a new activity id: classify, SQL write, status card reply
  card action  Action.Execute invokes on existing consultations, alternating 対応中 / 保留 so each is a real change
               (one consultation is never clicked twice at once)

at each concurrency, and prints throughput, latency percentiles, errors, CPU per request and RSS for each bot and
the ratios to the echo bot. Then a memory-flatness run: 10,000 intake activities to warm up (caches with a fixed bound
fill: statement caches, classifier look-ups, conversation references), then 10,000 more, RSS sampled every 1,000;
the slope over the second 10,000 is the steady state a long-running bot sees.
Each bot runs on its own: the others idle, so they never share the CPU.

Run: .venv/bin/python -m bench.run [--seconds 10] [--concurrency 1,8,32] [--postgres]
       [--memory 10000] [--memory-warmup 10000]
"""

import argparse
import asyncio
import contextlib
import itertools
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import aiohttp

from bench.load import LoadResult, run_load

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
TENANTS = 64  # the load comes from this many tenants (--tenants): Teams allows 50 requests/s per tenant (see README)


BASELINES = (  # (bot name, module): each SDK's canonical echo bot, and its handler on the project's adapter
    ("echo", "bench.echo_bot"),
    ("floor", "bench.floor_bot"),
    ("agents-echo", "bench.agents_echo_bot"),
    ("agents-floor", "bench.agents_floor_bot"),
)
BOTS = ("echo", "floor", "project", "agents-echo", "agents-floor", "project-agents")


def tenant(n: int) -> str:
    return f"00000000-0000-0000-0000-{0xBE90 + n % TENANTS:012x}"


BOT = {"id": "28:consult-bot", "name": "相談ボット"}
SUPPORT = {"id": "29:bench-support", "name": "支援 担当", "aadObjectId": "aad-bench-support"}
SUPPORT_CHANNEL = "19:bench-support@thread.tacv2"  # each consultation's card is its own thread in this channel
USERS = 1000  # distinct requesters, each in their own 1:1 chat, each with a remembered department (Teams allows
# 60 sends per 30 s into one chat, 2 per second sustained: 1,000 chats let a bot answer up to 2,000 intakes a second)
CARDS = 256  # consultations clicked in the card-action scenario
TEXTS = (
    "住民票の写しの交付申請をオンラインで受け付けられるようにしたいです。現在は窓口と郵送のみで、毎月約300件の"
    "郵送申請を手作業で処理しています。電子申請システムとの連携方法について相談させてください。",
    "財務課で毎月作成している支出状況の集計表を自動化したいです。複数のExcelファイルから手作業で転記しており、"
    "毎月20時間ほどかかっています。",
    "庁内の会議室予約を紙の台帳で管理していますが、二重予約が頻発しています。予約管理の仕組みを見直したいので"
    "相談させてください。",
    "保育園の入園申込書類の受付状況を表計算ソフトで管理していますが、担当者間で最新版が分からなくなることが"
    "あります。共同編集できる仕組みについて相談させてください。",
)
CHANNELS = 200  # channel intake: posts spread over this many channels (each post its own thread)
START, HOLD = "consultation.start", "consultation.hold"
TARGET_RATIO = {"pg": 2.5, "sqlite": 2.0}  # issue 16: throughput at c=32 against the echo bot of the same SDK
TARGET_P99_MS = 150.0  # issue 16: p99 at c=8
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- processes -----------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Proc:
    name: str
    argv: list[str]
    port: int
    env: dict[str, str]
    cwd: Path
    log: Path
    ready_path: str = ""
    popen: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("wb") as out:
            self.popen = subprocess.Popen(self.argv, env=self.env, cwd=self.cwd, stdout=out, stderr=subprocess.STDOUT)

    async def wait_ready(self, within: float = 60.0) -> None:
        deadline = time.monotonic() + within
        url = f"http://127.0.0.1:{self.port}{self.ready_path}"
        async with aiohttp.ClientSession() as session:
            while time.monotonic() < deadline:
                if self.popen is not None and self.popen.poll() is not None:
                    raise RuntimeError(f"{self.name} exited ({self.popen.returncode}); see {self.log}")
                try:
                    if self.ready_path:
                        async with session.get(url) as response:
                            if response.status == 200:
                                return
                    else:
                        _, writer = await asyncio.open_connection("127.0.0.1", self.port)
                        writer.close()
                        await writer.wait_closed()
                        return
                except OSError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError(f"{self.name} did not start in {within:.0f} s; see {self.log}")

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def processes(self) -> list[int]:
        """The process and its descendants (the workers of `WEB_WORKERS`)."""
        found, queue = [], [self.pid]
        while queue:
            pid = queue.pop()
            found.append(pid)
            with contextlib.suppress(OSError):
                queue += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        return found

    def cpu_seconds(self) -> float:
        """utime + stime of the process and its descendants (/proc/<pid>/stat fields 14 and 15)."""
        total = 0.0
        for pid in self.processes():
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{pid}/stat").read_text()
                fields = stat[stat.rindex(")") + 2 :].split()
                total += (int(fields[11]) + int(fields[12])) / CLK_TCK
        return total

    def rss_mb(self) -> float:
        """Resident memory of the process and its descendants."""
        total = 0.0
        for pid in self.processes():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) / 1024
        return total or float("nan")

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(15)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()


def venv_script(name: str) -> str:
    path = Path(sys.executable).parent / name
    return str(path) if path.exists() else name


def clean_env(**extra: str) -> dict[str, str]:
    """The parent's environment without bot credentials or database settings, plus `extra`."""
    drop = {"MicrosoftAppId", "MicrosoftAppPassword", "MicrosoftAppTenantId", "MicrosoftAppType", "DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith(("MICROSOFT_APP_", "SUPPORT_"))}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


# --- the project's database ----------------------------------------------------------------------------------------


async def prepare_database(url: str) -> None:
    """Migrate, and remember every bench requester's department (so intake asks nothing)."""
    from storage.db import make_engine, make_sessionmaker
    from storage.migrate import upgrade
    from storage.uow import SqlUnitOfWorkFactory

    engine = make_engine(url, null_pool=True)
    try:
        await upgrade(engine)
        uow = SqlUnitOfWorkFactory(make_sessionmaker(engine))
        now = datetime.now(UTC)
        async with uow() as u:
            for i in range(USERS):
                await u.profiles.remember_department(f"aad-bench-{i}", f"企画課{i % 7}", now)
    finally:
        await engine.dispose()


async def open_consultations(url: str, limit: int) -> dict[int, str]:
    """id -> status of the first `limit` consultations (made by the intake scenario or `ensure_consultations`)."""
    from sqlalchemy import text

    from storage.db import make_engine

    engine = make_engine(url, null_pool=True)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(text("SELECT id, status FROM consultations ORDER BY id LIMIT :n"), {"n": limit})
            return {int(cid): str(status) for cid, status in rows}
    finally:
        await engine.dispose()


async def count_rows(url: str) -> dict[str, int]:
    from sqlalchemy import text

    from storage.db import make_engine

    engine = make_engine(url, null_pool=True)
    try:
        async with engine.connect() as conn:
            consultations = (await conn.execute(text("SELECT count(*) FROM consultations"))).scalar_one()
            changes = (
                await conn.execute(text("SELECT count(*) FROM consultation_events WHERE kind = 'status_changed'"))
            ).scalar_one()
        return {"consultations": consultations, "status_changes": changes}
    finally:
        await engine.dispose()


async def pg_admin(sql: str) -> None:
    from sqlalchemy import text

    from storage.db import make_engine

    engine = make_engine(PG_ADMIN_URL, null_pool=True)
    try:
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(sql))
    finally:
        await engine.dispose()


def pg_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


# --- scenarios -----------------------------------------------------------------------------------------------------


class Intake:
    """Personal-chat messages from the bench requesters, each with a new activity id."""

    expected = frozenset({201, 202})  # a message taken: botbuilder answers 201, the Agents SDK 202

    def __init__(self, service_url: str, run: str) -> None:
        self.service_url, self.run = service_url, run
        self.sent = itertools.count()  # activity ids stay new across every load run of this scenario

    async def payload(self, i: int) -> dict:
        n = next(self.sent)
        user = n % USERS
        return {
            "type": "message",
            "id": f"bench-{self.run}-{n}",
            "timestamp": datetime.now(UTC).isoformat(),
            "channelId": "msteams",
            "serviceUrl": self.service_url,
            "from": {"id": f"29:bench-{user}", "name": f"利用者 {user}", "aadObjectId": f"aad-bench-{user}"},
            "recipient": dict(BOT),
            "conversation": {"id": f"a:bench-{user}", "conversationType": "personal", "tenantId": tenant(user)},
            "locale": "ja-JP",
            "text": TEXTS[n % len(TEXTS)],
            "textFormat": "plain",
            "channelData": {"tenant": {"id": tenant(user)}},
        }

    async def done(self, i: int, body: dict, status: int) -> None:
        return None


class ChannelIntake(Intake):
    """New channel posts that @mention the bot, the desk's main path: each post is its own thread (the card goes into
    it), spread over CHANNELS channels of as many teams, from the same requesters as 1:1 intake."""

    async def payload(self, i: int) -> dict:
        n = next(self.sent)
        user, channel = n % USERS, f"19:bench-channel-{n % CHANNELS}@thread.tacv2"
        post_id = f"{1800000000000 + n}"
        mention = f"<at>{BOT['name']}</at>"
        return {
            "type": "message",
            "id": post_id,
            "timestamp": datetime.now(UTC).isoformat(),
            "channelId": "msteams",
            "serviceUrl": self.service_url,
            "from": {"id": f"29:bench-{user}", "name": f"利用者 {user}", "aadObjectId": f"aad-bench-{user}"},
            "recipient": dict(BOT),
            "conversation": {
                "id": f"{channel};messageid={post_id}",
                "conversationType": "channel",
                "isGroup": True,
                "tenantId": tenant(user),
            },
            "locale": "ja-JP",
            "text": f"{mention} {TEXTS[n % len(TEXTS)]}",
            "textFormat": "plain",
            "entities": [{"type": "mention", "text": mention, "mentioned": dict(BOT)}],
            "channelData": {
                "tenant": {"id": tenant(user)},
                "teamsChannelId": channel,
                "teamsTeamId": f"19:bench-team-{n % CHANNELS}@thread.tacv2",
                "channel": {"id": channel},
                "team": {"id": f"19:bench-team-{n % CHANNELS}@thread.tacv2"},
            },
        }


class CardActions:
    """Action.Execute clicks by a support member on existing consultations: 対応中 on one that is not in progress,
    else 保留. A consultation is out of the pool while its click is in flight, so every click is a real change."""

    expected = frozenset({200})

    def __init__(self, service_url: str, run: str, consultations: dict[int, str] | None = None) -> None:
        """`consultations`: id -> current status (the echo bot gets made-up ids)."""
        self.service_url, self.run = service_url, run
        statuses = consultations if consultations is not None else dict.fromkeys(range(1, CARDS + 1), "received")
        self.started = {cid: status == "in_progress" for cid, status in statuses.items()}
        self.pool: asyncio.Queue[int] | None = None
        self.sent = itertools.count()

    async def payload(self, i: int) -> dict:
        if self.pool is None:  # made on the running loop
            self.pool = asyncio.Queue()
            for cid in self.started:
                self.pool.put_nowait(cid)
        cid = await self.pool.get()
        verb = HOLD if self.started[cid] else START
        return {
            "type": "invoke",
            "name": "adaptiveCard/action",
            "id": f"bench-{self.run}-{next(self.sent)}",
            "timestamp": datetime.now(UTC).isoformat(),
            "channelId": "msteams",
            "serviceUrl": self.service_url,
            "from": dict(SUPPORT),
            "recipient": dict(BOT),
            "conversation": {
                "id": f"{SUPPORT_CHANNEL};messageid={1700000000000 + cid}",
                "conversationType": "channel",
                "isGroup": True,
                "tenantId": tenant(cid),
            },
            "replyToId": f"bench-card-{cid}",
            "locale": "ja-JP",
            "channelData": {
                "tenant": {"id": tenant(cid)},
                "channel": {"id": SUPPORT_CHANNEL},
                "team": {"id": "19:bench-team@thread.tacv2"},
            },
            "value": {
                "action": {"type": "Action.Execute", "verb": verb, "data": {"consultation_id": cid}},
                "trigger": "manual",
            },
        }

    async def done(self, i: int, body: dict, status: int) -> None:
        cid = body["value"]["action"]["data"]["consultation_id"]
        if status == 200:
            self.started[cid] = not self.started[cid]
        assert self.pool is not None
        self.pool.put_nowait(cid)

    def reset_loop(self) -> None:
        self.pool = None


# --- measuring -----------------------------------------------------------------------------------------------------


@dataclass
class Cell:
    bot: str
    scenario: str
    concurrency: int
    load: LoadResult
    cpu_ms_per_request: float
    rss_before: float
    rss_after: float
    connector_calls: dict[str, int] = field(default_factory=dict)


async def connector_counts(url: str) -> dict[str, int]:
    async with aiohttp.ClientSession() as session, session.get(url + "_counts") as response:
        return await response.json()


async def measure(
    proc: Proc,
    scenario: Intake | CardActions,
    name: str,
    concurrency: int,
    seconds: float,
    connector_url: str,
    profile_dir: Path | None = None,
) -> Cell:
    url = f"http://127.0.0.1:{proc.port}/api/messages"
    warmup = max(2 * concurrency, 40)
    await run_load(
        url, scenario.payload, concurrency=concurrency, total=warmup, done=scenario.done, expected=scenario.expected
    )
    await asyncio.sleep(0.3)  # background sends of the warm-up settle
    calls_before = await connector_counts(connector_url)
    rss_before, cpu_before = proc.rss_mb(), proc.cpu_seconds()
    spy = start_py_spy(proc, f"{name}-c{concurrency}", seconds, profile_dir) if profile_dir else None
    result = await run_load(
        url, scenario.payload, concurrency=concurrency, seconds=seconds, done=scenario.done, expected=scenario.expected
    )
    await asyncio.sleep(0.3)
    cpu_after, rss_after = proc.cpu_seconds(), proc.rss_mb()
    if spy is not None:
        await asyncio.to_thread(spy.wait)
    calls_after = await connector_counts(connector_url)
    calls = {k: calls_after.get(k, 0) - calls_before.get(k, 0) for k in calls_after}
    cpu_ms = (cpu_after - cpu_before) * 1000 / max(result.requests, 1)
    return Cell(proc.name, name, concurrency, result, cpu_ms, rss_before, rss_after, calls)


def start_py_spy(proc: Proc, label: str, seconds: float, out_dir: Path) -> subprocess.Popen | None:
    """Sample the bot with py-spy (pip install py-spy) while the cell runs: folded stacks, one file per cell."""
    py_spy = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if py_spy is None:
        print("  (py-spy not found: no profile)")
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{proc.name}-{label.replace(' ', '_')}.folded"
    argv = [
        py_spy,
        "record",
        "-p",
        str(proc.pid),
        "-d",
        str(max(1, int(seconds))),
        "-r",
        "250",
        "-f",
        "raw",
        "--nonblocking",
        "--subprocesses",  # the workers of WEB_WORKERS
        "--full-filenames",  # so that bench/profile_summary.py tells the packages apart
        "-o",
        str(out),
    ]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def card_actions(proc: Proc, url: str, connector_url: str, run_id: str) -> CardActions:
    """The card scenario for one bot; the project's consultations are made first if intake did not make enough."""
    run = f"{run_id}-{proc.name}-card"
    if not url:
        return CardActions(connector_url, run)
    have = await open_consultations(url, CARDS)
    if len(have) < CARDS:
        intake = Intake(connector_url, f"{run_id}-{proc.name}-seed")
        await run_load(
            f"http://127.0.0.1:{proc.port}/api/messages",
            intake.payload,
            concurrency=8,
            total=CARDS - len(have),
            expected=intake.expected,
        )
        have = await open_consultations(url, CARDS)
    return CardActions(connector_url, run, have)


async def memory_run(proc: Proc, scenario: Intake, total: int, every: int, concurrency: int) -> list[tuple[int, float]]:
    url = f"http://127.0.0.1:{proc.port}/api/messages"
    samples = [(0, proc.rss_mb())]

    async def sample(answered: int) -> None:
        samples.append((answered, proc.rss_mb()))

    result = await run_load(
        url,
        scenario.payload,
        concurrency=concurrency,
        total=total,
        done=scenario.done,
        expected=scenario.expected,
        on_progress=sample,
        progress_every=every,
    )
    if result.errors:
        print(f"  memory run: {result.errors} errors ({result.error_samples})")
    return samples


# --- report --------------------------------------------------------------------------------------------------------


def fmt_calls(calls: dict[str, int], requests: int) -> str:
    keep = {k: v for k, v in calls.items() if v and k != "with_authorization"}
    return " ".join(f"{k}={v / max(requests, 1):.2f}" for k, v in sorted(keep.items())) or "-"


def print_table(cells: list[Cell]) -> None:
    header = (
        f"{'bot':<14} {'scenario':<14} {'c':>3} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'errors':>6} {'CPU ms/req':>10} {'RSS MB before→after':>20}  connector calls per request"
    )
    print(header)
    print("-" * len(header))
    for c in cells:
        r = c.load
        print(
            f"{c.bot:<14} {c.scenario:<14} {c.concurrency:>3} {r.throughput:>8.1f} {r.percentile_ms(50):>8.1f} "
            f"{r.percentile_ms(95):>8.1f} {r.percentile_ms(99):>8.1f} {r.errors:>6} {c.cpu_ms_per_request:>10.2f} "
            f"{c.rss_before:>9.1f} → {c.rss_after:<8.1f}  {fmt_calls(c.connector_calls, r.requests)}"
        )
        if r.error_samples:
            print(f"{'':>20}errors: {r.error_samples}")


def host_of(bot: str) -> str:
    """The SDK a bench bot runs on: the agents-… and project-agents… bots on the Agents SDK, the rest on botbuilder."""
    return "agents" if bot.startswith(("agents", "project-agents")) else "botbuilder"


def print_ratios(cells: list[Cell], baseline: str) -> None:
    by = {(c.bot, c.scenario, c.concurrency): c for c in cells}
    if not any(c.bot == baseline for c in cells):
        return
    print(
        f"\nratio to {baseline} on its own SDK (throughput; CPU per request); issue 16's targets: at c=32 "
        f"≥ {TARGET_RATIO['pg']}× on PostgreSQL and ≥ {TARGET_RATIO['sqlite']}× on SQLite, at c=8 p99 ≤ "
        f"{TARGET_P99_MS:.0f} ms, 0 errors in every cell"
    )
    for c in cells:
        if c.bot == baseline:
            continue
        echo = by.get((baseline, c.scenario, c.concurrency))
        if echo is None or not echo.load.throughput:
            continue
        ratio = c.load.throughput / echo.load.throughput
        cpu = c.cpu_ms_per_request / echo.cpu_ms_per_request if echo.cpu_ms_per_request else float("nan")
        verdict = ""
        if c.bot.startswith("project") and c.concurrency in (8, 32):
            if c.concurrency == 32:
                ok = ratio >= TARGET_RATIO["pg" if c.bot.endswith("-pg") else "sqlite"] and c.load.errors == 0
            else:
                ok = c.load.percentile_ms(99) <= TARGET_P99_MS and c.load.errors == 0
            verdict = "  target met" if ok else "  TARGET MISSED"
        print(
            f"  {c.bot:<14} {c.scenario:<14} c={c.concurrency:<3} {ratio:>5.2f}×  CPU/req {cpu:>5.2f}×  "
            f"p99 {c.load.percentile_ms(99):.1f} ms{verdict}"
        )


def print_memory(bot: str, samples: list[tuple[int, float]], warmup: int) -> None:
    print(f"\nmemory flatness, {bot}: RSS (MB) after n intake activities")
    for row in range(0, len(samples), 11):
        chunk = samples[row : row + 11]
        print("  " + "  ".join(f"{n:>6}" for n, _ in chunk))
        print("  " + "  ".join(f"{mb:>6.1f}" for _, mb in chunk))
    warm = [(n, mb) for n, mb in samples if n <= warmup]
    steady = [(n, mb) for n, mb in samples if n >= warmup]
    if warmup and len(warm) >= 2:
        print(f"  warm-up, first {warmup:,}: {warm[-1][1] - warm[0][1]:+.1f} MB")
    if len(steady) >= 2:
        xs = [n / 1000 for n, _ in steady]
        ys = [mb for _, mb in steady]
        slope = statistics.linear_regression(xs, ys).slope
        print(
            f"  steady, after {steady[0][0]:,}: {steady[-1][1] - steady[0][1]:+.1f} MB over "
            f"{steady[-1][0] - steady[0][0]:,} activities (slope {slope:+.2f} MB per 1,000)"
        )


# --- main ----------------------------------------------------------------------------------------------------------


async def main_async(args: argparse.Namespace) -> int:
    work = Path(tempfile.mkdtemp(prefix="consult-bench-"))
    run_id = uuid.uuid4().hex[:6]
    procs: list[Proc] = []
    pg_databases: list[str] = []
    try:
        connector_port = free_port()
        connector_url = f"http://127.0.0.1:{connector_port}/"
        connector = Proc(
            "fake-connector",
            [sys.executable, "-m", "bench.fake_connector", "--port", str(connector_port)],
            connector_port,
            clean_env(),
            ROOT,
            work / "fake_connector.log",
        )
        bots: list[tuple[Proc, str]] = []  # (process, database url or "")
        for name, module in BASELINES:
            if name not in args.bots:
                continue
            port = free_port()
            bots.append(
                (
                    Proc(
                        name,
                        [sys.executable, "-m", module],
                        port,
                        clean_env(PORT=str(port), HOST="127.0.0.1"),
                        ROOT,
                        work / f"{name}.log",
                    ),
                    "",
                )
            )
        databases: list[tuple[str, str, str]] = []  # (bot name, database url, BOT_HOST)
        for project, host in (("project", "botbuilder"), ("project-agents", "agents")):
            if project not in args.bots:
                continue
            databases.append((project, f"sqlite+aiosqlite:///{work / f'{project}.db'}", host))
            if args.postgres:
                pg_database = f"consult_bench_{run_id}_{host}"
                await pg_admin(f'CREATE DATABASE "{pg_database}"')
                pg_databases.append(pg_database)
                databases.append((f"{project}-pg", pg_url(pg_database), host))
        for name, url, host in databases:
            await prepare_database(url)
            port = free_port()
            env = clean_env(
                PORT=str(port),
                HOST="127.0.0.1",
                DATABASE_URL=url,
                SUPPORT_TEAM_IDS=SUPPORT["aadObjectId"],
                SUMMARY_ENABLED="false",
                GRAPH_ENABLED="false",
                LOG_LEVEL=args.log_level,
                BOT_HOST=host,
                WEB_WORKERS=str(args.workers),
            )
            bots.append(
                (
                    Proc(
                        name,
                        args.project_command.split() or [venv_script("consult"), "serve"],
                        port,
                        env,
                        work,
                        work / f"{name}.log",
                        ready_path="/healthz",
                    ),
                    url,
                )
            )
        for proc in [connector, *(p for p, _ in bots)]:
            proc.start()
            procs.append(proc)
            await proc.wait_ready()
        print(f"machine: {os.cpu_count()} CPUs; {args.seconds:.0f} s per cell after a warm-up; logs in {work}\n")

        cells: list[Cell] = []
        scenarios: dict[str, dict[str, Intake | CardActions]] = {
            proc.name: {
                "intake": Intake(connector_url, f"{run_id}-{proc.name}"),
                "channel intake": ChannelIntake(connector_url, f"{run_id}-{proc.name}-ch"),
            }
            for proc, _ in bots
        }
        for scenario in args.scenarios:
            if scenario == "card action":
                for proc, url in bots:
                    scenarios[proc.name][scenario] = await card_actions(proc, url, connector_url, run_id)
            for concurrency in args.concurrency:
                for proc, _ in bots:
                    s = scenarios[proc.name][scenario]
                    if isinstance(s, CardActions):
                        s.reset_loop()
                    cell = await measure(proc, s, scenario, concurrency, args.seconds, connector_url, args.profile)
                    cells.append(cell)
                    r = cell.load
                    print(
                        f"  {proc.name:<14} {scenario:<14} c={concurrency:<3} {r.throughput:8.1f} req/s  "
                        f"p99 {r.percentile_ms(99):7.1f} ms  errors {r.errors}",
                        flush=True,
                    )
        print()
        print_table(cells)
        for host, baseline in (("botbuilder", "echo"), ("agents", "agents-echo")):
            print_ratios([c for c in cells if host_of(c.bot) == host], baseline)

        for proc, url in bots:
            if url:
                counts = await count_rows(url)
                print(
                    f"\n{proc.name}: {counts['consultations']} consultations created, "
                    f"{counts['status_changes']} status changes recorded (database check)"
                )

        if args.memory:
            for proc, _ in bots:
                if proc.name not in args.memory_bots:
                    continue
                intake = Intake(connector_url, f"{run_id}-{proc.name}-mem")
                samples = await memory_run(proc, intake, args.memory_warmup + args.memory, 1000, 32)
                print_memory(proc.name, samples, args.memory_warmup)
        return 0
    finally:
        for proc in reversed(procs):
            proc.stop()
        for pg_database in pg_databases:
            await pg_admin(f'DROP DATABASE IF EXISTS "{pg_database}" WITH (FORCE)')
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    global TENANTS
    parser = argparse.ArgumentParser(description="the project's bot vs the canonical echo bot under load")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per cell (default 10)")
    parser.add_argument("--concurrency", default="1,8,32", type=lambda s: [int(x) for x in s.split(",")])
    parser.add_argument(
        "--scenarios",
        default="intake,channel intake,card action",
        type=lambda s: s.split(","),
        help="intake (1:1), channel intake (@mention posts, each its own thread), card action (default: all three)",
    )
    parser.add_argument(
        "--bots",
        default=",".join(BOTS),
        type=lambda s: s.split(","),
        help="botbuilder: echo (the baseline), floor (the echo handler on the project's adapter), project; "
        "the Agents SDK: agents-echo, agents-floor, project-agents (default: all)",
    )
    parser.add_argument("--postgres", action="store_true", help=f"also run the project on PostgreSQL ({PG_ADMIN_URL})")
    parser.add_argument(
        "--memory", type=int, default=10_000, help="intake activities measured in the memory run (0: none)"
    )
    parser.add_argument("--memory-warmup", type=int, default=10_000, help="intake activities before those measured")
    parser.add_argument(
        "--memory-bots", default="project,project-pg,project-agents,project-agents-pg", type=lambda s: s.split(",")
    )
    parser.add_argument("--log-level", default="INFO", help="the project's LOG_LEVEL (default INFO, as deployed)")
    parser.add_argument(
        "--project-command",
        default="",
        help="serve the project with this command instead of `consult serve` "
        "(to measure a proposed change, e.g. a script that patches it and calls bot.cli.main(['serve']))",
    )
    parser.add_argument("--profile", type=Path, help="record each cell with py-spy into this folder (folded stacks)")
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes of the project (WEB_WORKERS; figures are for all)"
    )
    parser.add_argument("--tenants", type=int, default=64, help="tenants the load comes from (default 64)")
    parser.add_argument("--keep", action="store_true", help="keep the logs and the SQLite file")
    args = parser.parse_args(argv)
    TENANTS = max(1, args.tenants)
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
