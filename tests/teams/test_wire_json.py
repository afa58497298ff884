"""wire_json gives byte-for-byte what stock msrest gives: request bodies of every card the bot sends and of odd
activities, generated values, invoke bodies, and the JSON the fake connector receives over real HTTP."""

import copy
import json
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum, IntEnum, StrEnum
from typing import Any

import pytest
from botbuilder.core import ActivityHandler, CardFactory, MessageFactory
from botbuilder.core.serializer_helper import DEPENDICIES_DICT
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import (
    Activity,
    AdaptiveCardInvokeResponse,
    Attachment,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    Entity,
    HeroCard,
    Mention,
)
from botframework.connector import models
from botframework.connector.auth import ClaimsIdentity
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msrest import Serializer

from bot.cards.verbs import Verb
from bot.settings import Settings
from bot.teams.connector_cache import ConnectorPool
from bot.teams.connector_http import HttpPool
from bot.teams.translate import CARD_CONTENT_TYPE, ERROR_CONTENT_TYPE, invoke_response, reply_activity
from bot.teams.wire_json import WireInvokeResponse, WireSerializer
from bot.turn import Reply
from tests import activities as a
from tests.cards.samples import all_sample_cards
from tests.fake_connector import FakeConnector

CLIENT_MODELS = {k: v for k, v in models.__dict__.items() if isinstance(v, type)}  # as ConnectorClient builds them
STOCK = Serializer(CLIENT_MODELS)
WIRE = WireSerializer(CLIENT_MODELS)
CARDS = all_sample_cards()
PROPERTY = settings(deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])


class Loud(StrEnum):
    A = "a"

    def __str__(self) -> str:  # msrest writes str(member) for a value and member.value for a key
        return "LOUD"


class Mixed(str, Enum):  # noqa: UP042 not a StrEnum: str() is "Mixed.X", and that is what msrest writes
    X = "x"


class Level(IntEnum):  # msrest writes str(member): "1", a string
    ONE = 1


