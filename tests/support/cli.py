"""Running the `consult` command from a test as a person runs it: its own event loop (in a thread), its exit code,
what it printed."""

import asyncio

import pytest

from bot.cli import main


def run_consult(*argv: str) -> int:
    """`consult ARGV…`; the exit code (0 when it returns normally)."""
    try:
        main(list(argv))
    except SystemExit as e:
        return int(e.code or 0)
    return 0


async def consult(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the `consult` command in a thread (it starts its own event loop, as on the command line): the exit code,
    stdout and stderr."""
    code = await asyncio.to_thread(run_consult, *argv)
    out, err = capsys.readouterr()
    return code, out, err
