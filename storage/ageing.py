"""SQL for ageing: the open consultations, when those on hold went on hold (from the event history), and the nudge
claims whose primary key (consultation, business day) makes each nudge once per day across instances."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.consultation import Consultation, EventKind, Status
from storage.orm import NudgeRow, PersonRow
from storage.repositories import CT, EVENTS, to_domain

C = CT.c
E = EVENTS.c
CLOSED = [Status.DONE.value, Status.WITHDRAWN.value]


class SqlAgeing:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def open_consultations(self) -> Sequence[Consultation]:
        stmt = select(CT).where(C.status.not_in(CLOSED)).order_by(C.created_at, C.id)
        return [to_domain(r) for r in await self._s.execute(stmt)]

    async def on_hold_since(self) -> Mapping[int, datetime]:
        stmt = (
            select(E.consultation_id, func.max(E.at))
            .join(CT, and_(C.id == E.consultation_id, C.status == Status.ON_HOLD.value))
            .where(E.kind == EventKind.STATUS_CHANGED.value, E.to_value == Status.ON_HOLD.value)
            .group_by(E.consultation_id)
        )
        return {cid: at for cid, at in (await self._s.execute(stmt)).all()}

    async def claim_nudge(self, consultation_id: int, business_day: date, person_id: str, now: datetime) -> bool:
        try:
            async with self._s.begin_nested():
                self._s.add(
                    NudgeRow(
                        consultation_id=consultation_id, business_day=business_day, person_id=person_id, sent_at=now
                    )
                )
                await self._s.flush()
        except IntegrityError:
            return False
        return True

    async def teams_ids(self, person_ids: Iterable[str]) -> Mapping[str, str]:
        wanted = sorted(set(person_ids))
        if not wanted:
            return {}
        stmt = select(PersonRow.person_id, PersonRow.teams_id).where(
            PersonRow.person_id.in_(wanted), PersonRow.teams_id != ""
        )
        return {pid: tid for pid, tid in (await self._s.execute(stmt)).all()}
