"""What this process last stored, per key, so a write that would change nothing is skipped (conversation references
and people's names, which every turn carries). Entries expire (another instance may have written the row since)
and the oldest are dropped beyond `max_entries`."""

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

TTL_SECONDS = 600.0
MAX_ENTRIES = 10_000


class WriteMemo:
    def __init__(
        self,
        *,
        ttl: float = TTL_SECONDS,
        max_entries: int = MAX_ENTRIES,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl, self._max, self._monotonic = ttl, max_entries, monotonic
        self._stored: OrderedDict[str, tuple[Hashable, float]] = OrderedDict()  # key -> (fingerprint, until)

    def unchanged(self, key: str, fingerprint: Hashable) -> bool:
        """True when this process stored the same `fingerprint` for `key` within the last `ttl` seconds."""
        known = self._stored.get(key)
        if known is None or known[0] != fingerprint or known[1] <= self._monotonic():
            return False
        self._stored.move_to_end(key)
        return True

    def stored(self, key: str, fingerprint: Hashable) -> None:
        """Remember that `fingerprint` was just written for `key`."""
        self._stored[key] = (fingerprint, self._monotonic() + self._ttl)
        self._stored.move_to_end(key)
        while len(self._stored) > self._max:
            self._stored.popitem(last=False)
