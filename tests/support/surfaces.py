"""Driving the message extension of the app under test as Teams does: the invoke values of 「相談として登録」 (fetchTask,
submitAction), 「相談を検索」 (query) and pasted links (queryLink), and what a dialog or result list shows."""

from typing import Any

from tests.support import activities as a
from tests.support.harness import Harness

REGISTER, SEARCH = "registerMessage", "searchConsultations"
CARD = "application/vnd.microsoft.card.adaptive"


def register_value(payload: Any, data: dict | None = None) -> dict:
    """The value of the message action's fetchTask (no `data`) or submitAction (the dialog's inputs in `data`)."""
    value = {"commandId": REGISTER, "commandContext": "message", "context": {"theme": "default"}}
    value["messagePayload"] = payload
    if data is not None:
        value["data"] = {"action": "register", **data}
    return value


def search_value(text: str | None, *, skip: int = 0, count: int = 10) -> dict:
    """A search from the compose box; None is the pane opening (`initialRun`)."""
    parameter = {"name": "initialRun", "value": "true"} if text is None else {"name": "query", "value": text}
    return {"commandId": SEARCH, "parameters": [parameter], "queryOptions": {"skip": skip, "count": count}}


async def invoke(harness: Harness, kind: str, value: Any, **kw: Any) -> tuple[int, Any]:
    """Post the invoke (a.extension_invoke keywords: sender, conversation, locale): HTTP status and JSON body."""
    response = await harness.post(a.extension_invoke(harness.service_url, kind, value, **kw))
    return response.status, await response.json()


def dialog_card(body: dict) -> dict:
    """The Adaptive Card a task-continue answer opens in the dialog."""
    assert body["task"]["type"] == "continue", body
    card = body["task"]["value"]["card"]
    assert card["contentType"] == CARD
    return card["content"]


def inputs_of(card: dict) -> dict[str, Any]:
    """Each input's id and its prefilled value."""
    return {node["id"]: node.get("value", "") for node in card["body"] if node.get("type", "").startswith("Input.")}


def dialog_message(body: dict) -> str:
    assert body["task"]["type"] == "message", body
    return str(body["task"]["value"])


def results(body: dict) -> list[dict]:
    """The attachments of a result list (search or unfurled link)."""
    extension = body["composeExtension"]
    assert extension["type"] == "result" and extension["attachmentLayout"] == "list", body
    return list(extension["attachments"])
