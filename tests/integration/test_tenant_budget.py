"""Teams allows a bot 50 sends per second per tenant, and a city hall is one tenant: every request the bot makes
into Teams counts against the tenant of the turn that causes it, on both hosts, including the 1:1 notice a card
action sends afterwards through a stored reference that names no tenant (Teams' own references do; a gap there
would let notices through the budget uncounted)."""

from app import runtime_key
from bot.edge.send_budget import PER_TENANT, PER_THREAD, SendBudget, SlidingWindow
from storage.orm import ConsultationRow
from tests.support import activities as a
from tests.support.conversation import click, remember_department, rows, say
from tests.support.factories import CLEAR_BPR
from tests.support.harness import Harness, both_hosts


def frozen_budget(harness: Harness) -> SendBudget:
    """A fresh budget on a clock that never moves (nothing is forgotten while the test runs), given to the host's
    connection pool before its first send."""
    adapter = harness.app[runtime_key].edge.adapter
    pool = adapter.connectors.pool if harness.host == "agents" else adapter.bot_framework_authentication.connectors.http
    pool.budget = SendBudget(SlidingWindow(PER_THREAD, lambda: 0.0), SlidingWindow(PER_TENANT, lambda: 0.0))
    return pool.budget


@both_hosts
async def test_a_card_action_and_the_notice_it_causes_count_against_the_tenant(harness: Harness) -> None:
    budget = frozen_budget(harness)
    await remember_department(harness, "aad-requester", "総務課")
    await say(harness, CLEAR_BPR)
    [row] = await rows(harness, ConsultationRow)
    before = len(harness.connector.hits)

    await click(harness, "consultation.start", {"consultation_id": row.id}, row.card_activity_id)
    await harness.connector.wait_for(lambda: len(harness.connector.hits) >= before + 2)  # the card PUT, the notice

    counted = budget.tenant._events
    assert set(counted) == {f"tenant:{a.TENANT}"}
    assert len(counted[f"tenant:{a.TENANT}"]) == len(harness.connector.hits)
