"""Human reclassifications kept as labelled examples for `consult train --corrections`."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.orm import CorrectionRow


class SqlCorrections:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, consultation_id: int, text: str, label: str, previous: str, *, by: str, at: datetime) -> None:
        self._s.add(
            CorrectionRow(
                consultation_id=consultation_id, text=text, label=label, previous_label=previous, by=by, at=at
            )
        )
        await self._s.flush()

    async def all(self) -> Sequence[tuple[str, str]]:
        """(text, label), latest decision per consultation."""
        rows = (await self._s.execute(select(CorrectionRow).order_by(CorrectionRow.id))).scalars()
        latest = {r.consultation_id: (r.text, r.label) for r in rows}
        return list(latest.values())
