"""Several server processes behind one port (`WEB_WORKERS=N`, for PostgreSQL; README, "Running in production").

The process that `consult serve` starts becomes a supervisor: it starts N workers, each `consult serve` with
`WEB_WORKERS=1` and `WEB_REUSE_PORT=true` (every worker binds PORT with SO_REUSEPORT and the kernel spreads the
connections over them), `MIGRATE_ON_START=false` (the supervisor migrated once before) and a spool folder of its own
(`SPOOL_DIR/worker-<i>`: a worker replays only what it spooled, as separate instances do). The workers are separate
instances of the app on one database: what must happen once (the weekly summary, the digest) is claimed in the
database, as across machines.

The workers run in their own session, so a terminal's Ctrl+C reaches the supervisor alone, which passes SIGTERM on
once to each (a second signal during aiohttp's graceful shutdown would cut it short). When a worker exits on its own,
the supervisor stops the others and exits with that worker's code, so that the platform restarts the service whole.
"""

import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from types import FrameType


def worker_env(base: Mapping[str, str], index: int, spool_dir: str) -> dict[str, str]:
    """The environment of worker `index`: one process each, the shared port, no migration, its own spool."""
    return {
        **base,
        "WEB_WORKERS": "1",
        "WEB_REUSE_PORT": "true",
        "MIGRATE_ON_START": "false",
        "SPOOL_DIR": str(Path(spool_dir) / f"worker-{index}"),
    }


def supervise(count: int, spool_dir: str) -> int:
    """Run `count` workers until they have all exited; the exit code is the first failing worker's, else 0."""
    base = dict(os.environ)
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve"], env=worker_env(base, i, spool_dir), start_new_session=True
        )
        for i in range(count)
    ]
    stopping = False

    def stop_all(signum: int = signal.SIGTERM, frame: FrameType | None = None) -> None:
        nonlocal stopping
        if stopping:  # once: a second SIGTERM during aiohttp's graceful shutdown would cut it short
            return
        stopping = True
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop_all)
    signal.signal(signal.SIGINT, stop_all)
    print(f"Consult Bot: {count} workers (pids {', '.join(str(w.pid) for w in workers)})", flush=True)
    code = 0
    running = {w.pid: w for w in workers}
    while running:
        pid, status = os.wait()
        if running.pop(pid, None) is None:
            continue
        exit_code = os.waitstatus_to_exitcode(status)
        if not stopping:  # a worker stopped by itself: stop the rest, and let the platform restart the service
            code = exit_code or 1
            stop_all()
        elif exit_code and not code:
            code = exit_code
    return code
