"""An in-memory index of texts for "which past texts are closest to this one", updated one entry at a time.

Scoring is BM25 over binary keys (bot.similarity.features): a key shared with the query adds its weight times its
inverse document frequency, scaled by the entry's length (longer texts share more keys by chance). Document
frequencies and the average length are kept up to date as entries come and go, so nothing is rebuilt when one
consultation changes; the length factors are recomputed only when the average length has drifted.

A query touches only the entries that share a key with it, through postings lists of slot numbers. Keys found in
more than `max_df` of the entries (common bigrams) are skipped: they say little, and would make a query read most
of the index. Concept keys ("~seal") are never skipped: there are few of them, and they carry the meaning. An entry
that is replaced or removed leaves a dead slot behind; the postings are compacted when dead slots outnumber live
ones.
"""

import heapq
import math
import operator
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.similarity.features import DEFAULT, FeatureConfig, features

T = TypeVar("T")

K1 = 1.2
B = 0.75
DRIFT = 0.05  # recompute the length factors when the average length has moved by this fraction


@dataclass(frozen=True)
class Hit(Generic[T]):
    key: int
    item: T
    score: float  # 0..1: the share of the query's weight the entry matches, times its length factor (1 for an
    # entry of average length, more for a shorter one), at most 1


@dataclass(frozen=True)
class _Entry(Generic[T]):
    key: int
    item: T
    keys: tuple[str, ...]


class SimilarityIndex(Generic[T]):
    """Entries are (key, text, item): `key` identifies it (a consultation id), `item` is what a hit returns."""

    def __init__(self, config: FeatureConfig = DEFAULT, *, max_df: float = 0.08, min_df_cap: int = 40) -> None:
        self.config = config
        self._max_df = max_df
        self._min_df_cap = min_df_cap
        self._slots: list[_Entry[T] | None] = []
        self._factor = array("d")  # BM25 length factor per slot
        self._length = array("d")  # weighted length per slot
        self._slot_of: dict[int, int] = {}
        self._postings: dict[str, array[int]] = {}
        self._df: dict[str, int] = {}
        self._total_length = 0.0
        self._factor_avg = 0.0  # the average length the factors were computed with

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, key: int) -> bool:
        return key in self._slot_of

    def items(self) -> Iterator[T]:
        for slot in self._slot_of.values():
            entry = self._slots[slot]
            if entry is not None:
                yield entry.item

    def get(self, key: int) -> T | None:
        slot = self._slot_of.get(key)
        entry = self._slots[slot] if slot is not None else None
        return entry.item if entry is not None else None

    def upsert(self, key: int, text: str, item: T) -> None:
        """Add the entry, or replace the one with the same key."""
        self.remove(key)
        weights = features(text, self.config)
        slot = len(self._slots)
        entry = _Entry(key, item, tuple(weights))
        self._slots.append(entry)
        self._slot_of[key] = slot
        length = float(len(weights))
        self._length.append(length)
        self._total_length += length
        for k in entry.keys:
            posting = self._postings.get(k)
            if posting is None:
                self._postings[k] = array("i", (slot,))
            else:
                posting.append(slot)
            self._df[k] = self._df.get(k, 0) + 1
        self._factor.append(self._length_factor(length, self._factor_avg or length))
        self._maybe_refactor()

    def remove(self, key: int) -> None:
        slot = self._slot_of.pop(key, None)
        if slot is None:
            return
        entry = self._slots[slot]
        self._slots[slot] = None
        if entry is None:
            return
        self._total_length -= self._length[slot]
        for k in entry.keys:
            left = self._df[k] - 1
            if left:
                self._df[k] = left
            else:
                del self._df[k]
        if len(self._slots) > 64 and len(self._slots) > 2 * len(self._slot_of):
            self._compact()

    def search(self, text: str, *, limit: int, accept: Callable[[T], bool] | None = None) -> list[Hit[T]]:
        """The `limit` best entries for `text`, best first, among those `accept` lets through; entries that share
        no weighted key with the text are not returned."""
        n = len(self._slot_of)
        query = features(text, self.config)
        if not n or not query or limit <= 0:
            return []
        cap = max(self._min_df_cap, self._max_df * n)
        scores = [0.0] * len(self._slots)
        total = 0.0
        for k, weight in query.items():
            df = self._df.get(k, 0)
            w = weight * math.log(1.0 + (n - df + 0.5) / (df + 0.5))
            total += w
            if not df or (df > cap and not k.startswith("~")):
                continue
            for slot in self._postings[k]:
                scores[slot] += w
        if total <= 0:
            return []
        final = list(map(operator.mul, scores, self._factor))
        slots, pool = self._slots, limit * 4
        while True:  # the best `pool` slots; more when dead slots or `accept` leave fewer than `limit`
            hits: list[Hit[T]] = []
            for slot in heapq.nlargest(pool, range(len(final)), key=final.__getitem__):
                entry = slots[slot]
                if final[slot] <= 0:
                    break
                if entry is not None and (accept is None or accept(entry.item)):
                    hits.append(Hit(entry.key, entry.item, round(min(1.0, final[slot] / total), 4)))
                    if len(hits) == limit:
                        return hits
            if pool >= len(final):
                return hits
            pool *= 4

    def _length_factor(self, length: float, average: float) -> float:
        return (K1 + 1) / (1 + K1 * (1 - B + B * length / max(average, 1.0)))

    def _maybe_refactor(self) -> None:
        n = len(self._slot_of)
        average = self._total_length / n if n else 0.0
        if self._factor_avg and abs(average - self._factor_avg) <= DRIFT * self._factor_avg:
            return
        self._factor_avg = average
        for slot, length in enumerate(self._length):
            self._factor[slot] = self._length_factor(length, average)

    def _compact(self) -> None:
        live = [(e, self._length[s]) for s, e in enumerate(self._slots) if e is not None]
        self._slots, self._length, self._factor = [], array("d"), array("d")
        self._slot_of, self._postings = {}, {}
        for slot, (entry, length) in enumerate(live):
            self._slots.append(entry)
            self._slot_of[entry.key] = slot
            self._length.append(length)
            self._factor.append(self._length_factor(length, self._factor_avg or length))
            for k in entry.keys:
                posting = self._postings.get(k)
                if posting is None:
                    self._postings[k] = array("i", (slot,))
                else:
                    posting.append(slot)
