"""A closed-loop load generator: `concurrency` workers each POST an activity to the bot and wait for the answer
before sending the next one (aiohttp client, keep-alive, loopback).

Used by bench/run.py; on its own: .venv/bin/python -m bench.load URL --seconds 5 --concurrency 8 (echo-style messages).
"""

import argparse
import asyncio
import json
import math
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import aiohttp

# Builds the i-th request body (an activity). It may await, e.g. to take a consultation that is not in flight.
Payload = Callable[[int], Awaitable[dict]]
# Called with the i-th body and the HTTP status once the answer is in (e.g. to give the consultation back).
Done = Callable[[int, dict, int], Awaitable[None]]


@dataclass
class LoadResult:
    concurrency: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, of requests answered as expected
    statuses: Counter = field(default_factory=Counter)
    errors: int = 0  # unexpected status or transport error
    error_samples: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile_ms(self, p: float) -> float:
        """Nearest-rank percentile of the successful requests' latency, in milliseconds."""
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        rank = max(1, math.ceil(p / 100 * len(ordered)))
        return ordered[rank - 1] * 1000


async def run_load(
    url: str,
    payload: Payload,
    *,
    concurrency: int,
    expected: frozenset[int] = frozenset({200, 201}),
    total: int | None = None,
    seconds: float | None = None,
    done: Done | None = None,
    on_progress: Callable[[int], Awaitable[None]] | None = None,
    progress_every: int = 0,
    request_timeout: float = 30.0,
) -> LoadResult:
    """Send until `total` requests were sent or `seconds` have passed (whichever is given; both: the first).
    `on_progress(n)` is awaited after every `progress_every` answers, with the load paused (workers wait)."""
    if total is None and seconds is None:
        raise ValueError("give total, seconds or both")
    result = LoadResult(concurrency)
    numbers = iter(range(total if total is not None else 1 << 62))
    deadline = time.perf_counter() + seconds if seconds is not None else math.inf
    gate = asyncio.Event()
    gate.set()
    answered = 0
    headers = {"Content-Type": "application/json"}
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    client_timeout = aiohttp.ClientTimeout(total=request_timeout)

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal answered
        while True:
            await gate.wait()
            if time.perf_counter() >= deadline:
                return
            i = next(numbers, None)
            if i is None:
                return
            body = await payload(i)
            data = json.dumps(body, ensure_ascii=False).encode()
            started = time.perf_counter()
            status = 0
            try:
                async with session.post(url, data=data, headers=headers) as response:
                    await response.read()
                    status = response.status
            except (aiohttp.ClientError, TimeoutError) as error:
                if len(result.error_samples) < 5:
                    result.error_samples.append(f"{type(error).__name__}: {error}")
            elapsed = time.perf_counter() - started
            result.statuses[status] += 1
            if status in expected:
                result.latencies.append(elapsed)
            else:
                result.errors += 1
                if status and len(result.error_samples) < 5:
                    result.error_samples.append(f"HTTP {status}")
            if done is not None:
                await done(i, body, status)
            answered += 1
            if on_progress is not None and progress_every and answered % progress_every == 0:
                gate.clear()  # pause the others while the probe runs (a closed loop holds still)
                try:
                    await on_progress(answered)
                finally:
                    gate.set()

    async with aiohttp.ClientSession(connector=connector, timeout=client_timeout) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        result.seconds = time.perf_counter() - started
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="closed-loop load against one bot URL (plain echo messages)")
    parser.add_argument("url")
    parser.add_argument("--service-url", default="http://127.0.0.1:3990/")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()

    async def message(i: int) -> dict:
        return {
            "type": "message",
            "id": f"load-{i}",
            "channelId": "msteams",
            "serviceUrl": args.service_url,
            "from": {"id": "29:load", "aadObjectId": "aad-load"},
            "recipient": {"id": "28:bot"},
            "conversation": {"id": "a:load", "conversationType": "personal"},
            "text": f"hello {i}",
        }

    result = asyncio.run(run_load(args.url, message, concurrency=args.concurrency, seconds=args.seconds))
    print(
        f"{result.requests} requests in {result.seconds:.1f} s: {result.throughput:.1f} req/s, "
        f"p50 {result.percentile_ms(50):.1f} ms, p99 {result.percentile_ms(99):.1f} ms, errors {result.errors}"
    )


if __name__ == "__main__":
    main()
