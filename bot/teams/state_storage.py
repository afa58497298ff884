"""A botbuilder Storage on the bot's SQL database, so dialog state survives restarts and scales out.

Within one turn (`state_turn()`, around every turn of the activity handler) a key read and found absent is not read
again: botbuilder's BotState reloads a state that is empty on every property access (`not cached_state.state`), so a
conversation without a dialog cost two reads a turn; and its document is not written when it still holds no dialog
(a new conversation's empty DialogState: nothing to remember). Only this turn's own reads are trusted, so another
instance's writes are always seen."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import jsonpickle
from botbuilder.core import Storage
from botbuilder.dialogs import DialogState

from bot.deps import Deps

_ABSENT: ContextVar[set[str] | None] = ContextVar("state_keys_absent_this_turn", default=None)


@contextmanager
def state_turn(*, known_absent: tuple[str, ...] = ()) -> Iterator[None]:
    """One turn's memory of the state keys found absent; `known_absent`: keys that cannot exist yet (a new thread's)."""
    token = _ABSENT.set(set(known_absent))
    try:
        yield
    finally:
        _ABSENT.reset(token)


def _holds_nothing(value: Any) -> bool:
    """A conversation state with no dialog on its stack (and nothing else)."""
    if not isinstance(value, dict):
        return False
    return all(isinstance(v, DialogState) and not v.dialog_stack for k, v in value.items() if k != "e_tag")


class SqlBotStorage(Storage):
    """Documents are jsonpickle-encoded (what botbuilder's own cloud storages do for DialogState objects)."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def read(self, keys: list[str]) -> dict[str, Any]:
        absent = _ABSENT.get()
        wanted = [key for key in keys if absent is None or key not in absent]
        if not wanted:
            return {}
        async with self._deps.uow(standalone=True) as uow:
            raw = await uow.state.read(wanted)
        if absent is not None:
            absent.update(key for key in wanted if key not in raw)
        return {key: jsonpickle.decode(data) for key, data in raw.items()}

    async def write(self, changes: dict[str, Any]) -> None:
        absent = _ABSENT.get() or set()
        documents = {
            key: jsonpickle.encode(value)
            for key, value in changes.items()
            if not (key in absent and _holds_nothing(value))
        }
        if not documents:
            return
        async with self._deps.uow() as uow:
            await uow.state.write(documents, now=self._deps.clock.now())
        absent.difference_update(documents)

    async def delete(self, keys: list[str]) -> None:
        async with self._deps.uow() as uow:
            await uow.state.delete(keys)
