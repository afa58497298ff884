"""ConsultationAgent: the Agents SDK Agent of the bot. Translates activities into router calls and replies, as the
botbuilder ConsultationBot does (bot/teams/activity_handler.py); nothing else.

It implements the SDK's `Agent.on_turn` itself instead of subclassing its ActivityHandler: that one answers every
invoke it does not know with HTTP 501, and here every invoke gets a deliberate answer."""

import logging
from dataclasses import replace
from typing import Any

from aiohttp import ClientResponseError
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext

from bot.agents.conversation_runner import ConversationRunner, ConversationTurn, state_key
from bot.agents.proactive import reference_json
from bot.agents.translate import card_invoke_response, card_update, invoke_response_activity, reply_activity
from bot.conversation import Conversation
from bot.deps import Deps
from bot.edge import surfaces, translate
from bot.edge.background import Background
from bot.edge.conversation_refs import ReferenceKeeper
from bot.edge.errors import error_text, is_database_unavailable, log_failure
from bot.edge.notify import Transport
from bot.edge.roster import is_roster_event, resync_if_support_team
from bot.edge.spool import IntakeSpool, spool_candidate
from bot.edge.turns import keep_name_fresh, send_notices
from bot.handlers.commands import help_text
from bot.routing import Router
from bot.services import intake, people
from bot.texts import locale_of, t
from bot.turn import Actor, Reply

log = logging.getLogger("consult.bot")
CARD_ACTION = "adaptiveCard/action"


def _bad_card_action(message: str) -> dict[str, Any]:
    """The body botbuilder's ActivityHandler answers a malformed Action.Execute with."""
    return {
        "statusCode": 400,
        "type": translate.ERROR_CONTENT_TYPE,
        "value": {"code": "BadRequest", "message": message},
    }


def reference_of(activity: Activity) -> dict[str, Any]:
    """The activity's conversation reference as stored (the SDK adds this request's id: not part of a reference)."""
    reference = reference_json(activity.get_conversation_reference())
    reference.pop("requestId", None)
    return reference


