"""The catalogue of reusable solutions (事例集) for people: the filtered list with the choices its filters offer, and
its CSV for Excel (the same Excel-safe conventions as the consultation export)."""

import csv
import io
from dataclasses import dataclass
from datetime import tzinfo

from bot.domain.catalogue import CatalogueEntry, CatalogueFilter, tags_in
from bot.domain.ports import UnitOfWorkFactory
from bot.services.reports import excel_safe
from bot.texts import CATALOGUE, t

CSV_COLUMNS = (
    "number",
    "title",
    "department",
    "category",
    "tags",
    "note",
    "resolution",
    "artefact",
    "closed",
    "marked",
    "hours_saved_per_month",
)


@dataclass(frozen=True)
class CatalogueView:
    """What the 事例集 page shows: the entries that pass the filter, and every category, tag and department the
    whole catalogue has (the filter's choices)."""

    entries: tuple[CatalogueEntry, ...]
    chosen: CatalogueFilter
    tags: tuple[str, ...]
    departments: tuple[str, ...]
    total: int  # entries in the whole catalogue


async def catalogue(uow: UnitOfWorkFactory, chosen: CatalogueFilter) -> CatalogueView:
    async with uow(standalone=True) as u:
        everything = await u.catalogue.entries()
        directory = await u.reporting.department_directory()
    departments = sorted({directory.canonical(e.department) for e in everything if e.department.strip()})
    return CatalogueView(
        entries=tuple(chosen.select(everything, directory.canonical)),
        chosen=chosen,
        tags=tuple(tags_in(everything)),
        departments=tuple(departments),
        total=len(everything),
    )


def catalogue_csv(entries: tuple[CatalogueEntry, ...], *, tz: tzinfo) -> bytes:
    """The entries for Excel: UTF-8 with BOM, CRLF, Japanese headers, local dates, tags by their Japanese names."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([t(f"catalogue.column.{c}", "ja") for c in CSV_COLUMNS])
    for e in entries:
        tags = "、".join(tag_label(tag, "ja") for tag in e.tags)
        texts = (e.number, e.title, e.department, t(f"category.{e.category}", "ja"), tags, e.note, e.resolution)
        closed = e.closed_at.astimezone(tz).date().isoformat() if e.closed_at else ""
        hours = "" if e.hours_saved_per_month is None else f"{e.hours_saved_per_month:g}"
        marked = e.marked_at.astimezone(tz).date().isoformat()
        writer.writerow([*map(excel_safe, texts), excel_safe(e.artefact), closed, marked, hours])
    return out.getvalue().encode("utf-8-sig")


def tag_label(tag: str, locale: str) -> str:
    """A sub-tag by its name (窓口業務, 紙の削減, …); a tag the catalogue does not name stays its code."""
    key = f"tag.{tag}"
    return t(key, locale) if key in CATALOGUE else tag
