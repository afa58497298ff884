"""The Teams send budget: 7 per second per thread, 60 per 30 s, 50 per second per tenant (fixed clock), and the
msrest pipeline step that applies it on botbuilder."""

from bot.edge.send_budget import PER_TENANT, PER_THREAD, SENDING_TENANT, SendBudget, SlidingWindow


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def fill(window: SlidingWindow, key: str, clock: Clock, count: int, step: float) -> list[float]:
    """Delays seen while sending `count` events spaced `step` seconds apart (waiting when told to)."""
    waits = []
    for _ in range(count):
        wait = window.delay(key)
        waits.append(wait)
        clock.now += wait
        window.record(key)
        clock.now += step
    return waits


def test_seven_per_second_per_thread_then_wait() -> None:
    clock = Clock()
    window = SlidingWindow(PER_THREAD, clock)
    waits = fill(window, "19:thread", clock, 8, 0.0)
    assert waits[:7] == [0.0] * 7 and abs(waits[7] - 1.0) < 1e-9
    assert window.delay("19:other") == 0.0  # threads are independent


def test_sixty_per_thirty_seconds() -> None:
    clock = Clock()
    window = SlidingWindow(PER_THREAD, clock)
    waits = fill(window, "t", clock, 61, 0.2)  # 5 per second: under 7/s, but 61 within 30 s is too many
    assert all(w == 0.0 for w in waits[:60]) and waits[60] > 0


def test_fifty_per_second_per_tenant() -> None:
    clock = Clock()
    window = SlidingWindow(PER_TENANT, clock)
    waits = fill(window, "tenant", clock, 51, 0.0)
    assert waits[:50] == [0.0] * 50 and abs(waits[50] - 1.0) < 1e-9


def test_idle_keys_are_forgotten_once_there_are_many() -> None:
    """A bot running for months sends to ever new conversations: the window keeps only keys that can still delay."""
    clock = Clock()
    window = SlidingWindow(PER_THREAD, clock, max_keys=100)
    for i in range(1_000):
        window.record(f"19:thread-{i}")
        assert f"19:thread-{i}" in window._events  # pruning never drops the key just recorded
        clock.now += 1.0  # one new conversation per second: at most the last 30 can still matter
    assert len(window._events) <= 2 * 100
    assert all(f"19:thread-{i}" in window._events for i in range(970, 1_000))  # the last 30 s are all kept
    busy = "19:busy"
    fill(window, busy, clock, 7, 0.0)
    for i in range(1_000):
        window.record(f"19:later-{i}")  # a burst of new keys in the same instant: none idle yet, nothing forgotten
    assert window.delay(busy) > 0  # the budget of a recent key survives pruning
    assert len(window._events) > 1_000


async def test_acquire_waits_instead_of_dropping() -> None:
    import time

    window = SlidingWindow(((2, 0.05),))
    started = time.monotonic()
    for _ in range(5):  # 2 per 50 ms: the fifth may start only after two full windows
        await window.acquire("k")
    assert time.monotonic() - started >= 0.1


class _Answer:
    """The next pipeline step: answers at once."""

    async def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
        return "sent"


def _request(url: str, method: str = "POST"):  # type: ignore[no-untyped-def]
    from msrest.pipeline import Request
    from msrest.universal_http import ClientRequest

    return Request(ClientRequest(method, url))


async def test_the_tenant_budget_is_per_tenant_of_the_turn() -> None:
    from bot.teams.rate_limit import TeamsRateLimitPolicy

    clock = Clock()
    policy = TeamsRateLimitPolicy(SendBudget(SlidingWindow(PER_THREAD, clock), SlidingWindow(PER_TENANT, clock)))
    policy.next = _Answer()  # type: ignore[assignment]
    token = SENDING_TENANT.set("tenant-a")
    try:
        for n in range(50):
            await policy.send(_request(f"https://smba.example/v3/conversations/a:chat-{n}/activities"))
    finally:
        SENDING_TENANT.reset(token)
    assert policy.budget.tenant.delay("tenant:tenant-a") > 0  # tenant A spent its second
    assert policy.budget.tenant.delay("tenant:tenant-b") == 0.0  # tenant B did not
    assert policy.budget.threads.delay("a:chat-0") == 0.0  # one send per thread: far from 7/s


async def test_the_adapter_sets_the_sending_tenant_for_each_turn() -> None:
    from botbuilder.core import TurnContext
    from botbuilder.schema import Activity

    from tests.support import activities as a
    from tests.support.teams import make_adapter

    adapter, seen = make_adapter(), []

    async def logic(turn_context: TurnContext) -> None:
        seen.append(SENDING_TENANT.get())

    activity = Activity().deserialize(a.message("http://127.0.0.1:9/", "相談"))
    await adapter.run_pipeline(TurnContext(adapter, activity), logic)
    assert seen == [a.TENANT] and SENDING_TENANT.get() == ""
