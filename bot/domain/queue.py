"""The support team's queue: filters over open consultations, and pages of a list."""

from dataclasses import dataclass
from enum import StrEnum

PAGE_SIZE = 8


class QueueFilter(StrEnum):
    OPEN = "open"  # every consultation that is not closed
    UNASSIGNED = "unassigned"  # 未割当
    MINE = "mine"  # 自分の担当
    IN_PROGRESS = "in_progress"  # 対応中
    ON_HOLD = "on_hold"  # 保留
    BPR = "bpr"
    APP = "app"


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    size: int = PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


@dataclass(frozen=True)
class Workload:
    """Open consultations per assignee (name shown in the list)."""

    assignee_id: str
    assignee_name: str
    open_count: int
