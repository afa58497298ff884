"""wire_json gives byte-for-byte what stock msrest gives: request bodies of every card the bot sends and of odd
activities, generated values and activities, invoke bodies, and the JSON the fake connector receives over real HTTP;
and the common activities really take the fast model walk rather than msrest's."""

import copy
import json
import logging
import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum, IntEnum, StrEnum
from typing import Any, ClassVar

import pytest
from botbuilder.core import ActivityHandler, CardFactory, MessageFactory
from botbuilder.core.serializer_helper import DEPENDICIES_DICT
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import (
    Activity,
    ActivityImportance,
    ActivityTypes,
    AdaptiveCardInvokeResponse,
    Attachment,
    CardAction,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
    Entity,
    HeroCard,
    InputHints,
    Mention,
    MessageReaction,
    RoleTypes,
    SemanticAction,
    SuggestedActions,
    TextFormatTypes,
    TextHighlight,
)
from botbuilder.schema.teams import TeamsChannelAccount
from botframework.connector import models
from botframework.connector.auth import ClaimsIdentity
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msrest import Serializer
from msrest.serialization import Model

from bot.cards.verbs import Verb
from bot.edge.http_pool import HttpPool
from bot.settings import Settings
from bot.teams.connector_cache import ConnectorPool
from bot.teams.translate import CARD_CONTENT_TYPE, ERROR_CONTENT_TYPE, invoke_response, reply_activity
from bot.teams.wire_json import NotPlainJson, WireInvokeResponse, WireSerializer
from bot.turn import Reply
from tests.support import activities as a
from tests.support.card_samples import all_sample_cards
from tests.support.fake_connector import FakeConnector

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


def assert_fast_body(data: Any, data_type: str = "Activity") -> None:
    """The fast model walk alone, no msrest behind it, gives stock's body."""
    assert data_type == type(data).__name__
    expected = STOCK.body(copy.deepcopy(data), data_type)
    got = WireSerializer(CLIENT_MODELS).write_model(copy.deepcopy(data))  # fresh plans each time
    assert shape(got) == shape(expected)
    assert json.dumps(got, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)


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


LEFT_TO_MSREST = {"values msrest turns into strings", "a model as content", "a dict content"}


@pytest.mark.parametrize(("name", "activity"), odd_activities(), ids=[name for name, _ in odd_activities()])
def test_odd_activities_take_the_fast_walk_unless_msrest_must(name: str, activity: Activity) -> None:
    if name in LEFT_TO_MSREST:
        with pytest.raises(NotPlainJson):
            WIRE.write_model(copy.deepcopy(activity))
    else:
        assert_fast_body(activity)


@pytest.mark.parametrize(("name", "card"), CARDS, ids=[name for name, _ in CARDS])
def test_every_card_reply_takes_the_fast_walk(name: str, card: dict) -> None:
    assert_fast_body(addressed(reply_activity(Reply(text="受け付けました", card=card))))


JST = timezone(timedelta(hours=9))


def model_activities() -> list[tuple[str, Activity]]:
    """Every Activity field the bot or botbuilder sets, in the types they come in."""
    inbound = Activity().deserialize(
        a.message("https://smba.example/jp/", "相談 押印", conversation=a.channel_thread("7"))
    )
    reply = inbound.create_reply("受け付けました")
    reply.entities = [Mention(mentioned=inbound.from_property, text="<at>山田 花子</at>", type="mention")]
    everything = Activity(
        type=ActivityTypes.message,
        id="1:abc",
        timestamp=datetime(2026, 11, 28, 10, 0, 0, 123456, tzinfo=JST),
        local_timestamp=datetime(2026, 11, 28, 10, 0, tzinfo=JST),
        local_timezone="Asia/Tokyo",
        expiration=datetime(2027, 1, 1, tzinfo=UTC),
        text_format=TextFormatTypes.markdown,
        attachment_layout="carousel",
        members_added=[ChannelAccount(id="29:a", role=RoleTypes.user), None],
        members_removed=[TeamsChannelAccount(id="29:b", given_name="花子", user_principal_name="h@example.jp")],
        reactions_added=[MessageReaction(type="like")],
        reactions_removed=[],
        topic_name="",
        history_disclosed=False,
        text="",
        speak="<speak/>",
        input_hint=InputHints.accepting_input,
        summary="要約",
        suggested_actions=SuggestedActions(
            to=["29:a", None], actions=[CardAction(type="imBack", title="はい", value={"v": [1, None]})]
        ),
        channel_data=0,
        action="add",
        label="ラベル",
        value_type="application/json",
        value=False,
        name="adaptiveCard/action",
        relates_to=ConversationReference(
            activity_id="1", user=ChannelAccount(id="29:a"), conversation=ConversationAccount(id="c", tenant_id="t")
        ),
        code="completedSuccessfully",
        importance=ActivityImportance.high,
        delivery_mode="normal",
        listen_for=["はい", "いいえ"],
        text_highlights=[TextHighlight(text="押印", occurrence=1)],
        semantic_action=SemanticAction(id="s", entities={"e": Entity(type="x"), "none": None}, state="start"),
        caller_id="urn:botframework:azure",
    )
    tenant = addressed(Activity(type="message", text="テナント"))
    tenant.conversation = ConversationAccount(
        id="a:1", tenant_id=a.TENANT, is_group=True, name="相談窓口", properties={"k": ["v"]}
    )
    naive = Activity(type="message", timestamp=datetime(2026, 11, 28, 1, 0))  # msrest warns and takes it as UTC
    odd_str = Activity(type=Loud.A, locale=Level.ONE, text="列挙")  # a str field writes `.value`, even an int
    return [
        ("inbound, deserialised", inbound),
        ("reply created from it", reply),
        ("every field", everything),
        ("conversation with tenant", tenant),
        ("naive timestamp", naive),
        ("enums in str fields", odd_str),
        ("nothing", Activity()),
    ]


