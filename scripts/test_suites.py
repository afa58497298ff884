"""`make test`'s pytest part: the unit and integration suite in one process, and beside it, in a second process, the
browser suite followed by the any-date run (`make test-any-date`). The browser tests mostly wait on the bot,
the playground and Chromium, so on 2 cores the two halves overlap well. The second half's output is printed after
the first's; the exit status is non-zero if either half failed."""

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
            [
                "sh",
                "-c",
                f'"{python}" -m pytest -q -p no:cacheprovider tests/e2e && "{make}" --no-print-directory test-any-date',
            ],
            cwd=ROOT,
            stdout=side_output,
            stderr=subprocess.STDOUT,
        )
        try:
            main_status = subprocess.call([python, "-m", "pytest", "--ignore=tests/e2e"], cwd=ROOT)
            side_status = side.wait()
        except KeyboardInterrupt:
            side.terminate()
            raise
        side_output.seek(0)
        print("\n=== the browser suite, then the any-date run ===", flush=True)
        sys.stdout.buffer.write(side_output.read())
        sys.stdout.flush()
    print(
        f"\nunit + integration: exit {main_status}; browser + any-date: exit {side_status}; "
        f"{time.monotonic() - started:.0f} s in all",
        flush=True,
    )
    return 1 if main_status or side_status else 0


if __name__ == "__main__":
    sys.exit(main())
