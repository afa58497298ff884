"""An Agents SDK Storage on the bot's SQL database (storage/state_store.py), so conversation state survives restarts
and scales out, as the botbuilder host's SqlBotStorage does."""

import json
from typing import Any, TypeVar, cast

from microsoft_agents.hosting.core import Storage, StoreItem

from bot.deps import Deps

StoreItemT = TypeVar("StoreItemT", bound=StoreItem)


class JsonDocument(StoreItem):
    """A plain JSON object as a StoreItem (no class names stored: renaming a class cannot break saved state)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def store_item_to_json(self) -> dict[str, Any]:
        return self.data

    @staticmethod
    def from_json_to_store_item(json_data: Any) -> "JsonDocument":
        return JsonDocument(dict(json_data) if isinstance(json_data, dict) else {})


class SqlAgentsStorage(Storage):
    """Documents are stored as JSON text in the same table as the botbuilder host's state. Keys never collide: the
    conversation runner names its keys under `agents/`."""

    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def read(self, keys: list[str], *, target_cls: type[StoreItemT], **kwargs: Any) -> dict[str, StoreItemT]:
        if not keys:
            return {}
        async with self._deps.uow(standalone=True) as uow:
            raw = await uow.state.read(keys)
        items = {key: target_cls.from_json_to_store_item(json.loads(data)) for key, data in raw.items()}
        return cast(dict[str, StoreItemT], items)  # the SDK types from_json_to_store_item as returning StoreItem

    async def write(self, changes: dict[str, StoreItem]) -> None:
        if not changes:
            return
        documents = {
            key: json.dumps(item.store_item_to_json(), ensure_ascii=False, sort_keys=True)
            for key, item in changes.items()
        }
        async with self._deps.uow() as uow:
            await uow.state.write(documents, now=self._deps.clock.now())

    async def delete(self, keys: list[str]) -> None:
        if not keys:
            return
        async with self._deps.uow() as uow:
            await uow.state.delete(keys)
