"""The catalogue of reusable solutions (事例集): completed consultations marked 横展開候補, as reports, the weekly
summary and the dashboard list them, and the filters the dashboard offers (category, tag, department)."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class CatalogueEntry:
    """One reusable solution: what was asked, by which department, how it was solved, and what to reuse."""

    consultation_id: int
    number: str
    title: str
    department: str
    category: str  # "bpr" | "app"
    tags: tuple[str, ...]
    resolution: str
    artefact: str  # the app or flow's name ("" for most BPR work)
    note: str  # the 横展開候補 line: what another department can reuse
    closed_at: datetime | None
    marked_at: datetime
    hours_saved_per_month: float | None = None


@dataclass(frozen=True)
class CatalogueFilter:
    """The dashboard's filters; empty = any. `department` matches any name the department has had."""

    category: str = ""
    tag: str = ""
    department: str = ""

    def select(self, entries: Iterable[CatalogueEntry], canonical: Callable[[str], str]) -> list[CatalogueEntry]:
        """The entries that pass; `canonical` maps a department name to the master's (DepartmentDirectory)."""
        wanted = canonical(self.department) if self.department else ""
        return [
            e
            for e in entries
            if (not self.category or e.category == self.category)
            and (not self.tag or self.tag in e.tags)
            and (not wanted or canonical(e.department) == wanted)
        ]


class Catalogue(Protocol):
    async def entries(
        self, *, marked_from: datetime | None = None, marked_until: datetime | None = None
    ) -> list[CatalogueEntry]:
        """Completed consultations marked 横展開候補 (marked in [from, until) when given), newest mark first."""
        ...


def tags_in(entries: Sequence[CatalogueEntry]) -> list[str]:
    """The tags the entries carry, each once, sorted (the dashboard's tag filter offers these)."""
    return sorted({tag for e in entries for tag in e.tags})
