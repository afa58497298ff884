"""`make test`'s pytest part, on two cores: the unit and integration suite in one process; in a second, the any-date
run (`make test-any-date`: the same suite on SQLite under libfaketime) followed by the suites that read no clock and
are left out of it (the classifier, similar cases, fuzzing: CPU-bound text models and request shapes), so the two
processes take about as long as each other; then the browser suite on its own (its steps wait on the bot, the
playground and Chromium with timeouts that a loaded machine must not eat into). The second process's output is
printed after the first's; the exit status is non-zero if any part failed."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
# Read no clock, so the any-date run leaves them out (Makefile, test-any-date); they run once, in the second process.
CLOCKLESS = ("tests/classifier", "tests/similarity", "tests/fuzz")
PARTS = ("unit + integration", "any-date", "clockless", "browser")  # each one's exit status is reported


def _second_process(make: str, python: str, output: IO[bytes], statuses: dict[str, int]) -> None:
    """The any-date run, then the clockless suites, one after the other, into `output`."""
    statuses["any-date"] = subprocess.call(
        [make, "--no-print-directory", "test-any-date"], cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
    )
    output.write(b"\n=== the classifier, similar cases and fuzzing (they read no clock) ===\n")
    output.flush()
    statuses["clockless"] = subprocess.call(
        [python, "-m", "pytest", "-p", "no:cacheprovider", *CLOCKLESS],
        cwd=ROOT,
        stdout=output,
        stderr=subprocess.STDOUT,
    )


def main() -> int:
    python = sys.executable
    make = os.environ.get("MAKE", "make")
    started = time.monotonic()
    statuses: dict[str, int] = {}
    with tempfile.TemporaryFile(mode="w+b") as side_output:
        side = threading.Thread(target=_second_process, args=(make, python, side_output, statuses), daemon=True)
        side.start()
        ignored = [f"--ignore={path}" for path in ("tests/e2e", *CLOCKLESS)]
        statuses["unit + integration"] = subprocess.call([python, "-m", "pytest", *ignored], cwd=ROOT)
        side.join()
        side_output.seek(0)
        print("\n=== the any-date run, then the clockless suites (beside the suite above) ===", flush=True)
        sys.stdout.buffer.write(side_output.read())
        sys.stdout.flush()
    print("\n=== the browser suite ===", flush=True)
    statuses["browser"] = subprocess.call([python, "-m", "pytest", "-p", "no:cacheprovider", "tests/e2e"], cwd=ROOT)
    parts = "; ".join(f"{name}: exit {statuses.get(name, 1)}" for name in PARTS)
    print(f"\n{parts}; {time.monotonic() - started:.0f} s in all", flush=True)
    return 1 if any(statuses.get(name, 1) for name in PARTS) else 0


if __name__ == "__main__":
    sys.exit(main())
