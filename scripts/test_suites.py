"""`make test`'s pytest part: the unit and integration suite, and beside it in a second process the any-date run
(`make test-any-date`: the same suite on SQLite under libfaketime, CPU-bound like the first, so on 2 cores each gets
one); then the browser suite on its own (its steps wait on the bot, the playground and Chromium with timeouts that a
loaded machine must not eat into). The any-date run's output is printed after the first suite's; the exit status
is non-zero if any part failed."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    python = sys.executable
    make = os.environ.get("MAKE", "make")
    started = time.monotonic()
    with tempfile.TemporaryFile(mode="w+b") as side_output:
        side = subprocess.Popen(
            [make, "--no-print-directory", "test-any-date"], cwd=ROOT, stdout=side_output, stderr=subprocess.STDOUT
        )
        try:
            main_status = subprocess.call([python, "-m", "pytest", "--ignore=tests/e2e"], cwd=ROOT)
            side_status = side.wait()
        except KeyboardInterrupt:
            side.terminate()
            raise
        side_output.seek(0)
        print("\n=== the any-date run (beside the suite above) ===", flush=True)
        sys.stdout.buffer.write(side_output.read())
        sys.stdout.flush()
    print("\n=== the browser suite ===", flush=True)
    browser_status = subprocess.call([python, "-m", "pytest", "-p", "no:cacheprovider", "tests/e2e"], cwd=ROOT)
    print(
        f"\nunit + integration: exit {main_status}; any-date: exit {side_status}; browser: exit {browser_status}; "
        f"{time.monotonic() - started:.0f} s in all",
        flush=True,
    )
    return 1 if main_status or side_status or browser_status else 0


if __name__ == "__main__":
    sys.exit(main())
