"""Outgoing JSON without msrest's key-by-key walk: the connector's serializer and the Action.Execute invoke body.

msrest serialises every "object"-typed value (an attachment's Adaptive Card, channelData, an invoke's card) with
`Serializer.serialize_object`, which walks it node by node at several function calls and two caught exceptions per
string: about 12% of the bot's CPU. `plain_json` gives the same result for plain JSON in one tight walk; anything
else (models, datetimes, tuples, int and float subclasses, other str subclasses, XML) is left to msrest.
`WireSerializer.body` also writes the models around it (Activity, ChannelAccount, Attachment, Mention, ...) from
their `_attribute_map`s in one walk, instead of msrest's deserialise, validate and serialise passes.
"""

import re
from collections.abc import Callable
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any, ClassVar

from botbuilder.core.serializer_helper import serializer_helper
from botbuilder.schema import AdaptiveCardInvokeResponse
from botframework.connector.aio import ConnectorClient
from msrest import Serializer
from msrest.serialization import Model, full_restapi_key_transformer

_SCALARS = frozenset({str, int, float, bool, type(None)})


class NotPlainJson(Exception):
    """The value holds something this module does not mirror; msrest serialises it."""


def plain_json(value: Any) -> Any:
    """What msrest's `serialize_object` returns for dicts, lists, str, int, float, bool and None (exact types) and
    StrEnum members: a copy, StrEnum values as `str(member)`, StrEnum keys as `member.value`. No model class msrest
    knows is a StrEnum (tests/teams/test_wire_json.py checks it), so msrest never treats one as a model."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        out = {}
        for key, item in value.items():
            out[key if type(key) is str else _plain_key(key)] = plain_json(item)
        return out
    if kind is list:
        return [plain_json(item) for item in value]
    if isinstance(value, StrEnum):
        return str(value)
    raise NotPlainJson


def _plain_key(key: Any) -> str:
    if isinstance(key, StrEnum):
        return key.value
    raise NotPlainJson


Write = Callable[[Any], Any]
Plan = tuple[tuple[str, str, Write], ...]
_BASIC = {"int": int, "long": int, "bool": bool, "float": float}  # msrest returns int(v), bool(v), float(v)


class WireSerializer(Serializer):
    """msrest's Serializer, with "object"-typed values that are plain JSON serialised by `plain_json`, and model
    bodies written from their classes' `_attribute_map`s (`body`)."""

    def __init__(self, classes: dict[str, type] | None = None) -> None:
        super().__init__(classes)
        self.plans: dict[type[Model], Plan | None] = {}

    def serialize_object(self, attr: Any, **kwargs: Any) -> Any:
        if not kwargs.get("is_xml") and not kwargs.get("basic_types_serializers"):
            try:
                return plain_json(attr)
            except (NotPlainJson, RecursionError):
                pass
        return super().serialize_object(attr, **kwargs)

    def body(self, data: Any, data_type: str, **kwargs: Any) -> Any:
        """What msrest's `body` returns for a model (an Activity) of the shapes `plan` mirrors, else msrest's own.
        For these, msrest's deserialise pass hands back the same objects and its validation finds nothing (no
        `_validation`), so the body is `_serialize`'s: attributes in map order, None left out, the rest by type."""
        target = self.dependencies.get(data_type)
        if not kwargs and self.key_transformer is full_restapi_key_transformer and isinstance(target, type):
            if issubclass(target, Model) and isinstance(data, target):
                try:
                    return self.write_model(data)
                except (NotPlainJson, AttributeError, RecursionError):
                    pass
        return super().body(data, data_type, **kwargs)

    def write_model(self, obj: Any) -> dict[str, Any]:
        if not isinstance(obj, Model):
            raise NotPlainJson
        kind = type(obj)
        try:
            plan = self.plans[kind]
        except KeyError:
            plan = self.plans[kind] = self.plan(kind)
        if plan is None:
            raise NotPlainJson
        out: dict[str, Any] = {}
        for attr, key, write in plan:
            value = getattr(obj, attr)
            if value is not None:
                value = write(value)
                if key not in out:  # msrest keeps the first of two attributes with one key
                    out[key] = value
        return out

    def plan(self, kind: type[Model]) -> Plan | None:
        """(attribute, JSON key, writer) per entry of the class's map; None for what msrest treats otherwise:
        validation rules (readonly, constant, required: msrest validates and skips), XML, flattened keys
        ("a.b"), sent `additional_properties`, extra map entries, non-str types (msrest's validation fails)."""
        if kind._validation or kind.is_xml_model():
            return None
        plan = []
        for attr, desc in kind._attribute_map.items():
            key, type_ = desc.get("key"), desc.get("type")
            if set(desc) != {"key", "type"} or not isinstance(key, str) or not isinstance(type_, str):
                return None
            if _FLATTEN.search(key) or (attr == "additional_properties" and key == ""):
                return None
            plan.append((attr, key.replace("\\.", "."), self.writer(type_)))
        return tuple(plan)

    def writer(self, type_: str) -> Write:
        """How msrest's `serialize_data` writes a non-None value of this type, for the values mirrored here."""
        if type_ == "str":
            return _write_str
        if type_ in _BASIC:
            return _exactly(_BASIC[type_])
        if type_ == "iso-8601":
            return _write_iso
        if type_ == "object":
            return plain_json
        if len(type_) > 2 and type_[0] + type_[-1] == "[]":
            return _list_of(self.writer(type_[1:-1]))
        if len(type_) > 2 and type_[0] + type_[-1] == "{}":
            return _dict_of(self.writer(type_[1:-1]))
        model = self.dependencies.get(type_)
        if isinstance(model, type) and issubclass(model, Model):
            return self.write_model  # any Model instance, by its own map, as msrest does
        return _refuse  # enums, bytes, dates, unknown names: msrest's


