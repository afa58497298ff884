"""`consult similar` (the past consultations most like a text) and `consult similar-eval` (the top-3 rate on the
labelled pairs)."""

import asyncio
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.domain.similar import SimilarCase


def case_dict(s: SimilarCase) -> dict[str, Any]:
    return {
        "number": s.number,
        "title": s.title,
        "department": s.department,
        "category": str(s.category),
        "status": str(s.status),
        "score": s.score,
        "resolution": s.resolution,
        "artefact": s.artefact,
        "reusable": s.reusable,
    }


def case_text(rank: int, s: SimilarCase) -> str:
    """One case for people: number, title, department and status, then what was done and made."""
    lines = [f"{rank}. {s.number} {s.title}", f"   {s.department or '-'} / {s.category} / {s.status} / {s.score:.3f}"]
    if s.resolution:
        lines.append(f"   解決内容: {s.resolution}")
    if s.artefact:
        lines.append(f"   成果物: {s.artefact}")
    return "\n".join(lines)


def similar_command(text: str, *, database_url: str, limit: int, as_json: bool) -> int:
    from bot.services.similar import like_text
    from bot.similarity.library import CaseLibrary
    from storage.db import make_engine, make_sessionmaker
    from storage.uow import SqlUnitOfWorkFactory

    async def run() -> Sequence[SimilarCase]:
        engine = make_engine(database_url, null_pool=True)
        try:
            uow = SqlUnitOfWorkFactory(make_sessionmaker(engine))
            return await like_text(CaseLibrary(), uow, text, limit=limit)
        finally:
            await engine.dispose()

    found = asyncio.run(run())
    if as_json:
        print(json.dumps([case_dict(s) for s in found], ensure_ascii=False, indent=2))
    elif found:
        print("\n".join(case_text(i, s) for i, s in enumerate(found, 1)))
    else:
        print("類似の相談は見つかりませんでした。")
    return 0


def similar_eval_command(*, pairs: Path | None, background: Path | None, as_json: bool) -> int:
    """Prints the rate for the concept-aware keys and for character bigrams alone; exits 1 below the target."""
    from bot.similarity.evaluate import TARGET, build, evaluate, report
    from bot.similarity.features import DEFAULT, FeatureConfig

    runs = {}
    for label, config in (("bigrams only", FeatureConfig.plain()), ("bigrams + concepts", DEFAULT)):
        index, asked = build(config, pairs, background)
        runs[label] = evaluate(index, asked)
    final = runs["bigrams + concepts"][-1]
    if as_json:
        out = {
            label: {
                r.split: {"pairs": r.pairs, "hits": r.hits, "rate": round(r.rate, 4), "misses": list(r.misses)}
                for r in results
            }
            for label, results in runs.items()
        }
        print(json.dumps({**out, "target": TARGET}, ensure_ascii=False, indent=2))
    else:
        print("\n".join(report(results, label) for label, results in runs.items()))
        print(f"target: {TARGET:.0%} of all pairs")
    return 0 if final.rate >= TARGET else 1