def shape(value: Any) -> Any:
    """Types, values and key order: `==` alone takes True for 1 and a StrEnum member for its string."""
    if isinstance(value, dict):
        return ("dict", [(type(k), k, shape(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [shape(v) for v in value])
    return (type(value), value)


def assert_same_body(data: Any, data_type: str = "Activity") -> dict:
    expected = STOCK.body(copy.deepcopy(data), data_type)
    got = WIRE.body(copy.deepcopy(data), data_type)
    assert shape(got) == shape(expected)
    assert json.dumps(got, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)
    return got


def addressed(activity: Activity) -> Activity:
    """As botbuilder hands a reply to the connector: the conversation reference applied."""
    activity.channel_id, activity.service_url, activity.locale = "msteams", "https://smba.example/jp/", "ja-JP"
    activity.from_property = ChannelAccount(id=a.BOT["id"], name=a.BOT["name"])
    activity.recipient = ChannelAccount(id="29:requester", name="山田 花子", aad_object_id="aad-requester")
    activity.conversation = ConversationAccount(id=f"{a.CHANNEL};messageid=1", conversation_type="channel")
    activity.reply_to_id = "1"
    return activity


@pytest.mark.parametrize(("name", "card"), CARDS, ids=[name for name, _ in CARDS])
def test_every_card_the_bot_sends_serialises_as_msrest_does(name: str, card: dict) -> None:
    body = assert_same_body(addressed(reply_activity(Reply(text="受け付けました", card=card))))
    assert body["attachments"][0]["content"] == json.loads(json.dumps(card))  # the card itself, verbs as strings


def odd_activities() -> list[tuple[str, Activity]]:
    mention = Mention(
        mentioned=ChannelAccount(id="29:support", name="佐藤 一郎"), text="<at>佐藤 一郎</at>", type="mention"
    )
    content: dict[str, Any] = {
        "verb": Verb.START,
        Verb.HOLD: ["keyed by a StrEnum", Loud.A],
        Loud.A: {"loud key": True},
        "numbers": [0, -1, 2**70, 0.5, -0.0, 1e300, True, False, None],
        "nested": [[[], {}], [{"a": [None, {"b": "日本語の説明。改行\nも"}]}]],
        "unicode": '相談ボット 😀 \u200b \\ " ${x} {{x}}',
    }
    odd = [
        ("text only", MessageFactory.text("こんにちは、相談ボットです。")),
        ("mention and entities", MessageFactory.text("<at>佐藤 一郎</at> 対応お願いします")),
        (
            "channelData, value",
            Activity(
                type="message",
                channel_data={"notification": {"alert": True}, "n": [1, 2.5, None]},
                value={"verb": Verb.REFRESH, "data": {"consultation_id": 7}},
            ),
        ),
        ("empty attachments", Activity(type="message", attachments=[])),
        (
            "attachment without content",
            Activity(type="message", attachments=[Attachment(content_type="image/png", content_url="https://x/a.png")]),
        ),
        (
            "str, list, number, bool content",
            MessageFactory.list([Attachment(content_type="t", content=c) for c in ("文字列", [1, "2"], 3.5, 0, False)]),
        ),
        (
            "StrEnum values and keys",
            MessageFactory.attachment(Attachment(content_type=CARD_CONTENT_TYPE, content=content, name="card")),
        ),
        (
            "values msrest turns into strings",
            MessageFactory.attachment(
                Attachment(
                    content_type="t",
                    content={
                        "m": Mixed.X,
                        "i": Level.ONE,
                        "t": (1, 2),
                        "d": Decimal("1.50"),
                        "at": datetime(2026, 11, 28, 1, tzinfo=UTC),
                        3: "int key",
                    },
                )
            ),
        ),
        ("a model as content", MessageFactory.attachment(CardFactory.hero_card(HeroCard(title="見出し", text="本文")))),
        ("deep nesting", MessageFactory.attachment(Attachment(content_type="t", content=deep(150)))),
        ("a dict content", Activity(type="message", attachments=[{"contentType": "t", "content": {"verb": "x"}}])),
    ]
    odd[1][1].entities = [mention, Entity(type="clientInfo"), Mention(type="mention")]
    return [(name, addressed(activity)) for name, activity in odd]


def deep(depth: int) -> Any:
    value: Any = "底"
    for i in range(depth):
        value = {"d": [value, i]}
    return value


@pytest.mark.parametrize(("name", "activity"), odd_activities(), ids=[name for name, _ in odd_activities()])
def test_odd_activities_serialise_as_msrest_does(name: str, activity: Activity) -> None:
    assert_same_body(activity)


def test_other_bodies_serialise_as_msrest_does() -> None:
    card = dict(CARDS)["status/received/support[ja]"]
    activity = addressed(reply_activity(Reply(card=card)))
    parameters = ConversationParameters(
        is_group=False, bot=activity.from_property, activity=activity, channel_data={"tenant": {"id": a.TENANT}}
    )
    assert_same_body(parameters, "ConversationParameters")
    assert_same_body({"type": "message", "attachments": [{"contentType": "t", "content": card}]})  # a dict body


def test_no_model_msrest_knows_is_a_str_enum() -> None:
    """plain_json writes a StrEnum as msrest writes an unknown str subclass; a known one would be a model to msrest."""
    for known in (*CLIENT_MODELS.values(), *DEPENDICIES_DICT.values()):
        assert not issubclass(known, StrEnum), known


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(),
    st.sampled_from([*Verb, Loud.A]),
    st.sampled_from([Mixed.X, Level.ONE, (1, "2"), datetime(2026, 1, 1, tzinfo=UTC)]),  # left to msrest
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=5) | st.sampled_from([*Verb, Loud.A]) | st.integers(0, 3), inner, max_size=4)
    ),
    max_leaves=25,
)


@PROPERTY
@given(contents=st.lists(json_values, max_size=3), channel_data=json_values)
def test_generated_activities_serialise_as_msrest_does(contents: list[Any], channel_data: Any) -> None:
    attachments = [Attachment(content_type=CARD_CONTENT_TYPE, content=c) for c in contents]
    assert_same_body(Activity(type="message", text="本文", attachments=attachments, channel_data=channel_data))


