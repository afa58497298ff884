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
    """Prints the top-3 rate (and the top-10 rate, what 類似 lists) for the concept-aware keys and for character
    bigrams alone, per split; says whether the target is met on the tune pairs and on the held-out ones."""
    from bot.similarity.evaluate import TARGET, build, evaluate, report
    from bot.similarity.features import DEFAULT, FeatureConfig

    out: dict[str, Any] = {}
    lines = []
    for label, config in (("bigrams only", FeatureConfig.plain()), ("bigrams + concepts", DEFAULT)):
        index, asked = build(config, pairs, background)
        top3, top10 = evaluate(index, asked), evaluate(index, asked, 10)
        out[label] = {
            r.split: {
                "pairs": r.pairs,
                "hits": r.hits,
                "rate": round(r.rate, 4),
                "rate_top10": round(r10.rate, 4),
                "misses": list(r.misses),
            }
            for r, r10 in zip(top3, top10, strict=True)
        }
        lines += [report(top3, label), "  top 10: " + ", ".join(f"{r.split} {r.rate:.1%}" for r in top10)]
    shipped = out["bigrams + concepts"]
    verdict = ", ".join(
        f"{split} {shipped[split]['rate']:.1%} ({'met' if shipped[split]['rate'] >= TARGET else 'NOT met'})"
        for split in shipped
    )
    if as_json:
        print(json.dumps({**out, "target": TARGET}, ensure_ascii=False, indent=2))
    else:
        print("\n".join(lines))
        print(f"target {TARGET:.0%} in the top 3: {verdict}")
    return 0
