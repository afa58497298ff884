"""Department answers checked against the department master (部署マスタ) when it has entries, else by their shape."""

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.departments import department_candidate, shaped_like_department
from bot.domain.ports import UnitOfWorkFactory


@dataclass(frozen=True)
class DepartmentAnswer:
    """`name`: the department to record ("" when the answer is not one); `master`: the master has entries (so the
    answer had to be one of its names, current or old)."""

    name: str
    master: bool


async def check(uow: UnitOfWorkFactory, answer: str) -> DepartmentAnswer:
    """With a master: its current name for `answer` (any of its names, width- and case-insensitive), or nothing.
    Without one: the answer when it is shaped like a department's name (市民課, 情報政策課 窓口係, …)."""
    candidate = department_candidate(answer)
    if not candidate:
        return DepartmentAnswer("", master=False)
    async with uow(standalone=True) as u:
        canonical = await u.departments.canonical(candidate)
        if canonical is not None:
            return DepartmentAnswer(canonical, master=True)
        master = bool(await u.departments.active_names())
    if master:
        return DepartmentAnswer("", master=True)
    return DepartmentAnswer(candidate if shaped_like_department(candidate) else "", master=False)


async def choices(uow: UnitOfWorkFactory) -> Sequence[str]:
    """The active departments, by name (what the 所属 picker offers)."""
    async with uow(standalone=True) as u:
        return await u.departments.active_names()
