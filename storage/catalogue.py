"""The catalogue of reusable solutions (事例集) in SQL: completed consultations marked 横展開候補."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.catalogue import CatalogueEntry
from bot.domain.consultation import Status
from storage.orm import ConsultationRow

C = ConsultationRow


class SqlCatalogue:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def entries(
        self, *, marked_from: datetime | None = None, marked_until: datetime | None = None
    ) -> list[CatalogueEntry]:
        where = [C.reuse_marked_at.is_not(None), C.status == Status.DONE.value]
        if marked_from is not None:
            where.append(C.reuse_marked_at >= marked_from)
        if marked_until is not None:
            where.append(C.reuse_marked_at < marked_until)
        stmt = (
            select(
                C.id,
                C.number,
                C.title,
                C.department,
                C.category,
                C.tags,
                C.resolution,
                C.artefact_name,
                C.reuse_note,
                C.closed_at,
                C.reuse_marked_at,
                C.hours_saved_per_month,
            )
            .where(*where)
            .order_by(C.reuse_marked_at.desc(), C.id.desc())
        )
        return [
            CatalogueEntry(
                consultation_id=r.id,
                number=r.number,
                title=r.title,
                department=r.department,
                category=r.category,
                tags=tuple(t for t in r.tags.split(",") if t),
                resolution=r.resolution,
                artefact=r.artefact_name,
                note=r.reuse_note,
                closed_at=r.closed_at,
                marked_at=r.reuse_marked_at,
                hours_saved_per_month=r.hours_saved_per_month,
            )
            for r in (await self._s.execute(stmt)).all()
        ]
