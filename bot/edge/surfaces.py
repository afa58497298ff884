"""Message-extension invokes for either host, free of both SDKs: reading composeExtension/fetchTask, /submitAction,
/query and /queryLink into an ExtensionInvoke (the raw `value` is read, as Teams sends it, so both hosts translate
alike and nothing a client sends can make an SDK model fail), writing an ExtensionAnswer as the invoke's body, and
what follows the answer: the status card posted into the conversation and the 1:1 notices, in the background so
the answer stays inside Teams' 5-second window."""

import html
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any

from bot.deps import Deps
from bot.domain.consultation import Person, Place
from bot.edge.background import Background
from bot.edge.errors import error_text, log_failure
from bot.edge.notify import Transport, retrying
from bot.edge.translate import CARD_CONTENT_TYPE, json_object, place_from
from bot.edge.turns import send_notices
from bot.routing import Router
from bot.services import intake
from bot.texts import locale_of
from bot.turn import Actor, ExtensionAnswer, ExtensionInvoke, Preview, Reply, SharedMessage

log = logging.getLogger("consult.surfaces")

KINDS = {f"composeExtension/{kind}": kind for kind in ("fetchTask", "submitAction", "query", "queryLink")}
THUMBNAIL = "application/vnd.microsoft.card.thumbnail"
MAX_COUNT, MAX_SKIP = 25, 1000
MAX_QUERY_CHARS, MAX_URL_CHARS, MAX_CONTENT_CHARS = 200, 2048, 100_000
PEOPLE = ("aadUser", "onPremiseAadUser")  # identity types of the organisation's people (not guests, bots, apps)
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}


def is_extension_invoke(name: Any) -> bool:
    return name in KINDS


