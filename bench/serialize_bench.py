"""µs per request body: msrest's stock `Serializer.body(activity, "Activity")` against the connector clients'
WireSerializer (bot/teams/wire_json.py), for a typical status card reply; and the Action.Execute invoke body.

Run: .venv/bin/python -m bench.serialize_bench [repeats]
"""

import copy
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime

from botbuilder.core.serializer_helper import serializer_helper
from botbuilder.schema import Activity, AdaptiveCardInvokeResponse, ChannelAccount, ConversationAccount
from botframework.connector import models
from msrest import Serializer

from bot.cards.status_card import status_card
from bot.domain.category import Category
from bot.domain.consultation import CategorySource, Consultation, Person, Status
from bot.teams.translate import CARD_CONTENT_TYPE, invoke_response, reply_activity
from bot.teams.wire_json import WireSerializer
from bot.turn import Reply

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
SUPPORT = Person("aad-support", "佐藤 一郎")
RUNS = 7


def typical_card() -> dict:
    """The status card a support member gets after intake: assigned, 3 members to assign to, one refresh id."""
    c = Consultation(
        id=42,
        number="R8-0042",
        fiscal_year=2026,
        seq=42,
        title="押印の見直し",
        body="申請書の押印を廃止して、電子決裁に切り替えたい。",
        category=Category.BPR,
        confidence=0.8,
        category_source=CategorySource.AUTO,
        status=Status.ASSIGNED,
        requester=Person("aad-requester", "山田 花子"),
        department="総務課",
        created_at=NOW,
        updated_at=NOW,
        assignee=SUPPORT,
    )
    members = [SUPPORT, Person("aad-other", "田中 三郎"), Person("aad-third", "鈴木 次郎")]
    return status_card(c, "ja", members=members, refresh_ids=["29:requester"])


def typical_activity(card: dict) -> Activity:
    """The reply as botbuilder hands it to `reply_to_activity`: the conversation reference applied."""
    activity = reply_activity(Reply(card=card))
    activity.channel_id, activity.service_url = "msteams", "https://smba.trafficmanager.net/jp/"
    activity.from_property = ChannelAccount(id="28:consult-bot", name="相談ボット")
    activity.recipient = ChannelAccount(id="29:requester", name="山田 花子", aad_object_id="aad-requester")
    activity.conversation = ConversationAccount(id="a:personal-requester", conversation_type="personal")
    activity.reply_to_id, activity.locale = "in-1000", "ja-JP"
    return activity


def per_call_us(fn: Callable[[], object], repeats: int) -> float:
    """Median over RUNS of the mean µs per call."""
    fn()
    runs = []
    for _ in range(RUNS):
        start = time.perf_counter()
        for _ in range(repeats):
            fn()
        runs.append((time.perf_counter() - start) / repeats * 1e6)
    return statistics.median(runs)


def main(repeats: int = 300) -> None:
    client_models = {k: v for k, v in models.__dict__.items() if isinstance(v, type)}  # as ConnectorClient does
    stock, wire = Serializer(client_models), WireSerializer(client_models)
    card = typical_card()
    activity = typical_activity(card)
    assert stock.body(copy.deepcopy(activity), "Activity") == wire.body(copy.deepcopy(activity), "Activity")
    stock_invoke = AdaptiveCardInvokeResponse(status_code=200, type=CARD_CONTENT_TYPE, value=card)
    wire_invoke = invoke_response(Reply(card=card))
    assert serializer_helper(stock_invoke) == serializer_helper(wire_invoke)

    print(f"typical status card: {len(str(card))} chars of card, median of {RUNS} runs × {repeats} calls")
    rows = [
        (
            'body(activity, "Activity")',
            lambda: stock.body(activity, "Activity"),
            lambda: wire.body(activity, "Activity"),
        ),
        (
            "invoke body (serializer_helper)",
            lambda: serializer_helper(stock_invoke),
            lambda: serializer_helper(wire_invoke),
        ),
    ]
    print(f"{'what':34} {'stock µs':>10} {'fast µs':>10} {'ratio':>7}")
    for name, slow, fast in rows:
        slow_us, fast_us = per_call_us(slow, repeats), per_call_us(fast, repeats)
        print(f"{name:34} {slow_us:10.1f} {fast_us:10.1f} {slow_us / fast_us:6.1f}×")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
