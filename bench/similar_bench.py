"""Similar consultations (類似の相談) over 10,000 past consultations: how long the index takes to build and how much
memory it holds, p50/p99 per query in process, and p50/p99 per query as the bot asks (read what changed since the
last query from the database, then search) on SQLite and PostgreSQL, with another instance writing meanwhile.

The 10,000 consultations are made from the project's own Japanese texts (the 240 labelled requests, the extra
examples and the labelled pairs): each joins two or three sentences of different requests, so the vocabulary and
the lengths are those of real requests; 70% are completed, with a resolution and an artefact. Queries are the
labelled pairs' requests and the labelled requests, cycled. Times are wall-clock (`time.perf_counter`) on this
machine; other load on it shows in the tails. Target: p99 ≤ 50 ms per query.

Run: .venv/bin/python -m bench.similar_bench [--count 10000] [--queries 1000] [--backends sqlite,postgresql] [--json]
PostgreSQL: TEST_POSTGRES_URL (default postgresql+asyncpg://postgres@127.0.0.1:5432/test) must allow CREATE DATABASE.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import re
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from bench.report_bench import scratch
from bot.domain.category import Category
from bot.domain.consultation import CategorySource, Consultation, Outcome, Person, Status
from bot.services.similar import like_text, refresh
from bot.similarity.library import CaseLibrary
from storage.db import make_sessionmaker
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
OPEN = (Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS, Status.ON_HOLD)
PERSON = Person("aad-bench", "ベンチ 太郎", "29:bench")


def _lines(name: str) -> list[dict[str, Any]]:
    text = resources.files("bot.data").joinpath(name).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def corpus() -> tuple[list[str], list[str], list[str], list[str]]:
    """Sentences of requests, resolutions, artefacts and departments from the project's data."""
    texts = [r["text"] for r in _lines("consultations_seed.jsonl") + _lines("extra_examples.jsonl")]
    pairs = _lines("similar_pairs.jsonl")
    texts += [f"{p['past']['title']}。{p['past']['body']}" for p in pairs]
    sentences = [s.strip() for t in texts for s in SENTENCE.findall(t) if len(s.strip()) >= 8]
    resolutions = [p["past"]["resolution"] for p in pairs]
    artefacts = [p["past"]["artefact"] for p in pairs if p["past"]["artefact"]]
    departments = sorted({r.get("department", "") for r in _lines("consultations_seed.jsonl")} - {""})
    return sentences, resolutions, artefacts, departments


def queries(n: int) -> list[str]:
    asked = [p["request"]["text"] for p in _lines("similar_pairs.jsonl") if "request" in p]
    asked += [r["text"] for r in _lines("consultations_seed.jsonl")]
    return [asked[i % len(asked)] for i in range(n)]


def generate(count: int, seed: int = 13) -> list[Consultation]:
    rng = random.Random(seed)
    sentences, resolutions, artefacts, departments = corpus()
    out = []
    for i in range(count):
        body = "".join(rng.sample(sentences, rng.choice((2, 2, 3))))
        at = NOW - timedelta(days=730) + timedelta(minutes=i * 100)
        done = rng.random() < 0.7
        status = Status.DONE if done else rng.choice(OPEN)
        fy = 2024 + i * 3 // count
        out.append(
            Consultation(
                id=0,
                number=f"R{fy - 2018}-{i + 1:05d}",
                fiscal_year=fy,
                seq=i + 1,
                title=body[:40],
                body=body,
                category=rng.choice((Category.BPR, Category.BPR, Category.APP)),
                confidence=0.9,
                category_source=CategorySource.AUTO,
                status=status,
                requester=PERSON,
                department=rng.choice(departments),
                created_at=at,
                updated_at=at + timedelta(days=20 if done else 1),
                closed_at=at + timedelta(days=20) if done else None,
                outcome=Outcome(rng.choice(resolutions), artefact_name=rng.choice(artefacts)) if done else None,
            )
        )
    return out


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentiles(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)

    def rank(p: float) -> float:  # nearest rank
        return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered) + 0.5) - 1))]

    return {"p50": round(rank(0.50), 2), "p99": round(rank(0.99), 2), "max": round(ordered[-1], 2)}


def in_process(rows: list[Consultation], asked: list[str]) -> dict[str, Any]:
    numbered = [replace(c, id=i + 1) for i, c in enumerate(rows)]
    gc.collect()
    before = rss_mb()
    began = time.perf_counter()
    library = CaseLibrary()
    library.apply(numbered)
    build = time.perf_counter() - began
    gc.collect()
    held = rss_mb() - before
    for text in asked[:20]:  # warm-up
        library.similar(text, limit=3)
    ms = []
    for text in asked:
        began = time.perf_counter()
        library.similar(text, limit=3)
        ms.append((time.perf_counter() - began) * 1000)
    listed = []
    for text in asked[:200]:
        began = time.perf_counter()
        library.similar(text, limit=10)
        listed.append((time.perf_counter() - began) * 1000)
    return {
        "build_s": round(build, 2),
        "rss_mb": round(held, 1),
        "keys": len(library.index._df),
        "query_ms": percentiles(ms),
        "list_10_ms": percentiles(listed),
    }


async def through_database(backend: str, rows: list[Consultation], asked: list[str]) -> dict[str, Any]:
    async with scratch(backend) as engine:
        uow = SqlUnitOfWorkFactory(make_sessionmaker(engine))
        for start in range(0, len(rows), 1000):
            async with uow() as u:
                for c in rows[start : start + 1000]:
                    await u.consultations.add(c)
        library = CaseLibrary()
        began = time.perf_counter()
        await refresh(library, uow)
        build = time.perf_counter() - began
        writer = SqlUnitOfWorkFactory(make_sessionmaker(engine))  # another instance
        ms, clock = [], NOW
        for i, text in enumerate(asked):
            if i % 10 == 0:  # the other instance changes a consultation now and then
                async with writer() as u:
                    c = await u.consultations.get(1 + (i * 37) % len(rows))
                    assert c is not None
                    clock += timedelta(seconds=30)
                    await u.consultations.update(replace(c, updated_at=clock), expected_version=c.version)
            began = time.perf_counter()
            await like_text(library, uow, text, limit=3)
            ms.append((time.perf_counter() - began) * 1000)
        return {"build_from_db_s": round(build, 2), "query_ms": percentiles(ms[20:])}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows, asked = generate(args.count), queries(args.queries)
    result: dict[str, Any] = {"consultations": args.count, "queries": args.queries}
    result["in_process"] = in_process(rows, asked)
    for backend in [b for b in args.backends.split(",") if b]:
        result[backend] = await through_database(backend, rows, asked[: max(100, args.queries // 2)])
    if args.json:
        print(json.dumps(result, indent=2))
        return
    p = result["in_process"]
    print(f"similar consultations over {args.count:,} past consultations, {args.queries:,} queries")
    print(f"  index build (in process): {p['build_s']} s, +{p['rss_mb']} MB RSS, {p['keys']:,} distinct keys")
    print(f"  query, top 3 (in process): p50 {p['query_ms']['p50']} ms, p99 {p['query_ms']['p99']} ms")
    print(f"  query, top 10 (類似 command): p50 {p['list_10_ms']['p50']} ms, p99 {p['list_10_ms']['p99']} ms")
    for backend in [b for b in args.backends.split(",") if b]:
        d = result[backend]
        print(
            f"  {backend}: first build from the database {d['build_from_db_s']} s; query with refresh "
            f"p50 {d['query_ms']['p50']} ms, p99 {d['query_ms']['p99']} ms (another instance writing)"
        )


if __name__ == "__main__":
    asyncio.run(main())
