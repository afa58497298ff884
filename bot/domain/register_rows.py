"""The consultation register as flat rows (CSV import and export), and the ports that read and write them."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.domain.stats import ConsultationFact, DepartmentDirectory

# The register's columns, in the order the export writes them and the import reads them (headers by these codes or
# by their catalogue names, csv.column.<code>).
REGISTER_COLUMNS = (
    "number",
    "title",
    "body",
    "category",
    "status",
    "department",
    "created",
    "closed",
    "hours_saved_per_month",
    "resolution",
    "artefact_name",
)


@dataclass(frozen=True)
class ImportRow:
    """One valid consultation from a file; `number` is canonical (R6-0042), datetimes are aware UTC."""

    number: str
    title: str
    body: str
    category: str
    status: str
    department: str
    created_at: datetime
    closed_at: datetime | None
    hours_saved_per_month: float | None = None
    resolution: str = ""  # how it was solved (a closed consultation's)
    artefact_name: str = ""  # the app or flow that came of it


@dataclass(frozen=True)
class ExportRow:
    number: str
    title: str
    body: str
    category: str
    status: str
    department: str
    created_at: datetime
    closed_at: datetime | None
    hours_saved_per_month: float | None
    resolution: str = ""
    artefact_name: str = ""


def import_source_id(number: str) -> str:
    return f"import:{number}"


class Reporting(Protocol):
    async def facts(
        self, period_start_utc: datetime, period_end_utc: datetime, week_start_utc: datetime, as_of: datetime
    ) -> list[ConsultationFact]: ...
    async def consultations_in(self, start_utc: datetime, end_utc: datetime) -> list[ExportRow]: ...
    async def department_directory(self) -> DepartmentDirectory: ...


class Importer(Protocol):
    async def existing_sources(self, numbers: Sequence[str]) -> dict[str, str]: ...
    async def insert(self, rows: list[ImportRow]) -> int: ...