@pytest.mark.parametrize(("name", "activity"), model_activities(), ids=[name for name, _ in model_activities()])
def test_model_fields_take_the_fast_walk(name: str, activity: Activity) -> None:
    assert_same_body(activity)
    assert_fast_body(activity)


def test_a_naive_timestamp_logs_msrest_s_warning_once(caplog: pytest.LogCaptureFixture) -> None:
    activity = Activity(type="message", timestamp=datetime(2026, 11, 28, 1, 0))
    with caplog.at_level(logging.WARNING, logger="msrest.serialization"):
        STOCK.body(copy.deepcopy(activity), "Activity")
        stock_log = caplog.messages
        caplog.clear()
        WIRE.body(copy.deepcopy(activity), "Activity")
    assert caplog.messages == stock_log == ["Datetime with no tzinfo will be considered UTC."]


def without_speak() -> Activity:
    activity = Activity(type="message", text="x")
    del activity.speak
    return activity


def left_to_msrest() -> list[tuple[str, Any, str]]:
    """What msrest treats otherwise: the model walk refuses it and msrest's own body comes out."""
    return [
        ("timestamp as a string", Activity(type="message", timestamp="2026-11-28T10:00:00+09:00"), "Activity"),
        ("tuple of attachments", Activity(type="message", attachments=(Attachment(content_type="t"),)), "Activity"),
        ("dict entity", Activity(type="message", entities=[{"type": "clientInfo", "locale": "ja-JP"}]), "Activity"),
        ("dict sender", Activity(type="message", from_property={"id": "29:a", "name": "x"}), "Activity"),
        ("int in a str field", Activity(type="message", text=5), "Activity"),
        ("int in a bool field", Activity(type="message", history_disclosed=1), "Activity"),
        (
            "bool in an int field",
            Activity(type="message", text_highlights=[TextHighlight(occurrence=True)]),
            "Activity",
        ),
        ("a missing attribute", without_speak(), "Activity"),  # msrest's body is None
        ("a model in channelData", Activity(type="message", channel_data=ChannelAccount(id="x")), "Activity"),
    ]


@pytest.mark.parametrize(("name", "data", "data_type"), left_to_msrest(), ids=[n for n, _, _ in left_to_msrest()])
def test_what_msrest_treats_otherwise_is_left_to_it(name: str, data: Any, data_type: str) -> None:
    with pytest.raises((NotPlainJson, AttributeError)):
        WIRE.write_model(copy.deepcopy(data))
    assert outcome(WIRE, data, data_type) == outcome(STOCK, data, data_type)


def outcome(serializer: Serializer, data: Any, data_type: str) -> tuple[Any, ...]:
    """The body's shape, or the error msrest raises (a tuple of attachments: its deserialise pass refuses it)."""
    try:
        return ("body", shape(serializer.body(copy.deepcopy(data), data_type)))
    except Exception as e:  # compared, not swallowed
        return ("raised", type(e), re.sub("0x[0-9a-f]+", "0x", str(e)))


class Flattened(Model):
    _attribute_map: ClassVar[dict[str, dict[str, str]]] = {
        "id": {"key": "id", "type": "str"},
        "deep": {"key": "properties.deep", "type": "str"},
    }


