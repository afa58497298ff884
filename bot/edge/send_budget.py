"""Teams' send budget, free of either SDK: per conversation (thread) 7 sends per second and 60 per 30 s, and per
tenant 50 requests per second (TEAMS-FACTS.md §1). A sliding window per key; callers wait, nothing is dropped.

The tenant of a send is the tenant of the turn it belongs to: each host's adapter sets `SENDING_TENANT` around every
turn (inbound or proactive), and work spawned by the turn inherits it with the context. Each host applies the budget
to its own HTTP client: an msrest pipeline step on botbuilder (bot/teams/rate_limit.py), an aiohttp client
middleware on the Agents SDK (bot/agents/connector.py); both call `SendBudget.before_send`."""

import asyncio
import re
import time
from collections import deque
from collections.abc import Callable
from contextvars import ContextVar

PER_THREAD = ((7, 1.0), (60, 30.0))  # (sends, seconds)
PER_TENANT = ((50, 1.0),)
SENDING_TENANT: ContextVar[str] = ContextVar("teams_sending_tenant", default="")
_CONVERSATION = re.compile(r"/v3/conversations/([^/?]+)")


class SlidingWindow:
    """At most `limit` events in any `seconds` window, for each (key, window).

    Keys are conversations and tenants: a long-running bot meets new ones every day, so once more than `max_keys`
    are held, keys with no event inside the longest window are forgotten (they could not delay anything)."""

    def __init__(
        self,
        windows: tuple[tuple[int, float], ...],
        clock: Callable[[], float] = time.monotonic,
        *,
        max_keys: int = 10_000,
    ) -> None:
        self._windows, self._clock = windows, clock
        self._longest = max(seconds for _, seconds in windows)
        self._events: dict[str, deque[float]] = {}
        self._lock = asyncio.Lock()
        self._max_keys = self._prune_at = max_keys

    def delay(self, key: str) -> float:
        """Seconds to wait before the next event for `key` may happen (0 when it may happen now)."""
        events = self._events.get(key)
        if not events:
            return 0.0
        now = self._clock()
        while events and now - events[0] >= self._longest:
            events.popleft()
        wait = 0.0
        for limit, seconds in self._windows:
            recent = [t for t in events if now - t < seconds]
            if len(recent) >= limit:
                wait = max(wait, recent[-limit] + seconds - now)
        return wait

    def record(self, key: str) -> None:
        """Count an event for `key` now."""
        now = self._clock()
        events = self._events.get(key)
        if events is None:
            events = self._events[key] = deque()
        events.append(now)
        if len(self._events) > self._prune_at:
            self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        self._events = {k: v for k, v in self._events.items() if v and now - v[-1] < self._longest}
        self._prune_at = max(self._max_keys, 2 * len(self._events))  # amortised: prune again after as many new keys

    async def acquire(self, key: str) -> None:
        while True:
            async with self._lock:
                wait = self.delay(key)
                if wait <= 0:
                    self.record(key)
                    return
            await asyncio.sleep(wait)


class SendBudget:
    """The budgets one process shares between all its HTTP clients to the Bot Connector."""

    def __init__(self, threads: SlidingWindow | None = None, tenant: SlidingWindow | None = None) -> None:
        self.threads = threads or SlidingWindow(PER_THREAD)
        self.tenant = tenant or SlidingWindow(PER_TENANT)

    async def before_send(self, method: str, url: str) -> None:
        """Wait until this request fits: every request counts against the sending turn's tenant, and every send
        (POST or PUT) into a conversation against that conversation's budget too."""
        await self.tenant.acquire(f"tenant:{SENDING_TENANT.get()}")
        match = _CONVERSATION.search(url)
        if method in ("POST", "PUT") and match:
            await self.threads.acquire(match.group(1))
