"""What this process last stored, per key, so a write that would change nothing is skipped (conversation references
and people's names, which every turn carries). Entries expire (another instance may have written the row since)
and the oldest are dropped beyond `max_entries` (`Expiring`, also the NameCache's store)."""

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

TTL_SECONDS = 600.0
MAX_ENTRIES = 10_000

V = TypeVar("V")


class Expiring(Generic[V]):
    """A bounded map whose entries are trusted for `ttl` seconds (default: the class's TTL_SECONDS) after they were
    put; the least recently used go first beyond `max_entries`."""

    TTL_SECONDS = TTL_SECONDS

    def __init__(
        self,
        *,
        ttl: float | None = None,
        max_entries: int = MAX_ENTRIES,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = self.TTL_SECONDS if ttl is None else ttl
        self._max, self._monotonic = max_entries, monotonic
        self._entries: OrderedDict[str, tuple[V, float]] = OrderedDict()  # key -> (value, until)

    def get(self, key: str) -> V | None:
        """The value put for `key` within the last `ttl` seconds, else None."""
        entry = self._entries.get(key)
        if entry is None or entry[1] <= self._monotonic():
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def put(self, key: str, value: V) -> None:
        self._entries[key] = (value, self._monotonic() + self._ttl)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)


class WriteMemo(Expiring[Hashable]):
    def unchanged(self, key: str, fingerprint: Hashable) -> bool:
        """True when this process stored the same `fingerprint` for `key` within the last `ttl` seconds."""
        known = self.get(key)
        return known is not None and known == fingerprint

    def stored(self, key: str, fingerprint: Hashable) -> None:
        """Remember that `fingerprint` was just written for `key`."""
        self.put(key, fingerprint)
