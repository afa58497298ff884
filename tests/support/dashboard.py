"""The dashboard's test data: consultations of both categories to seed (`seed`), how a figure of a summary is
found (`value_at`) and how it is shown on the page (`shown`).
Used by tests/web/test_dashboard.py and the browser tests (tests/e2e/test_dashboard.py)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from bot.domain.category import Category
from bot.domain.consultation import CategorySource, Consultation, Outcome, Person, Status
from bot.domain.fiscal_year import consultation_number, fiscal_year
from bot.domain.ports import UnitOfWorkFactory

HOSTILE = '<script>alert("x")</script>課'  # a department name that would break out of HTML if not escaped


# --- seeding ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    category: Category
    status: Status
    department: str
    age_days: float
    closed_days_ago: float | None = None
    hours: float | None = None


def seeds(hostile: bool = True) -> list[Seed]:
    """Consultations of both categories, open and closed, some this week, one older than 90 days."""
    odd = HOSTILE if hostile else "企画政策課 & DX推進室"
    return [
        Seed(Category.BPR, Status.DONE, "市民課", 40, 30, 10.0),
        Seed(Category.BPR, Status.IN_PROGRESS, "市民課", 20),
        Seed(Category.BPR, Status.RECEIVED, "税務課", 3),
        Seed(Category.BPR, Status.ASSIGNED, "福祉課", 120),
        Seed(Category.BPR, Status.DONE, "福祉課", 70, 2, 4.5),
        Seed(Category.APP, Status.DONE, "税務課", 60, 5, 5.5),
        Seed(Category.APP, Status.ON_HOLD, odd, 10),
        Seed(Category.APP, Status.WITHDRAWN, "福祉課", 2, 1),
        Seed(Category.APP, Status.DONE, "市民課", 150, 120),
        Seed(Category.APP, Status.IN_PROGRESS, odd, 1),
    ]


async def seed(uow: UnitOfWorkFactory, now: datetime, tz: tzinfo, *, hostile: bool = True) -> int:
    """Write seeds() as of `now`, and a department master with two departments that never consulted."""
    async with uow() as u:
        for name in ("市民課", "税務課", "福祉課", "都市計画課", "会計課"):
            await u.departments.add(name, now)
        for i, s in enumerate(seeds(hostile)):
            created = now - timedelta(days=s.age_days)
            closed = now - timedelta(days=s.closed_days_ago) if s.closed_days_ago is not None else None
            fy = fiscal_year(created.astimezone(tz).date())
            seq = await u.consultations.next_seq(fy)
            await u.consultations.add(
                Consultation(
                    id=0,
                    number=consultation_number(fy, seq),
                    fiscal_year=fy,
                    seq=seq,
                    title=f"相談{i + 1}",
                    body="業務の相談です。",
                    category=s.category,
                    confidence=1.0,
                    category_source=CategorySource.MANUAL,
                    status=s.status,
                    requester=Person(f"user-{i}", f"職員{i}"),
                    department=s.department,
                    created_at=created,
                    updated_at=closed or created,
                    closed_at=closed,
                    outcome=Outcome("対応しました", s.hours) if s.status is Status.DONE else None,
                )
            )
    return len(seeds(hostile))


# --- the app -------------------------------------------------------------------------------------------------------


def value_at(data: Mapping, path: str) -> object:
    parts = path.split(".")
    if parts[-1] == "open":  # categories.<c>.open: received minus completed
        figures = value_at(data, ".".join(parts[:-1]))
        return figures["received"] - figures["completed"]  # type: ignore[index]
    if path == "open_total":
        return sum(data["open_by_status"].values())
    node: object = data
    for part in parts:
        node = node[int(part)] if isinstance(node, list) else node[part]  # type: ignore[index]
    return node


def shown(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"  # type: ignore[call-overload]
