"""Clocks for tests: every date a test sees comes from one of these, never from the machine.

`FixedClock` stands still (unit tests, jobs at a chosen slot). `TickingClock` starts at a chosen instant and then
advances with the machine's monotonic clock, so code that waits for time to pass (outbox backoff, caches, rate
limits) behaves as in production while the date stays the test's.
"""

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

JST = ZoneInfo("Asia/Tokyo")

# The default instant of the suite: Saturday 2026-11-28 10:00 JST, fiscal year 令和8 (R8).
DEFAULT_NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.value = now

    def now(self) -> datetime:
        return self.value

    def advance(self, **delta: float) -> None:
        self.value += timedelta(**delta)


class TickingClock:
    def __init__(self, start: datetime = DEFAULT_NOW) -> None:
        self._start = start
        self._origin = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._origin)

    def set(self, instant: datetime) -> None:
        """Jump to `instant`; time goes on ticking from there."""
        self._start, self._origin = instant, time.monotonic()


def jst(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware JST instant, for readable test dates."""
    return datetime(year, month, day, hour, minute, tzinfo=JST)
