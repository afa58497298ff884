"""Time and peak memory of bot.domain.stats.summarize over 100,000 generated facts (pure Python, no database).

Run: .venv/bin/python -m bench.summary_bench [count]
"""

import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.periods import fiscal_year_period
from bot.domain.stats import ConsultationFact, DepartmentDirectory, normalise_department, summarize

JST = ZoneInfo("Asia/Tokyo")
AS_OF = datetime(2026, 2, 16, 0, 0, tzinfo=UTC)
SPAN = timedelta(days=730)  # facts are created over the two years before AS_OF
DEPARTMENTS = tuple(f"部署{i:02d}課" for i in range(60))
DIRECTORY = DepartmentDirectory(
    names=DEPARTMENTS[:55],
    aliases={normalise_department(f"旧{name}"): name for name in DEPARTMENTS[:10]},
)
STATUSES = ("received", "assigned", "in_progress", "on_hold", "done", "done", "done", "withdrawn")
RUNS = 7


def generate(count: int, seed: int = 20250401) -> Iterator[ConsultationFact]:
    """Deterministic facts: realistic mix of statuses, departments (some old names, odd spacing) and lead times."""
    rng = random.Random(seed)
    for _ in range(count):
        created = AS_OF - SPAN * rng.random()
        status = rng.choice(STATUSES)
        closed = None
        if status in ("done", "withdrawn"):
            closed = min(created + timedelta(days=rng.expovariate(1 / 20)), AS_OF)
        department = rng.choice(DEPARTMENTS)
        roll = rng.random()
        if roll < 0.1:
            department = f"旧{department}"
        elif roll < 0.15:
            department = f" {department}　"
        elif roll < 0.17:
            department = ""
        hours = round(rng.uniform(0, 40), 1) if status == "done" and rng.random() < 0.6 else None
        yield ConsultationFact(rng.choice(("bpr", "app")), status, department, created, closed, hours)


def run(facts) -> None:
    summarize(facts, fiscal_year_period(2025), as_of=AS_OF, tz=JST, departments=DIRECTORY)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    facts = list(generate(count))

    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        run(facts)
        times.append(time.perf_counter() - began)
    best, median = min(times), statistics.median(times)
    print(f"summarize over {count:,} facts (list, {RUNS} runs): best {best:.3f} s, median {median:.3f} s")

    tracemalloc.start()
    run(facts)
    _, peak_list = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak traced memory of summarize alone (facts already in a list): {peak_list / 2**20:.2f} MB")

    del facts
    tracemalloc.start()
    run(generate(count))
    _, peak_gen = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak traced memory of summarize over a generator (facts made one at a time): {peak_gen / 2**20:.2f} MB")


if __name__ == "__main__":
    main()
