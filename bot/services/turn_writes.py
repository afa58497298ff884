"""Writes a turn may postpone: the small, idempotent upserts an inbound activity carries (its conversation
reference, its sender's name) ride with the turn's next unit of work instead of opening one of their own, so a turn
that creates a consultation writes them in the consultation's transaction. What is still waiting when the turn ends
is written then, in one unit of work.

A unit-of-work factory mixes in `TurnWrites` and, in each unit of work it opens, runs what `taken()` gives it before
the caller's statements. Only the task that opened the turn takes them: background work the turn spawned copies its
context but writes on its own. Writes that ran in a unit of work that then failed are given back and written when
the turn ends (they are upserts: running one twice changes nothing); each `done` is called once its write is
committed.
"""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from bot.domain.ports import UnitOfWork

log = logging.getLogger("consult.storage")

Write = Callable[[UnitOfWork], Awaitable[object]]


@dataclass(frozen=True)
class Waiting:
    write: Write
    done: Callable[[], None] | None = None


@dataclass
class _Turn:
    owner: "asyncio.Task[Any] | None"
    waiting: list[Waiting] = field(default_factory=list)


_TURN: ContextVar[_Turn | None] = ContextVar("writes_waiting_for_this_turn", default=None)


def _own_turn() -> _Turn | None:
    turn = _TURN.get()
    if turn is None or turn.owner is not asyncio.current_task():
        return None
    return turn


class TurnWrites:
    """Mixed into a unit-of-work factory (which provides `__call__(standalone=...)`)."""

    __call__: Callable[..., Any]

    async def later(self, write: Write, done: Callable[[], None] | None = None) -> None:
        """Within a turn, `write` waits for the turn's next unit of work (or its end); outside one it runs now."""
        turn = _own_turn()
        if turn is not None:
            turn.waiting.append(Waiting(write, done))
            return
        await self._run_alone([Waiting(write, done)])

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """One inbound activity's turn: what waits when it ends is written then. A failure to write it is logged,
        never raised (the turn has answered; the next activity brings the same reference and name again)."""
        turn = _Turn(asyncio.current_task())
        token = _TURN.set(turn)
        try:
            yield
        finally:
            _TURN.reset(token)
            if turn.waiting:
                try:
                    await self._run_alone(turn.waiting)
                except Exception as error:
                    log.warning("postponed writes not stored", extra={"error": type(error).__name__})

    def taken(self) -> list[Waiting]:
        """The writes waiting in this task's turn, handed to the unit of work being opened (none outside a turn)."""
        turn = _own_turn()
        if turn is None or not turn.waiting:
            return []
        taken, turn.waiting = turn.waiting, []
        return taken

    @staticmethod
    def given_back(taken: Sequence[Waiting]) -> None:
        """The unit of work that ran `taken` failed: they wait again (for the next one, or the turn's end)."""
        turn = _own_turn()
        if turn is not None and taken:
            turn.waiting[:0] = taken

    @staticmethod
    async def run(taken: Sequence[Waiting], uow: UnitOfWork) -> None:
        for waiting in taken:
            await waiting.write(uow)

    @staticmethod
    def committed(taken: Sequence[Waiting]) -> None:
        for waiting in taken:
            if waiting.done is not None:
                waiting.done()

    async def _run_alone(self, waiting: Sequence[Waiting]) -> None:
        async with self(standalone=True) as uow:
            await self.run(waiting, uow)
        self.committed(waiting)
