"""Where a bot's time goes: reads py-spy's folded stacks (`bench.run --profile DIR`) and prints, per file, the share
of samples spent in each part of the stack.

Two views, both in % of the samples taken while the bot was busy (idle samples are left out: the event loop waiting
in select/epoll, aiosqlite's thread waiting for a statement):
- **by layer**: each sample counted once, for the innermost frame that belongs to a known layer (so SQLAlchemy
  called from a card builder counts as SQLAlchemy): what the CPU was doing;
- **inside the project's code** (inclusive): each sample counted once for every project package on its stack: how
  much of the turn each of the project's own parts takes, with everything it calls.

    .venv/bin/python -m bench.run --bots project --scenarios "channel intake" --concurrency 32 --profile /tmp/prof
    .venv/bin/python -m bench.profile_summary /tmp/prof/*.folded
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

ROOT = re.escape(str(Path(__file__).resolve().parents[1]))  # the checkout: the project's own files are under it
# (layer, pattern on a frame "function (path:line)", paths in full: bench.run records with --full-filenames); the
# first match from the innermost frame outwards names the sample.
LAYERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("classifier", ROOT + r"/bot/classifier/"),
        ("similarity", ROOT + r"/bot/similarity/"),
        ("cards (JSON of the card)", ROOT + r"/bot/cards/"),
        ("message catalogue / views", ROOT + r"/bot/(texts|views)"),
        ("SQL driver (sqlite3 / asyncpg)", r"/(aiosqlite|asyncpg)/|sqlite3"),
        ("SQLAlchemy", r"/sqlalchemy/"),
        ("storage (the project's SQL)", ROOT + r"/storage/"),
        ("botbuilder + msrest", r"/(botbuilder|botframework|msrest)/"),
        ("Agents SDK (with pydantic, OpenTelemetry)", r"/(microsoft_agents|pydantic|pydantic_core|opentelemetry)/"),
        ("JSON", r"/json/|orjson|wire_json"),
        ("logging", r"/logging/"),
        ("aiohttp (HTTP in and out)", r"/(aiohttp|multidict|yarl)/"),
        ("asyncio", r"/asyncio/"),
        ("the project's other code", ROOT + r"/(bot/|app\.py)"),
    )
)
IDLE = re.compile(r"/selectors\.py:")  # the event loop waiting for sockets


def _aiosqlite_wait() -> re.Pattern[str]:
    """The frame of aiosqlite's worker thread waiting for its next statement (`tx.get()`): py-spy samples that
    thread as active, though it only waits (its statements run on the next line, `function()`)."""
    import inspect

    import aiosqlite.core

    lines, first = inspect.getsourcelines(aiosqlite.core._connection_worker_thread)
    line = next(first + i for i, text in enumerate(lines) if "tx.get()" in text)
    return re.compile(rf"^_connection_worker_thread \(.*/aiosqlite/core\.py:{line}\)$")


def _idle(leaf: str, aiosqlite_wait: re.Pattern[str]) -> bool:
    return bool(IDLE.search(leaf) or aiosqlite_wait.match(leaf))


PROJECT_PARTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(ROOT + pattern))
    for name, pattern in (
        ("edge (host, translate, send)", r"/bot/(teams|agents|edge)/"),
        ("handlers + routing", r"/bot/(handlers|routing|turn|conversation)"),
        ("services", r"/bot/services/"),
        ("classifier", r"/bot/classifier/"),
        ("similarity", r"/bot/similarity/"),
        ("cards", r"/bot/cards/"),
        ("storage", r"/storage/"),
    )
)


def read_folded(path: Path) -> list[tuple[list[str], int]]:
    samples = []
    for line in path.read_text("utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            samples.append((stack.split(";"), int(count)))
    return samples


def summarize(samples: list[tuple[list[str], int]]) -> tuple[int, Counter[str], Counter[str]]:
    aiosqlite_wait = _aiosqlite_wait()
    busy = 0
    layers: Counter[str] = Counter()
    parts: Counter[str] = Counter()
    for frames, count in samples:
        if frames and _idle(frames[-1], aiosqlite_wait):
            continue
        busy += count
        layers[_innermost_layer(frames)] += count
        for name, pattern in PROJECT_PARTS:
            if any(pattern.search(f) for f in frames):
                parts[name] += count
    return busy, layers, parts


def _innermost_layer(frames: list[str]) -> str:
    for frame in reversed(frames):
        for name, pattern in LAYERS:
            if pattern.search(frame):
                return name
    return "other (interpreter, stdlib)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="folded stacks written by bench.run --profile")
    args = parser.parse_args(argv)
    for path in args.files:
        busy, layers, parts = summarize(read_folded(path))
        print(f"\n{path.name}: {busy} busy samples")
        if not busy:
            continue
        print("  by layer (innermost):")
        for name, count in layers.most_common():
            print(f"    {100 * count / busy:5.1f}%  {name}")
        print("  inside the project's code (inclusive):")
        for name, count in parts.most_common():
            print(f"    {100 * count / busy:5.1f}%  {name}")


if __name__ == "__main__":
    main()
