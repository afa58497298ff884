"""Time build_summary over 100,000 consultations on SQLite and PostgreSQL (scratch databases, bulk-loaded with
SqlImporter), split into the SQL read and summarize, with and without candidate indexes.

Run: .venv/bin/python -m bench.report_bench [count] [sqlite,postgresql]
PostgreSQL: TEST_POSTGRES_URL (default postgresql+asyncpg://postgres@127.0.0.1:5432/test) must allow CREATE DATABASE.
"""

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.fiscal_year import consultation_number, fiscal_year
from bot.domain.periods import Period, date_range, fiscal_year_of, month_of, week_of
from bot.domain.register_rows import ImportRow
from bot.domain.stats import summarize
from bot.services.reports import build_summary
from storage.db import make_engine, make_sessionmaker
from storage.importer import SqlImporter
from storage.migrate import upgrade
from storage.reporting import SqlReporting

JST = ZoneInfo("Asia/Tokyo")
AS_OF = datetime(2026, 2, 18, 3, 0, tzinfo=UTC)  # a Wednesday in FY2025
YEARS = 5  # consultations are created over the five years before AS_OF
DEPARTMENTS = tuple(f"部署{i:02d}課" for i in range(60))
OPEN = ("received", "assigned", "in_progress", "on_hold")
RUNS = 5
PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
CANDIDATE_INDEXES = (  # what an index migration could add; measured, not assumed
    "CREATE INDEX bench_created ON consultations (created_at)",
    "CREATE INDEX bench_closed ON consultations (closed_at)",
)


def generate(count: int, seed: int = 20250401) -> list[ImportRow]:
    """Recent consultations are often open, old ones seldom; numbered per fiscal year in order of receipt."""
    rng = random.Random(seed)
    created = sorted(AS_OF - timedelta(days=365 * YEARS) * rng.random() for _ in range(count))
    seqs: dict[int, int] = {}
    rows = []
    for at in created:
        fy = fiscal_year(at.astimezone(JST).date())
        seqs[fy] = seqs.get(fy, 0) + 1
        recent = AS_OF - at < timedelta(days=120)
        roll = rng.random()
        status = rng.choice(OPEN) if roll < (0.5 if recent else 0.02) else "withdrawn" if roll > 0.95 else "done"
        closed = None
        if status in ("done", "withdrawn"):
            closed = min(at + timedelta(days=rng.expovariate(1 / 20)), AS_OF)
        hours = round(rng.uniform(0, 40), 1) if status == "done" and rng.random() < 0.6 else None
        title = f"相談 {len(rows)}"
        rows.append(
            ImportRow(
                number=consultation_number(fy, seqs[fy]),
                title=title,
                body=title,
                category=rng.choice(("bpr", "bpr", "bpr", "app")),
                status=status,
                department=rng.choice(DEPARTMENTS),
                created_at=at,
                closed_at=closed,
                hours_saved_per_month=hours,
            )
        )
    return rows


@asynccontextmanager
async def scratch(backend: str) -> AsyncIterator[AsyncEngine]:
    """A migrated, empty scratch database, removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            engine = make_engine(f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}")
            await upgrade(engine)
            try:
                yield engine
            finally:
                await engine.dispose()
        return
    name = f"consult_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_ADMIN_URL, null_pool=True)
    async with admin.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False))
    try:
        await upgrade(engine)
        yield engine
    finally:
        await engine.dispose()
        async with admin.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


def units_of_work(engine: AsyncEngine):  # type: ignore[no-untyped-def]
    """What build_summary needs from a unit of work, on one session per use (as storage.uow gives it)."""
    sessionmaker = make_sessionmaker(engine)

    @asynccontextmanager
    async def factory() -> AsyncIterator[SimpleNamespace]:
        async with sessionmaker() as session, session.begin():
            yield SimpleNamespace(reporting=SqlReporting(session))

    return factory


async def timed(fn: Callable[[], Awaitable[object]], runs: int = RUNS) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        await fn()
        times.append(time.perf_counter() - began)
    return min(times), statistics.median(times)


async def bench(backend: str, rows: list[ImportRow]) -> None:
    async with scratch(backend) as engine:
        began = time.perf_counter()
        async with make_sessionmaker(engine)() as session, session.begin():
            await SqlImporter(session).insert(rows)
        print(f"[{backend}] SqlImporter.insert of {len(rows):,} rows: {time.perf_counter() - began:.2f} s")
        if backend == "postgresql":
            async with engine.connect() as conn:
                await conn.execution_options(isolation_level="AUTOCOMMIT")
                await conn.execute(text("VACUUM ANALYZE consultations"))
        else:
            async with engine.begin() as conn:
                await conn.execute(text("ANALYZE"))
        uow = units_of_work(engine)
        today = AS_OF.astimezone(JST).date()
        periods: list[tuple[str, Period]] = [
            ("fiscal year to date (weekly job)", fiscal_year_of(today)),
            ("one month", month_of(today.replace(day=1) - timedelta(days=1))),
            ("one week", week_of(today)),
            ("all five years", date_range(date(2021, 1, 1), today)),
        ]
        for with_indexes in (False, True):
            if with_indexes:
                async with engine.begin() as conn:
                    for ddl in CANDIDATE_INDEXES:
                        await conn.execute(text(ddl))
                    await conn.execute(text("ANALYZE" if backend == "sqlite" else "ANALYZE consultations"))
            label = "with created_at/closed_at indexes" if with_indexes else "schema as migrated"
            print(f"[{backend}] {label}:")
            for name, period in periods:
                await report(uow, name, period)


async def report(uow, name: str, period: Period) -> None:  # type: ignore[no-untyped-def]
    start, end = period.bounds(JST)
    week_start = week_of(AS_OF.astimezone(JST).date()).bounds(JST)[0]
    async with uow() as u:
        facts = await u.reporting.facts(start, end, week_start, AS_OF)

    async def read() -> None:
        async with uow() as u:
            await u.reporting.facts(start, end, week_start, AS_OF)

    async def whole() -> None:
        await build_summary(uow, period, now=AS_OF, tz=JST)

    async def pure() -> None:
        summarize(facts, period, as_of=AS_OF, tz=JST)

    read_best, _ = await timed(read)
    pure_best, _ = await timed(pure)
    best, median = await timed(whole)
    print(
        f"  {name:34} {len(facts):>7,} facts  build_summary best {best * 1000:7.1f} ms, median {median * 1000:7.1f} ms"
        f"  (SQL read {read_best * 1000:6.1f} ms, summarize {pure_best * 1000:6.1f} ms)"
    )


async def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    backends = sys.argv[2].split(",") if len(sys.argv) > 2 else ["sqlite", "postgresql"]
    rows = generate(count)
    print(f"{count:,} consultations over {YEARS} years to {AS_OF.isoformat()}, {RUNS} runs each")
    for backend in backends:
        await bench(backend, rows)


if __name__ == "__main__":
    asyncio.run(main())
