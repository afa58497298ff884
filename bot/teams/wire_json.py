"""Outgoing JSON without msrest's key-by-key walk: the connector's serializer and the Action.Execute invoke body.

msrest serialises every "object"-typed value (an attachment's Adaptive Card, channelData, an invoke's card) with
`Serializer.serialize_object`, which walks it node by node at several function calls and two caught exceptions per
string: about 12% of the bot's CPU. `plain_json` gives the same result for plain JSON in one tight walk; anything
else (models, datetimes, tuples, int and float subclasses, other str subclasses, XML) is left to msrest.
"""

from enum import StrEnum
from typing import Any, ClassVar

from botbuilder.core.serializer_helper import serializer_helper
from botbuilder.schema import AdaptiveCardInvokeResponse
from botframework.connector.aio import ConnectorClient
from msrest import Serializer

_SCALARS = frozenset({str, int, float, bool, type(None)})


class NotPlainJson(Exception):
    """The value holds something `plain_json` does not mirror; msrest serialises it."""


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


class WireSerializer(Serializer):
    """msrest's Serializer, with "object"-typed values that are plain JSON serialised by `plain_json`."""

    def serialize_object(self, attr: Any, **kwargs: Any) -> Any:
        if not kwargs.get("is_xml") and not kwargs.get("basic_types_serializers"):
            try:
                return plain_json(attr)
            except (NotPlainJson, RecursionError):
                pass
        return super().serialize_object(attr, **kwargs)


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
