"""The 対象外 answer of the default route: a message the classifier finds is not a DX consultation gets where to go
instead and 「相談として登録する」; a greeting or a test gets what the desk is for. Nothing is created; the
turn-away is recorded by topic only."""

from bot.cards.scope_card import register_data, scope_card
from bot.deps import Deps
from bot.domain.scope import Topic
from bot.services import turned_away
from bot.texts import t
from bot.turn import Actor, MessageInput, Reply


def out_of_scope_topic(body: str, deps: Deps) -> Topic | None:
    """The topic of a message that is not a DX consultation, or None (also when OUT_OF_SCOPE_ENABLED is off)."""
    if deps.out_of_scope is None:
        return None
    verdict = deps.classify(body).out_of_scope
    return verdict.topic if verdict is not None else None


async def turn_away(actor: Actor, message: MessageInput, body: str, topic: Topic, deps: Deps) -> Reply:
    contacts = deps.out_of_scope
    now = deps.clock.now()
    recorded = await turned_away.record(deps.uow, topic, activity_id=message.activity_id, now=now)
    if recorded is None:  # the same activity again: answered already (and its button carries the first row's id)
        return Reply()
    if topic is Topic.GREETING or contacts is None:
        return Reply.message(t("scope.greeting", actor.locale))
    data = register_data(recorded, body, actor.id, message.personal)
    return Reply(card=scope_card(topic, contacts, body, data, actor.locale))
