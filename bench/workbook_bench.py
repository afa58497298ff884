"""Time the PDCA workbook for a fiscal year of ~10,000 consultations on SQLite and PostgreSQL (scratch databases,
bulk-loaded with SqlImporter, with worksheets and 横展開候補 on some): the SQL read, the figures, and writing the xlsx.

Run: .venv/bin/python -m bench.workbook_bench [count] [sqlite,postgresql]
PostgreSQL: TEST_POSTGRES_URL (default postgresql+asyncpg://postgres@127.0.0.1:5432/test) must allow CREATE DATABASE.
"""

import asyncio
import random
import sys
from datetime import timedelta

from sqlalchemy import text, update

from bench.report_bench import AS_OF, DEPARTMENTS, JST, generate, scratch, timed
from bot.domain.periods import fiscal_year_period
from bot.services.workbook import build_review
from bot.views.workbook import workbook_bytes
from storage.db import make_sessionmaker
from storage.importer import SqlImporter
from storage.orm import ConsultationRow, DepartmentRow, WorksheetRow
from storage.uow import SqlUnitOfWorkFactory

YEAR = fiscal_year_period(2024)  # a whole fiscal year before report_bench's AS_OF (2026-02-18)


async def bench(backend: str, count: int) -> None:
    start, end = YEAR.bounds(JST)
    rows = [r for r in generate(count * 5) if start <= r.created_at < end]  # five years generated: keep FY2024
    rng = random.Random(13)
    async with scratch(backend) as engine:
        sessions = make_sessionmaker(engine)
        async with sessions() as session, session.begin():
            await SqlImporter(session).insert(rows)
            session.add_all(DepartmentRow(name=d, active=True, updated_at=start) for d in DEPARTMENTS)
            ids = list((await session.execute(text("SELECT id FROM consultations WHERE status = 'done'"))).scalars())
            for cid in rng.sample(ids, len(ids) // 5):  # a worksheet on one in five completed
                minutes = rng.choice((5, 10, 15, 30))
                session.add(
                    WorksheetRow(
                        consultation_id=cid,
                        yearly_count=rng.randint(50, 5000),
                        minutes_per_case=minutes,
                        updated_at=end,
                    )
                )
            marked = rng.sample(ids, len(ids) // 20)  # one in twenty a 横展開候補
            await session.execute(
                update(ConsultationRow)
                .where(ConsultationRow.id.in_(marked))
                .values(reuse_note="様式を差し替えればほかの課でも使えます", reuse_marked_at=end - timedelta(days=30))
            )
        uow = SqlUnitOfWorkFactory(sessions)
        now = AS_OF
        review = await build_review(uow, YEAR, now=now, tz=JST)
        data = workbook_bytes(review, tz=JST)
        print(
            f"[{backend}] {review.summary.total.received:,} received in {YEAR.label()}, {len(review.savings):,} "
            f"completed in it, {len(review.cases):,} 横展開候補, {len(review.departments)} departments: "
            f"{len(data):,} bytes"
        )
        read_best, read_median = await timed(lambda: build_review(uow, YEAR, now=now, tz=JST))

        async def write() -> None:
            workbook_bytes(review, tz=JST)

        write_best, write_median = await timed(write)
        print(
            f"[{backend}] build_review (SQL + figures) best {read_best * 1000:.0f} ms, "
            f"median {read_median * 1000:.0f} ms; "
            f"workbook_bytes best {write_best * 1000:.0f} ms, median {write_median * 1000:.0f} ms"
        )


async def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    backends = sys.argv[2].split(",") if len(sys.argv) > 2 else ["sqlite", "postgresql"]
    for backend in backends:
        await bench(backend, count)


if __name__ == "__main__":
    asyncio.run(main())
