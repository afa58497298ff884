"""Notifications are never dropped: what fails after the notifier's retries waits in the outbox and goes out later;
a 403 is given up and kept for operators.

Deterministic: the test waits for the click's background notification itself (`drain`), moves the app's clock
instead of sleeping, and runs the outbox's due-pass (`retry_due`) by hand rather than waiting for its loop."""

from datetime import timedelta

from app import runtime_key
from storage.orm import OutboxRow
from tests.support.conversation import click, new_consultation, rows
from tests.support.harness import Harness, both_hosts

NOTIFICATION_TIMEOUT = 30.0  # seconds; an upper bound for the notifier's own retries (Retry-After: 0), never waited


async def click_and_let_the_notification_finish(harness: Harness, cid: int, card_id: str) -> None:
    """Press 対応中; the requester's notification runs after the answer: wait until it has finished, however it ended."""
    status, _ = await click(harness, "consultation.start", {"consultation_id": cid}, card_id)
    assert status == 200  # the clicker's answer does not wait for the notification
    await harness.app[runtime_key].drain(grace=NOTIFICATION_TIMEOUT)
    assert not harness.connector.failures, "every scripted answer was used"


@both_hosts
async def test_failed_notification_is_queued_and_delivered_later(harness) -> None:
    cid, card_id = await new_consultation(harness)
    notifier = harness.app[runtime_key].deps.notifier
    # the card update passes (status 0), then every try of the notifier fails
    harness.connector.failures.extend([(0, {}), *[(503, {"Retry-After": "0"})] * 3])
    await click_and_let_the_notification_finish(harness, cid, card_id)
    [entry] = await rows(harness, OutboxRow)
    assert entry.kind == "notify" and entry.done_at is None and not entry.dead
    assert "対応中" in entry.payload["text"]
    queued_at = entry.next_attempt_at

    before = len(harness.connector.sent)
    assert await notifier.retry_due() == 0  # not due yet (backoff: a minute)
    assert len(harness.connector.sent) == before
    [entry] = await rows(harness, OutboxRow)
    assert entry.next_attempt_at == queued_at and entry.done_at is None  # not leased, not touched

    harness.clock.set(harness.clock.now() + timedelta(minutes=5))  # the app's clock: the backoff has passed
    assert await notifier.retry_due() == 1
    assert len(harness.connector.sent) == before + 1 and "対応中" in harness.connector.sent[-1].text
    [entry] = await rows(harness, OutboxRow)
    assert entry.done_at is not None
    assert await notifier.retry_due() == 0  # delivered once, never again
    assert len(harness.connector.sent) == before + 1


@both_hosts
async def test_forbidden_is_given_up_and_not_retried(harness) -> None:
    cid, card_id = await new_consultation(harness)
    notifier = harness.app[runtime_key].deps.notifier
    harness.connector.failures.extend([(0, {}), (403, {})])
    await click_and_let_the_notification_finish(harness, cid, card_id)
    assert [hit.status for hit in harness.connector.hits[-2:]] == [200, 403]  # the update, then the refused send
    assert await rows(harness, OutboxRow) == []  # nothing to retry: the bot cannot write there

    before = len(harness.connector.hits)
    harness.clock.set(harness.clock.now() + timedelta(hours=2))  # past any backoff
    assert await notifier.retry_due() == 0
    assert len(harness.connector.hits) == before  # the due-pass sent nothing