class Escaped(Model):
    _attribute_map: ClassVar[dict[str, dict[str, str]]] = {"dotted": {"key": "a\\.b", "type": "str"}}


class Readonly(Model):
    _attribute_map: ClassVar[dict[str, dict[str, str]]] = {"id": {"key": "id", "type": "str"}}
    _validation: ClassVar[dict[str, dict[str, bool]]] = {"id": {"readonly": True}}


class Sending(Model):
    _attribute_map: ClassVar[dict[str, dict[str, str]]] = {
        "id": {"key": "id", "type": "str"},
        "additional_properties": {"key": "", "type": "{object}"},
    }


class Twice(Model):
    _attribute_map: ClassVar[dict[str, dict[str, str]]] = {
        "first": {"key": "k", "type": "str"},
        "second": {"key": "k", "type": "str"},
    }


def test_model_maps_msrest_treats_otherwise() -> None:
    classes = {"Flattened": Flattened, "Escaped": Escaped, "Readonly": Readonly, "Sending": Sending, "Twice": Twice}
    stock, wire = Serializer(classes), WireSerializer(classes)
    sending = Sending(id="1")
    sending.additional_properties = {"extra": datetime(2026, 1, 1, tzinfo=UTC), "id": "over"}
    for data in (Flattened(id="1", deep="d"), Readonly(), sending):
        with pytest.raises(NotPlainJson):
            wire.write_model(data)
        assert shape(wire.body(data, type(data).__name__)) == shape(stock.body(data, type(data).__name__))
    for data in (Escaped(dotted="d"), Twice(first="1", second="2"), Twice(first=None, second="2")):
        assert shape(wire.write_model(data)) == shape(stock.body(data, type(data).__name__))


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


plain_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text()
    | st.sampled_from([*Verb, Loud.A]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4) | st.sampled_from(Verb), inner),
    max_leaves=10,
)
SUBCLASSES = {Entity: [Entity, Mention], ChannelAccount: [ChannelAccount, TeamsChannelAccount]}


def field_values(type_: str, depth: int, odd: bool) -> st.SearchStrategy[Any]:
    """Values of an msrest type as the bot sets them; with `odd`, also ones msrest treats otherwise."""
    if type_[0] + type_[-1] == "[]":
        items = st.lists(st.none() | field_values(type_[1:-1], depth, odd), max_size=3)
        return items | items.map(tuple) if odd else items
    if type_[0] + type_[-1] == "{}":
        return st.dictionaries(st.text(max_size=3), st.none() | field_values(type_[1:-1], depth, odd), max_size=3)
    plain = {
        "str": st.text(max_size=6) | st.sampled_from([ActivityTypes.message, InputHints.expecting_input, Loud.A]),
        "bool": st.booleans(),
        "int": st.integers(-1, 2**40),
        "iso-8601": st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=st.sampled_from([UTC, JST])),
        "object": plain_values,
    }
    unusual = {
        "str": st.integers(0, 3) | st.sampled_from([Level.ONE, Mixed.X]),
        "bool": st.integers(0, 1),
        "int": st.booleans(),
        "iso-8601": st.datetimes() | st.just("2026-11-28T10:00:00+09:00"),
        "object": json_values | st.builds(ChannelAccount, id=st.text(max_size=3)),
    }
    if type_ in plain:
        return plain[type_] | unusual[type_] if odd else plain[type_]
    if depth >= 2:
        return st.none()
    cls = CLIENT_MODELS[type_]
    built = st.sampled_from(SUBCLASSES.get(cls, [cls])).flatmap(lambda kind: models(kind, depth + 1, odd))
    return built | st.just({"id": "29:x", "type": "mention"}) if odd else built


def models(cls: type, depth: int, odd: bool) -> st.SearchStrategy[Any]:
    """An instance with a random subset of its fields set."""
    fields = {attr: desc["type"] for attr, desc in cls._attribute_map.items()}

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        model = cls()
        for attr in draw(st.lists(st.sampled_from(list(fields)), unique=True, max_size=12)):
            setattr(model, attr, draw(field_values(fields[attr], depth, odd)))
        return model

    return build()


@PROPERTY
@given(activity=models(Activity, 0, odd=False))
def test_generated_model_activities_take_the_fast_walk(activity: Activity) -> None:
    assert_same_body(activity)
    assert_fast_body(activity)


@PROPERTY
@given(activity=models(Activity, 0, odd=True))
def test_generated_activities_with_odd_fields_serialise_as_msrest_does(activity: Activity) -> None:
    assert outcome(WIRE, activity, "Activity") == outcome(STOCK, activity, "Activity")


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
