"""Notifications are never dropped: what fails after the notifier's retries waits in the outbox and goes out later;
a 403 is given up and kept for operators."""

import asyncio
from datetime import timedelta

from app import runtime_key
from storage.orm import OutboxRow
from tests.support.conversation import click, new_consultation, rows


async def test_failed_notification_is_queued_and_delivered_later(harness) -> None:
    cid, card_id = await new_consultation(harness)
    notifier = harness.app[runtime_key].deps.notifier
    # the card update passes (status 0), then every try of the notifier fails
    harness.connector.failures.extend([(0, {}), *[(503, {"Retry-After": "0"})] * 3])
    status, _ = await click(harness, "consultation.start", {"consultation_id": cid}, card_id)
    assert status == 200  # the clicker's answer does not wait for the notification
    await harness.connector.wait_for(lambda: not harness.connector.failures, timeout=10)
    for _ in range(100):
        if await rows(harness, OutboxRow):
            break
        await asyncio.sleep(0.05)
    [entry] = await rows(harness, OutboxRow)
    assert entry.kind == "notify" and entry.done_at is None and not entry.dead
    assert "対応中" in entry.payload["text"]
    before = len(harness.connector.sent)
    assert await notifier.retry_due() == 0  # not due yet (backoff)
    clock = harness.app[runtime_key].deps.clock
    later = clock.now() + timedelta(minutes=5)
    notifier._clock = type("Later", (), {"now": staticmethod(lambda: later)})()
    assert await notifier.retry_due() == 1
    assert "対応中" in harness.connector.sent[-1].text and len(harness.connector.sent) == before + 1
    [entry] = await rows(harness, OutboxRow)
    assert entry.done_at is not None


async def test_forbidden_is_given_up_and_not_retried(harness) -> None:
    cid, card_id = await new_consultation(harness)
    notifier = harness.app[runtime_key].deps.notifier
    harness.connector.failures.extend([(0, {}), (403, {})])
    await click(harness, "consultation.start", {"consultation_id": cid}, card_id)
    await harness.connector.wait_for(lambda: not harness.connector.failures, timeout=10)
    await asyncio.sleep(0.2)
    assert await rows(harness, OutboxRow) == []  # nothing to retry: the bot cannot write there
    assert await notifier.retry_due() == 0
