"""A botbuilder Storage on the bot's SQL database, so dialog state survives restarts and scales out."""

from typing import Any

import jsonpickle
from botbuilder.core import Storage

from bot.deps import Deps


class SqlBotStorage(Storage):
    """Documents are jsonpickle-encoded (what botbuilder's own cloud storages do for DialogState objects)."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def read(self, keys: list[str]) -> dict[str, Any]:
        async with self._deps.uow(standalone=True) as uow:
            raw = await uow.state.read(keys)
        return {key: jsonpickle.decode(data) for key, data in raw.items()}

    async def write(self, changes: dict[str, Any]) -> None:
        if not changes:
            return
        documents = {key: jsonpickle.encode(value) for key, value in changes.items()}
        async with self._deps.uow() as uow:
            await uow.state.write(documents, now=self._deps.clock.now())

    async def delete(self, keys: list[str]) -> None:
        async with self._deps.uow() as uow:
            await uow.state.delete(keys)
