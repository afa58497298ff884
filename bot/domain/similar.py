"""A similar past consultation as the support team sees it (類似の相談), and the order they are shown in."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.category import Category
from bot.domain.consultation import Consultation, Status


@dataclass(frozen=True)
class SimilarCase:
    id: int
    number: str
    title: str
    department: str
    category: Category
    status: Status
    created_at: datetime
    resolution: str = ""  # what was done, for a completed one
    artefact: str = ""  # the app or document it produced
    reusable: bool = False  # marked 横展開候補
    score: float = 0.0  # 0..1, higher is closer


def case_of(c: Consultation) -> SimilarCase:
    outcome = c.outcome if c.status is Status.DONE else None
    return SimilarCase(
        id=c.id,
        number=c.number,
        title=c.title,
        department=c.department,
        category=c.category,
        status=c.status,
        created_at=c.created_at,
        resolution=outcome.resolution if outcome else "",
        artefact=outcome.artefact_name if outcome else "",
        reusable=c.reuse is not None and c.status is Status.DONE,
    )


def display_order(cases: Sequence[SimilarCase]) -> list[SimilarCase]:
    """Completed ones first (横展開候補 first among them), then the rest; closest first within each group."""
    return sorted(cases, key=lambda s: (s.status is not Status.DONE, not s.reusable, -s.score))
