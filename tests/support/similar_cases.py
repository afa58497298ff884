"""Past consultations for similarity tests, from the labelled pairs (bot/data/similar_pairs.jsonl): each pair's past
case as a completed consultation of its department, and the later request that should find it; and storing them in
a real database (SQLite or PostgreSQL) the way the repositories do."""

import json
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources

from bot.domain.category import Category
from bot.domain.consultation import CategorySource, Consultation, Outcome, Person, Status
from storage.db import make_engine, make_sessionmaker
from storage.uow import SqlUnitOfWorkFactory
from tests.support.clocks import DEFAULT_NOW

PAST_REQUESTER = Person("aad-past", "過去 太郎", "29:past")


@dataclass(frozen=True)
class LabelledPair:
    past: Consultation
    request: str
    department: str


def labelled_pairs(count: int, *, first_seq: int = 1) -> list[LabelledPair]:
    """The first `count` pairs; past cases are numbered R7-<first_seq>... and were completed a year before NOW."""
    text = resources.files("bot.data").joinpath("similar_pairs.jsonl").read_text("utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    pairs = []
    for i, row in enumerate([r for r in rows if "request" in r][:count]):
        past, seq = row["past"], first_seq + i
        at = DEFAULT_NOW - timedelta(days=400 - i)
        c = Consultation(
            id=0,
            number=f"R7-{seq:04d}",
            fiscal_year=2025,
            seq=seq,
            title=past["title"],
            body=past["body"],
            category=Category(past["category"]),
            confidence=0.9,
            category_source=CategorySource.AUTO,
            status=Status.DONE,
            requester=PAST_REQUESTER,
            department=past["department"],
            created_at=at,
            updated_at=at + timedelta(days=30),
            closed_at=at + timedelta(days=30),
            outcome=Outcome(past["resolution"], artefact_name=past["artefact"]),
        )
        pairs.append(LabelledPair(c, row["request"]["text"], row["request"]["department"]))
    return pairs


async def store(database_url: str, consultations: list[Consultation]) -> list[Consultation]:
    """Insert them (with their outcomes) and return them with their ids."""
    engine = make_engine(database_url, null_pool=True)
    try:
        uow = SqlUnitOfWorkFactory(make_sessionmaker(engine))
        async with uow() as u:
            return [await u.consultations.add(c) for c in consultations]
    finally:
        await engine.dispose()
