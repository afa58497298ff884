"""CaseLibrary: the similarity index of one database's consultations, kept in step with the database.

Several app instances write to one database, so no instance can rely on hearing about every change. Before each
query the caller reads the rows that changed since the library's cursor (`cursor()`: rows whose `updated_at` is at
or after the newest one seen, or whose id is above the highest one seen) and `apply`s them; only those entries are
re-indexed, so a query under a steady stream of new consultations reads only the few rows since the last one. At
most every SWEEP_SECONDS the cursor reaches back OVERLAP further (a sweep): that covers a transaction that committed
after a later one was read, and clocks of instances that differ by less than it. A row re-read with the same
version is skipped. On a sweep the caller also compares the number of rows with `known()`; when they differ (a bulk
import committed out of order) it applies every row.

Withdrawn consultations are kept out: nothing was done that another department could reuse.
"""

import asyncio
import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from bot.domain.consultation import Consultation, Status
from bot.domain.search import normalize_for_search
from bot.domain.similar import SimilarCase, case_of, display_order
from bot.similarity.features import DEFAULT, FeatureConfig, text_of
from bot.similarity.index import SimilarityIndex

OVERLAP = timedelta(minutes=5)
MIN_SCORE = 0.03  # below this a "similar" case shares little more than a common word
RELATIVE = 0.3  # and a case scoring less than 0.3 of the best one is not shown either
POOL = 3  # candidates read per place shown, before completed ones are moved up
SWEEP_SECONDS = 60.0  # how often a refresh reaches back OVERLAP (and counts the rows)


class CaseLibrary:
    def __init__(self, config: FeatureConfig = DEFAULT) -> None:
        self.index: SimilarityIndex[SimilarCase] = SimilarityIndex(config)
        self.lock = asyncio.Lock()  # one refresh at a time per process
        self._seen: dict[int, tuple[int, datetime]] = {}  # id -> (version, updated_at) of every row applied
        self._newest: datetime | None = None
        self._highest_id = 0
        self._refreshed = -math.inf  # time.monotonic() of the last refresh
        self._swept = -math.inf  # time.monotonic() of the last sweep

    def age(self) -> float:
        """Seconds since the library was last brought up to date (infinite before the first time)."""
        return time.monotonic() - self._refreshed

    def refreshed(self) -> None:
        self._refreshed = time.monotonic()

    def sweep_due(self) -> bool:
        """Whether the next refresh reaches back OVERLAP and counts the rows (every SWEEP_SECONDS, and the first)."""
        return time.monotonic() - self._swept >= SWEEP_SECONDS

    def swept(self) -> None:
        self._swept = time.monotonic()

    def cursor(self, *, sweep: bool = False) -> tuple[datetime | None, int]:
        """(updated at or after, or id above) for the next read; (None, 0) before the first: read everything. A sweep
        reaches back OVERLAP before the newest row seen."""
        if self._newest is None:
            return None, self._highest_id
        return (self._newest - OVERLAP if sweep else self._newest), self._highest_id

    def known(self) -> int:
        """How many rows have been applied (withdrawn ones included), to compare with the table's row count."""
        return len(self._seen)

    def apply(self, rows: Iterable[Consultation]) -> int:
        """Index what changed; returns how many entries were (re)indexed or removed. A row no newer than what the
        library holds for it (re-read, or read before this process's own write of it was noted) is skipped."""
        changed = 0
        for c in rows:
            changed += self._index(c)
            if self._newest is None or c.updated_at > self._newest:
                self._newest = c.updated_at
            self._highest_id = max(self._highest_id, c.id)
        return changed

    def note(self, rows: Iterable[Consultation]) -> None:
        """Index consultations this process has just written (whole, committed): the next card finds them without
        reading the database. The cursor stays where it was, so the next refresh still reads every row another
        instance wrote meanwhile (these ones again too, skipped as already known)."""
        for c in rows:
            self._index(c)

    def _index(self, c: Consultation) -> int:
        stamp = (c.version, c.updated_at)
        seen = self._seen.get(c.id)
        if seen is not None and seen >= stamp:
            return 0
        self._seen[c.id] = stamp
        if c.status is Status.WITHDRAWN:
            self.index.remove(c.id)
        else:
            self.index.upsert(c.id, text_of(c.title, c.body), case_of(c))
        return 1

    def replace_all(self, rows: Sequence[Consultation]) -> int:
        """Apply every row of the table and forget the ids it no longer has."""
        present = {c.id for c in rows}
        for gone in [i for i in self._seen if i not in present]:
            del self._seen[gone]
            self.index.remove(gone)
        return self.apply(rows)

    def similar(self, text: str, *, limit: int, before: Consultation | None = None) -> list[SimilarCase]:
        """Up to `limit` cases like `text`, completed first (see display_order); with `before`, only cases created
        before that consultation (at the same instant: with a lower id)."""

        def wanted(s: SimilarCase) -> bool:
            return before is None or (s.created_at, s.id) < (before.created_at, before.id)

        hits = self.index.search(text, limit=limit * POOL, accept=wanted)
        if not hits:
            return []
        floor = max(MIN_SCORE, hits[0].score * RELATIVE)
        close = [replace(h.item, score=h.score) for h in hits if h.score >= floor]
        return display_order(close)[:limit]

    def solutions(self, keywords: Sequence[str], *, limit: int) -> list[SimilarCase]:
        """Completed cases whose title, resolution or artefact holds every keyword (substrings, width and case
        folded as in 検索), 横展開候補 first, then the newest."""
        words = [normalize_for_search(k) for k in keywords if k.strip()]
        if not words:
            return []
        found = [
            s
            for s in self.index.items()
            if s.status is Status.DONE
            and all(w in normalize_for_search(f"{s.title}\n{s.resolution}\n{s.artefact}") for w in words)
        ]
        found.sort(key=lambda s: (not s.reusable, -s.created_at.timestamp(), -s.id))
        return found[:limit]