_FLATTEN = re.compile(r"(?<!\\)\.")  # msrest's: an unescaped dot flattens


def _write_str(value: Any) -> Any:
    if type(value) is str:
        return value
    if isinstance(value, Enum):  # msrest's serialize_unicode: `.value` first
        return value.value
    raise NotPlainJson


def _exactly(kind: type) -> Write:
    def write(value: Any) -> Any:
        if type(value) is kind:
            return value
        raise NotPlainJson

    return write


def _write_iso(value: Any) -> str:
    if type(value) is datetime:
        try:
            return Serializer.serialize_iso(value)  # the same function, so a naive one logs the same warning
        except (ValueError, TypeError):
            pass
    raise NotPlainJson


def _list_of(write: Write) -> Write:
    def write_list(value: Any) -> list[Any]:
        if type(value) is not list:  # msrest's deserialise pass refuses tuples and turns sets into lists
            raise NotPlainJson
        return [None if item is None else write(item) for item in value]

    return write_list


def _dict_of(write: Write) -> Write:
    def write_dict(value: Any) -> dict[str, Any]:
        if type(value) is not dict:
            raise NotPlainJson
        out = {}
        for key, item in value.items():
            out[key if type(key) is str else _write_str(key)] = None if item is None else write(item)
        return out

    return write_dict


def _refuse(value: Any) -> Any:
    raise NotPlainJson


def use_wire_serializer(client: ConnectorClient) -> None:
    """Give the client and its operation groups (which keep their own reference) a WireSerializer."""
    serializer = WireSerializer(client._serialize.dependencies)
    serializer.client_side_validation = client._serialize.client_side_validation
    client._serialize = client.conversations._serialize = client.attachments._serialize = serializer


class WireInvokeResponse(AdaptiveCardInvokeResponse):
    """An AdaptiveCardInvokeResponse whose invoke body costs one copy of the card. botbuilder turns it into the body
    with msrest (`serializer_helper`: `Serializer._serialize`), which copies a model's `additional_properties`
    verbatim when its attribute map says so: here they are the body msrest builds from the three fields."""

    _attribute_map: ClassVar[dict[str, dict[str, str]]] = {"additional_properties": {"key": "", "type": "{object}"}}

    @property
    def additional_properties(self) -> dict[str, Any]:
        return invoke_body(self.status_code, self.type, self.value)

    @additional_properties.setter
    def additional_properties(self, _: Any) -> None:
        """msrest's Model.__init__ sets `{}`; the body always comes from the fields."""


def invoke_body(status_code: Any, kind: Any, value: Any) -> dict[str, Any]:
    """`{statusCode, type, value}` as msrest serialises an AdaptiveCardInvokeResponse, None fields left out."""
    if type(status_code) in (int, type(None)) and type(kind) in (str, type(None)) and type(value) in (dict, type(None)):
        try:
            body: dict[str, Any] = {"statusCode": status_code, "type": kind, "value": plain_json(value)}
            return {key: field for key, field in body.items() if field is not None}
        except (NotPlainJson, RecursionError):
            pass
    return serializer_helper(AdaptiveCardInvokeResponse(status_code=status_code, type=kind, value=value))
