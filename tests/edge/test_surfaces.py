"""Reading message-extension invokes and writing their answers, for both hosts (bot/edge/surfaces.py): a Teams
message's HTML as the text the user sees, the message payload's people, malformed values, and the answer bodies."""

from types import SimpleNamespace
from typing import Any

import pytest

from bot.domain.consultation import Person
from bot.edge.surfaces import extension_body, extension_invoke, html_to_text, shared_message
from bot.turn import ExtensionAnswer, Preview
from tests.support import activities as a


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>押印を&amp;廃止したい</p>", "押印を&廃止したい"),
        ("<div>一行目<br>二行目</div><div>三行目</div>", "一行目\n二行目\n三行目"),
        ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "<script>alert(1)</script>"),  # text, never markup
        ('<at id="0">佐藤 一郎</at>さん、<b>至急</b>&nbsp;お願いします', "佐藤 一郎さん、至急 お願いします"),
        ("<ul><li>紙</li><li>押印</li></ul>", "紙\n押印"),
        ("<p></p><p></p><p>空行は詰める</p>", "空行は詰める"),
        ('<img src="x.png">', ""),
    ],
)
def test_a_messages_html_becomes_the_text_the_user_sees(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_plain_text_bodies_are_kept_as_written() -> None:
    assert html_to_text("<b>そのまま</b>", "text") == "<b>そのまま</b>"


def test_the_payload_gives_the_author_and_the_mentioned_people() -> None:
    colleague = {"id": "29:c", "name": "高橋 四郎", "aadObjectId": "aad-colleague"}
    message = shared_message(a.message_payload("<p>相談です</p>", mentions=(colleague,)))
    assert message is not None
    assert message.author == Person("aad-requester", "山田 花子")
    assert message.mentioned == (Person("aad-colleague", "高橋 四郎"),)
    assert (message.message_id, message.text) == ("1700000000500", "相談です")


@pytest.mark.parametrize(
    "sender",
    [
        {"application": {"id": "some-bot", "displayName": "Bot"}},
        {"user": {"id": "guest", "displayName": "Guest", "userIdentityType": "anonymousGuest"}},
        {"user": {"id": "", "displayName": "nobody"}},
        None,
        "junk",
    ],
)
def test_authors_who_are_not_the_organisations_people_are_not_offered(sender: Any) -> None:
    message = shared_message({**a.message_payload("<p>相談です</p>"), "from": sender})
    assert message is not None and message.author is None


@pytest.mark.parametrize(
    "payload", [None, {}, "junk", [], {"id": "", "body": {}}, {**a.message_payload("<p>x</p>"), "deleted": True}]
)
def test_a_deleted_or_missing_message_reads_as_none(payload: Any) -> None:
    assert shared_message(payload) is None


def _activity(name: str, value: Any) -> Any:
    return SimpleNamespace(
        name=name,
        value=value,
        id="in-1",
        conversation=SimpleNamespace(id="19:chat@thread.v2", tenant_id="t"),
        channel_data={"tenant": {"id": "t"}},
    )


@pytest.mark.parametrize(
    "value",
    [None, "junk", [], {"commandId": 7, "parameters": "x", "queryOptions": [], "data": "y", "url": 5}],
)
def test_malformed_values_read_as_empty(value: Any) -> None:
    invoke = extension_invoke(_activity("composeExtension/query", value))
    assert (invoke.command_id, invoke.query, invoke.skip, invoke.count, invoke.url) == ("", "", 0, 10, "")
    assert invoke.inputs == {} and invoke.message is None


def test_a_search_reads_its_words_and_page_within_bounds() -> None:
    value = {
        "commandId": "searchConsultations",
        "parameters": [{"name": "query", "value": "押印 " * 200}],
        "queryOptions": {"skip": "25", "count": 500},
    }
    invoke = extension_invoke(_activity("composeExtension/query", value))
    assert (invoke.skip, invoke.count, len(invoke.query)) == (25, 25, 200)
    opening = {"commandId": "x", "parameters": [{"name": "initialRun", "value": "true"}]}
    assert extension_invoke(_activity("composeExtension/query", opening)).query == ""


def test_answers_take_the_shapes_teams_expects() -> None:
    card = {"type": "AdaptiveCard"}
    assert extension_body("fetchTask", ExtensionAnswer(dialog=card, title="登録")) == {
        "task": {
            "type": "continue",
            "value": {
                "title": "登録",
                "height": "large",
                "card": {"contentType": "application/vnd.microsoft.card.adaptive", "content": card},
            },
        }
    }
    assert extension_body("submitAction", ExtensionAnswer(message="済")) == {"task": {"type": "message", "value": "済"}}
    assert extension_body("query", ExtensionAnswer(message="済")) == {
        "composeExtension": {"type": "message", "text": "済"}
    }
    [attachment] = extension_body("query", ExtensionAnswer(results=(Preview("R8-0001 件名", card, "受付"),)))[  # type: ignore[index]
        "composeExtension"
    ]["attachments"]
    assert attachment["content"] == card
    assert attachment["preview"] == {
        "contentType": "application/vnd.microsoft.card.thumbnail",
        "content": {"title": "R8-0001 件名", "subtitle": "受付"},
    }
    assert extension_body("queryLink", ExtensionAnswer(results=())) == {
        "composeExtension": {"type": "result", "attachmentLayout": "list", "attachments": []}
    }
