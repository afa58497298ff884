"""What one SQL statement and one unit of work cost in CPU, on SQLite and PostgreSQL: the same primary-key read through
the database driver alone, through SQLAlchemy Core on a connection, through an AsyncSession (as the repositories run
it), and wrapped in the project's unit of work (standalone, and as a transaction). It explains most of the gap
between the project's bot and bench/floor_bot.py in `make bench`: an intake runs five units of work and about ten
statements.

Run: .venv/bin/python -m bench.sql_bench [iterations] [sqlite,postgresql]
PostgreSQL: TEST_POSTGRES_URL (default postgresql+asyncpg://postgres@127.0.0.1:5432/test) must allow CREATE DATABASE.
"""

import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable

from sqlalchemy import bindparam, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.report_bench import scratch
from storage.db import make_sessionmaker
from storage.orm import NumberSequenceRow
from storage.uow import SqlUnitOfWorkFactory

NUMBERS = NumberSequenceRow.__table__
READ = select(NUMBERS.c.fiscal_year, NUMBERS.c.last_seq).where(NUMBERS.c.fiscal_year == bindparam("fy"))
RAW_READ = {
    "sqlite": "SELECT fiscal_year, last_seq FROM number_sequences WHERE fiscal_year = ?",
    "postgresql": "SELECT fiscal_year, last_seq FROM number_sequences WHERE fiscal_year = $1",
}
ROUNDS = 5


async def cpu_us(op: Callable[[], Awaitable[object]], iterations: int) -> float:
    """Median over ROUNDS of the process CPU time per call, in microseconds (CPU, not wall: the server's time and
    the machine's other work stay out)."""
    await op()
    rounds = []
    for _ in range(ROUNDS):
        began = time.process_time()
        for _ in range(iterations):
            await op()
        rounds.append((time.process_time() - began) / iterations * 1e6)
    return statistics.median(rounds)


async def measure(backend: str, engine: AsyncEngine, iterations: int) -> None:
    async with engine.begin() as conn:
        await conn.execute(insert(NUMBERS).values(fiscal_year=2026, last_seq=1))
    sessions = make_sessionmaker(engine)
    uow = SqlUnitOfWorkFactory(sessions)
    figures: list[tuple[str, float]] = []

    async with engine.connect() as conn:
        driver = (await conn.get_raw_connection()).driver_connection
        if backend == "postgresql":
            prepared = await driver.prepare(RAW_READ[backend])

            async def raw() -> object:
                return await prepared.fetchrow(2026)
        else:

            async def raw() -> object:
                async with driver.execute(RAW_READ[backend], (2026,)) as cursor:
                    return await cursor.fetchone()

        figures.append(("driver alone (asyncpg / aiosqlite)", await cpu_us(raw, iterations)))

        async def core() -> object:
            return (await conn.execute(READ, {"fy": 2026})).first()

        figures.append(("SQLAlchemy Core on a connection", await cpu_us(core, iterations)))

    async with sessions() as session:

        async def orm_session() -> object:
            return (await session.execute(READ, {"fy": 2026})).first()

        figures.append(("SQLAlchemy through an AsyncSession", await cpu_us(orm_session, iterations)))

    for label, kwargs in (
        ("unit of work, standalone, 1 statement", {"standalone": True}),
        ("unit of work, transaction, 1 statement", {}),
    ):

        async def unit(kwargs: dict = kwargs) -> object:
            async with uow(**kwargs) as u:
                return (await u.session.execute(READ, {"fy": 2026})).first()

        figures.append((label, await cpu_us(unit, iterations)))

    print(f"[{backend}] CPU per call, median of {ROUNDS} rounds of {iterations:,}")
    for label, us in figures:
        print(f"  {label:<42} {us:7.0f} µs")


async def main() -> None:
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    backends = sys.argv[2].split(",") if len(sys.argv) > 2 else ["sqlite", "postgresql"]
    for backend in backends:
        async with scratch(backend) as engine:
            await measure(backend, engine, iterations)


if __name__ == "__main__":
    asyncio.run(main())