class _PlainText(HTMLParser):
    """The text of a Teams message's HTML: tags dropped, entities decoded, block ends and <br> as line breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS and tag != "br":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(content: str, content_type: str = "html") -> str:
    """A message body as plain text, as the user sees it in Teams."""
    if content_type.lower() != "html":
        return content
    parser = _PlainText()
    parser.feed(content[:MAX_CONTENT_CHARS])
    parser.close()
    text = html.unescape("".join(parser.parts)).replace("\xa0", " ")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.splitlines())).strip()


def _person(account: Any) -> Person | None:
    """One of the organisation's people from a message payload's `from` or mention (`{"user": {...}}`)."""
    user = json_object(json_object(account).get("user"))
    person_id, name, kind = user.get("id"), user.get("displayName"), user.get("userIdentityType")
    if not isinstance(person_id, str) or not person_id or (kind is not None and kind not in PEOPLE):
        return None
    return Person(id=person_id[:200], name=name[:200] if isinstance(name, str) else "")


def shared_message(payload: Any) -> SharedMessage | None:
    """The message a message action was used on; None when Teams sent none (or a deleted one: an empty payload)."""
    if not isinstance(payload, dict) or payload.get("deleted") is True:
        return None
    body = json_object(payload.get("body"))
    content, kind = body.get("content"), body.get("contentType")
    text = html_to_text(content, kind if isinstance(kind, str) else "html") if isinstance(content, str) else ""
    message_id = payload.get("id")
    message_id = str(message_id) if isinstance(message_id, str | int) and not isinstance(message_id, bool) else ""
    if not message_id and not text:
        return None
    mentions = payload.get("mentions")
    mentions = mentions[:20] if isinstance(mentions, list) else []
    mentioned = [_person(json_object(m).get("mentioned")) for m in mentions]
    return SharedMessage(
        message_id=message_id[:200],
        text=text,
        author=_person(payload.get("from")),
        mentioned=tuple(p for p in mentioned if p is not None),
    )


def _bounded(value: Any, default: int, low: int, high: int) -> int:
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 6:
        value = int(value)
    return min(max(value, low), high) if isinstance(value, int) and not isinstance(value, bool) else default


def _query_text(value: dict[str, Any]) -> str:
    """The search words: the first parameter that is not `initialRun` (Teams sends that when the pane opens)."""
    parameters = value.get("parameters")
    for parameter in parameters if isinstance(parameters, list) else []:
        parameter = json_object(parameter)
        if parameter.get("name") != "initialRun" and isinstance(parameter.get("value"), str):
            return str(parameter["value"])[:MAX_QUERY_CHARS]
    return ""


def extension_invoke(activity: Any) -> ExtensionInvoke:
    """The invoke as the handlers see it; anything malformed reads as empty (no message, no words, no link)."""
    kind = KINDS[activity.name]
    value = json_object(activity.value)
    options = json_object(value.get("queryOptions"))
    command_id, url = value.get("commandId"), value.get("url")
    conversation_id = activity.conversation.id if activity.conversation else ""
    return ExtensionInvoke(
        kind=kind,
        command_id=command_id[:64] if isinstance(command_id, str) else "",
        message=shared_message(value.get("messagePayload")),
        inputs=json_object(value.get("data")),
        query=_query_text(value),
        skip=_bounded(options.get("skip"), 0, 0, MAX_SKIP),
        count=_bounded(options.get("count"), 10, 1, MAX_COUNT),
        url=url[:MAX_URL_CHARS] if isinstance(url, str) else "",
        place=place_from(activity),
        activity_id=f"ext:{conversation_id}:{activity.id}" if activity.id else "",
    )


def _attachment(preview: Preview) -> dict[str, Any]:
    thumbnail = {"title": preview.title, "subtitle": preview.subtitle, "text": preview.text}
    return {
        "contentType": CARD_CONTENT_TYPE,
        "content": preview.card,
        "preview": {"contentType": THUMBNAIL, "content": {k: v for k, v in thumbnail.items() if v}},
    }


def extension_body(kind: str, answer: ExtensionAnswer) -> dict[str, Any] | None:
    """The invoke's body: a dialog (task continue), a text in the dialog (task message) or in the search pane
    (composeExtension message), results (composeExtension result); None closes the dialog."""
    if answer.dialog is not None:
        card = {"contentType": CARD_CONTENT_TYPE, "content": answer.dialog}
        return {"task": {"type": "continue", "value": {"title": answer.title, "height": "large", "card": card}}}
    if answer.message:
        if kind in ("fetchTask", "submitAction"):
            return {"task": {"type": "message", "value": answer.message}}
        return {"composeExtension": {"type": "message", "text": answer.message}}
    if answer.results is not None:
        attachments = [_attachment(p) for p in answer.results]
        return {"composeExtension": {"type": "result", "attachmentLayout": "list", "attachments": attachments}}
    return None


async def post_into(transport: Transport, reference: dict[str, Any], reply: Reply, place: Place, deps: Deps) -> None:
    """Post `reply` where the command was used (retrying what Teams asks to retry); a consultation's card is
    remembered there so it is updated in place later. A failure is logged (ids only): the requester is told 1:1."""
    try:
        posted = await retrying(lambda: transport.send(reference, reply), transport, what="extension_post")
    except Exception as error:
        status = transport.status_of(error)
        log.warning(
            "status card not posted",
            extra={"conversation_id": place.conversation_id, "status": status, "error_type": type(error).__name__},
        )
        return
    if reply.consultation_id and posted:
        await intake.record_card(deps.uow, reply.consultation_id, replace(place, card_activity_id=posted))


async def answer_invoke(
    context: Any,
    router: Router,
    deps: Deps,
    actor: Callable[[], Awaitable[Actor]],
    reference_of: Callable[[Any], dict[str, Any]],
    transport: Transport,
    background: Background,
) -> dict[str, Any]:
    """Both hosts' answer to a message-extension invoke: the body (HTTP 200 always; an unexpected error is a polite
    text with a reference, in the dialog or the search pane), with the post and notices started in the background."""
    activity = context.activity
    invoke = extension_invoke(activity)
    try:
        answer = await router.dispatch_extension(await actor(), invoke, deps)
    except Exception as error:  # the invoke boundary: never a 500
        ref, text = error_text(error, locale_of(activity.locale))
        log_failure(log, context, error, ref, str(activity.name))
        answer = ExtensionAnswer(message=text)
    follow_up(answer, activity, reference_of(activity), transport, deps, background)
    return extension_body(invoke.kind, answer) or {}


def follow_up(
    answer: ExtensionAnswer,
    activity: Any,
    reference: dict[str, Any],
    transport: Transport,
    deps: Deps,
    background: Background,
) -> None:
    """After the answer: the post (into the invoke's conversation, as a new message) and the notices."""
    if answer.post is not None:
        reference = {k: v for k, v in reference.items() if k not in ("activityId", "requestId")}
        background.spawn(post_into(transport, reference, answer.post, place_from(activity), deps))
    send_notices(Reply(notices=answer.notices), deps, background)