def invoke_bodies(wire: AdaptiveCardInvokeResponse, stock: AdaptiveCardInvokeResponse) -> tuple[Any, Any]:
    """What ActivityHandler.on_invoke_activity puts in the InvokeResponse for each."""
    return (
        ActivityHandler._create_invoke_response(wire).body,
        ActivityHandler._create_invoke_response(stock).body,
    )


@pytest.mark.parametrize(
    "reply",
    [
        Reply(card=dict(CARDS)["status/hostile-text[ja]"]),
        Reply(text="完了しました"),
        Reply.bad_request("不正な操作です"),
    ],
    ids=["card", "text", "error"],
)
def test_invoke_bodies_are_msrest_bodies(reply: Reply) -> None:
    wire = invoke_response(reply)
    stock = AdaptiveCardInvokeResponse(status_code=wire.status_code, type=wire.type, value=wire.value)
    got, expected = invoke_bodies(wire, stock)
    assert list(got) == ["statusCode", "type", "value"]
    assert shape(got) == shape(expected)
    assert json.dumps(got, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)
    assert wire.serialize() == stock.serialize()
    assert got["type"] == (ERROR_CONTENT_TYPE if reply.status >= 400 else CARD_CONTENT_TYPE)


@pytest.mark.parametrize(
    "fields",
    [
        {"status_code": 200, "type": CARD_CONTENT_TYPE, "value": {"m": Mixed.X, "verb": Verb.CLOSE, "n": None}},
        {"status_code": Level.ONE, "type": Verb.START, "value": {Loud.A: Loud.A}},
        {"status_code": 200},
        {},
    ],
    ids=["msrest's own strings", "enum fields", "no value", "nothing"],
)
def test_invoke_bodies_of_odd_fields_are_msrest_bodies(fields: dict[str, Any]) -> None:
    got, expected = invoke_bodies(WireInvokeResponse(**fields), AdaptiveCardInvokeResponse(**fields))
    assert shape(got) == shape(expected)


def test_an_invoke_body_follows_its_fields() -> None:
    response = invoke_response(Reply(text="古い"))
    response.value, response.status_code = {"type": "AdaptiveCard", "body": []}, 202
    assert ActivityHandler._create_invoke_response(response).body == {
        "statusCode": 202,
        "type": CARD_CONTENT_TYPE,
        "value": {"type": "AdaptiveCard", "body": []},
    }


async def test_the_connector_receives_the_same_json_as_from_a_stock_client(
    connector: tuple[FakeConnector, str],
) -> None:
    fake, url = connector
    auth = ConfigurationBotFrameworkAuthentication(Settings(database_url="sqlite://").bot_auth())
    factory = auth.create_connector_factory(ClaimsIdentity({}, True))
    pool = ConnectorPool(HttpPool())
    pooled = await pool.client(factory, url, None)
    assert isinstance(pooled.conversations._serialize, WireSerializer)
    activities = [addressed(reply_activity(Reply(text="受け付けました", card=card))) for _, card in CARDS[:6]]
    activities += [activity for _, activity in odd_activities()]
    try:
        async with await factory.create(url, None) as stock:  # what botbuilder builds per turn
            for client in (stock, pooled):
                for activity in activities:
                    conversations = client.conversations
                    await conversations.reply_to_activity("a:c", "1", copy.deepcopy(activity))
                    await conversations.send_to_conversation("a:c", copy.deepcopy(activity))
                    await conversations.update_activity("a:c", "9", copy.deepcopy(activity))
    finally:
        await pool.http.close()
    n = len(activities)
    assert len(fake.sent) == 4 * n and len(fake.updated) == 2 * n  # stock's requests first, then the pooled client's
    from_stock, from_pooled = fake.sent[: 2 * n] + fake.updated[:n], fake.sent[2 * n :] + fake.updated[n:]
    assert from_pooled[0].cards and from_pooled[0].cards[0]["body"]
    assert [json.dumps(r.body, ensure_ascii=False) for r in from_pooled] == [
        json.dumps(r.body, ensure_ascii=False) for r in from_stock
    ]