class ConsultationAgent:
    def __init__(
        self,
        deps: Deps,
        router: Router,
        conversation: Conversation,
        runner: ConversationRunner,
        spool: IntakeSpool | None = None,
        *,
        transport: Transport,
    ) -> None:
        """`transport` posts outside the turn (a message action's status card, after the invoke's answer)."""
        self._deps, self._router, self._conversation, self._runner = deps, router, conversation, runner
        self._spool, self._transport = spool, transport
        self._references = ReferenceKeeper(reference_of)
        self._names = people.NameKeeper()
        self._background = Background()

    async def on_turn(self, context: TurnContext) -> None:
        async with self._deps.uow.turn():  # the reference and the sender's name ride with the turn's first write
            await self._dispatch(context)

    async def _dispatch(self, context: TurnContext) -> None:
        kind = context.activity.type
        if kind in ("message", "conversationUpdate", "installationUpdate"):
            # Queued within the turn (it rides with the turn's first unit of work): no database work here.
            await self._references.remember(context, self._deps)
        if kind == "message":
            try:
                await self._on_message(context)
            except Exception as error:
                if not (is_database_unavailable(error) and await self._keep_for_later(context)):
                    raise
        elif kind == "invoke":
            await self._on_invoke(context)
        elif kind == "conversationUpdate":
            await self._on_conversation_update(context)
        # other activity types (typing, messageReaction, installationUpdate …) need no answer

    async def _keep_for_later(self, context: TurnContext) -> bool:
        """The database is down: a new consultation's text goes to the spool and the user is told so."""
        message = translate.message_input(context.activity)
        actor = spool_candidate(self._router, context.activity, message)
        if self._spool is None or actor is None:
            return False
        self._spool.keep(context, actor, message)
        log.warning("database unavailable: consultation kept in the spool", extra={"activity_id": message.activity_id})
        await self._send(context, Reply(text=t("error.db_spooled", actor.locale)))
        return True

    async def _on_message(self, context: TurnContext) -> None:
        activity, actor = context.activity, await self._actor(context)
        conversation = self._conversation
        if conversation.answers(activity.value):  # a question card's submit: the answer to the open question
            turn = self._turn(context, translate.message_input(activity).personal, actor)
            if await self._runner.is_open(turn):
                await self._runner.answer_card(turn, activity.value if isinstance(activity.value, dict) else {})
                return
        if activity.value and not (activity.text or "").strip():  # Action.Submit fallback of an Action.Execute
            value = activity.value if isinstance(activity.value, dict) else {}
            action = translate.card_action(activity, value.get("verb"), value)
            turn = self._turn(context, translate.message_input(activity).personal, actor)
            if self._router.starts_conversation(action.verb) and await self._runner.is_open(turn):
                await self._send(context, Reply(text=t("scope.question_open", actor.locale)))  # the open one first
                return
            reply = await self._router.dispatch_action(actor, action, self._deps)
            await self._update_clicked_card(context, reply)
            if reply.ask and reply.draft is not None:  # the button of a 対象外 answer: the intake's questions
                await self._runner.begin(turn, reply.draft, reply.ask)
                return
            await self._send(context, Reply(text=reply.text))
            self._send_notices(reply)
            return
        message = translate.message_input(activity)
        turn = self._turn(context, message.personal, actor)
        if not translate.opens_thread(activity) and await self._runner.is_open(turn):  # a new thread has none open
            if conversation.cancels(message.command):
                await self._runner.cancel(turn)
                return
            if not (conversation.commands_interrupt and self._router.is_command(message.command)):
                await self._runner.answer(turn, message.text, message)
                return
        reply = await self._router.dispatch_message(actor, message, self._deps)
        if reply.ask and reply.draft is not None:
            await self._runner.begin(turn, reply.draft, reply.ask)
        else:
            await self._send(context, reply)
            self._send_notices(reply)

    async def _on_invoke(self, context: TurnContext) -> None:
        """Action.Execute is answered with the card (errors inside the card, a malformed one with 400); the message
        extension's invokes (composeExtension/fetchTask, /submitAction, /query, /queryLink) with their answer (the
        SDK's TeamsAgentExtension routes them by name too; this agent implements on_turn itself); any other invoke
        name is acknowledged with 200 and no body: the bot offers no task module, sign-in or file consent, and Teams
        shows nothing for a 200 without a body."""
        activity = context.activity
        if surfaces.is_extension_invoke(activity.name):
            await context.send_activity(invoke_response_activity(200, await self._extension(context)))
            return
        if activity.name != CARD_ACTION:
            log.info("invoke not handled: acknowledged", extra={"activity_name": activity.name})
            await context.send_activity(invoke_response_activity(200, None))
            return
        value = activity.value if isinstance(activity.value, dict) else None
        action = value.get("action") if value is not None else None
        if value is None:
            problem = "Missing value property"
        elif not isinstance(action, dict):
            problem = "Missing action property" if action is None else "Value property is not properly formed"
        elif action.get("type") != "Action.Execute":
            problem = f"The action '{action.get('type')}' is not supported."
        else:
            problem = ""
        if problem or not isinstance(action, dict):
            await context.send_activity(invoke_response_activity(400, _bad_card_action(problem)))
            return
        await context.send_activity(card_invoke_response(await self._card_action(context, action)))

    async def _extension(self, context: TurnContext) -> dict[str, Any]:
        async def actor() -> Actor:
            return await self._actor(context)

        return await surfaces.answer_invoke(
            context, self._router, self._deps, actor, reference_of, self._transport, self._background
        )

    async def _card_action(self, context: TurnContext, action: dict[str, Any]) -> Reply:
        clicked = translate.card_action(context.activity, action.get("verb"), action.get("data"))
        try:
            actor = await self._actor(context)
            reply = await self._router.dispatch_action(actor, clicked, self._deps)
        except Exception as error:  # the invoke boundary: answer the click politely, never with a 500
            ref, text = error_text(error, locale_of(context.activity.locale))
            log_failure(log, context, error, ref, CARD_ACTION)
            return Reply(text=text)
        await self._update_clicked_card(context, reply)
        self._send_notices(reply)
        return reply

    async def _on_conversation_update(self, context: TurnContext) -> None:
        """A team's membership changed: re-read the support team if it is that team (after the answer). The bot
        added to a 1:1 chat: the help text."""
        activity = context.activity
        if is_roster_event(activity) and self._deps.sync_roster is not None and activity.conversation is not None:
            self._background.spawn(resync_if_support_team(self._deps, activity.conversation.id))
        personal = activity.conversation is not None and activity.conversation.conversation_type == "personal"
        bot_id = activity.recipient.id if activity.recipient else None
        if personal and any(m.id == bot_id for m in activity.members_added or []):
            await self._send(context, Reply(text=help_text(locale_of(activity.locale), self._deps)))

    async def _send(self, context: TurnContext, reply: Reply) -> None:
        """A message everyone in the conversation sees: the shared card when there is one (bot/teams/replies.py)."""
        card = reply.shared_card if reply.shared_card is not None else reply.card
        if not reply.text and card is None:
            return
        response = await context.send_activity(reply_activity(replace(reply, card=card)))
        if reply.consultation_id and response is not None and response.id:
            place = replace(translate.place_from(context.activity), card_activity_id=response.id)
            await intake.record_card(self._deps.uow, reply.consultation_id, place)

    async def _update_clicked_card(self, context: TurnContext, reply: Reply) -> None:
        """Everyone in the conversation sees the new state: the clicked message is replaced with the shared card."""
        card_id = context.activity.reply_to_id
        if reply.shared_card is None or reply.status >= 400 or not card_id:
            return
        try:
            await context.update_activity(card_update(reply.shared_card, card_id))
        except ClientResponseError as error:  # the clicker already gets the new card in the invoke response
            log.warning("card update failed", extra={"activity_id": card_id, "status": error.status})
            return
        if reply.consultation_id:  # a submitted form became this consultation's status card
            place = replace(translate.place_from(context.activity), card_activity_id=card_id)
            await intake.record_card(self._deps.uow, reply.consultation_id, place)

    def _send_notices(self, reply: Reply) -> None:
        send_notices(reply, self._deps, self._background)

    async def drain(self, grace: float) -> None:
        """Wait for notices and roster syncs still running (graceful shutdown), at most `grace` seconds."""
        await self._background.drain(grace)

    def _turn(self, context: TurnContext, personal: bool, actor: Actor) -> ConversationTurn:
        async def say(reply: Reply) -> None:
            await self._send(context, reply)

        async def same_actor() -> Actor:
            return actor

        return ConversationTurn(
            key=state_key(self._conversation.name, context.activity),
            personal=personal,
            locale=actor.locale,
            say=say,
            actor=same_actor,
        )

    async def _actor(self, context: TurnContext) -> Actor:
        """The sender; their name is kept fresh in the people store (written only when it changed)."""
        actor = await translate.actor_from(context.activity, self._deps)
        await keep_name_fresh(self._names, actor, self._deps)
        return actor
