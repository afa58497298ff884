"""The botbuilder edge's translation: activities in, replies out (TestAdapter, no network)."""

from botbuilder.core import TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity

from bot.cards.status_card import status_card
from bot.teams.translate import CARD_CONTENT_TYPE, card_action, message_input, place_from, reply_activity
from bot.turn import Reply
from tests.support import activities as a
from tests.support.factories import a_consultation


def activity(d: dict) -> Activity:
    return Activity().deserialize(d)


def test_channel_mention_is_stripped_and_thread_is_found() -> None:
    act = activity(a.channel_mention("http://x/", "ＨＥＬＰ　です", post_id="42"))
    message = message_input(act)
    assert (message.text, message.command, message.args) == ("ＨＥＬＰ　です", "help", "です")
    assert not message.personal
    assert place_from(act).thread_id == "42" and place_from(act).channel_id == a.CHANNEL
    assert place_from(act).tenant_id == a.TENANT


def test_card_action_keeps_only_a_positive_int_id() -> None:
    act = activity(a.card_invoke("http://x/", "v", {}, reply_to_id="card-1"))
    assert card_action(act, "v", {"consultation_id": 7, "body": "x"}).consultation_id == 7
    assert card_action(act, "v", {"consultation_id": "7"}).consultation_id == 7
    for bad in ({"consultation_id": -1}, {"consultation_id": True}, {"consultation_id": "x"}, None, "str"):
        assert card_action(act, "v", bad).consultation_id is None
    assert card_action(act, "v", {"consultation_id": 7, "body": "x"}).inputs == {"body": "x"}
    assert card_action(act, None, {}).verb == "" and card_action(act, "v", {}).card_activity_id == "card-1"


async def test_a_card_reply_is_one_adaptive_card_attachment() -> None:
    adapter = TestAdapter()
    ctx = TurnContext(adapter, activity(a.message("http://x/", "hi")))
    await ctx.send_activity(reply_activity(Reply(text="受け付けました", card=status_card(a_consultation()))))
    [sent] = adapter.activity_buffer
    assert sent.text == "受け付けました"
    assert [att.content_type for att in sent.attachments] == [CARD_CONTENT_TYPE]
    assert sent.attachments[0].content["version"] == "1.5"


def test_a_sent_copy_shares_the_card_and_serialises_as_cardfactory_s() -> None:
    import copy

    from botbuilder.core import CardFactory, MessageFactory

    card = status_card(a_consultation())
    ours = reply_activity(Reply(card=card))
    clone = copy.deepcopy(ours)  # what TurnContext.send_activities does to every activity
    assert clone.attachments[0] is not ours.attachments[0] and clone.attachments[0].content is card
    assert clone.serialize() == MessageFactory.attachment(CardFactory.adaptive_card(card)).serialize()
