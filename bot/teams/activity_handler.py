"""ConsultationBot: translates Teams activities into router calls and replies; nothing else."""

import logging
from collections.abc import Coroutine
from dataclasses import replace
from typing import Any

from botbuilder.core import ActivityHandler, BotState, InvokeResponse, TurnContext
from botbuilder.dialogs import Dialog, DialogSet
from botbuilder.schema import (
    AdaptiveCardInvokeResponse,
    AdaptiveCardInvokeValue,
    ChannelAccount,
    ErrorResponseException,
)

from bot.conversation import Conversation, draft_to_state
from bot.deps import Deps
from bot.edge import surfaces
from bot.edge.background import Background
from bot.edge.notify import Transport
from bot.edge.roster import is_roster_event, resync_if_support_team
from bot.edge.spool import IntakeSpool, spool_candidate
from bot.edge.translate import opens_thread
from bot.edge.turns import keep_name_fresh, send_notices
from bot.handlers.commands import help_text
from bot.routing import Router
from bot.services import intake, people
from bot.teams import translate
from bot.teams.conversation_refs import ReferenceKeeper, reference_of
from bot.teams.errors import error_text, is_database_unavailable, log_failure
from bot.teams.replies import send_reply
from bot.teams.state_storage import state_turn
from bot.texts import t
from bot.turn import Actor, Reply

log = logging.getLogger("consult.bot")


class ConsultationBot(ActivityHandler):
    def __init__(
        self,
        deps: Deps,
        router: Router,
        dialog_state: BotState,
        conversation: Conversation,
        intake_dialog: Dialog,
        spool: IntakeSpool | None = None,
        *,
        transport: Transport,
    ) -> None:
        """`intake_dialog` runs `conversation` (dialogs/intake_dialog.py); both come from the wiring in app.py.
        `transport` posts outside the turn (a message action's status card, after the invoke's answer)."""
        self._deps, self._router, self._state, self._spool = deps, router, dialog_state, spool
        self._transport = transport
        self._conversation = conversation
        self._dialogs = DialogSet(dialog_state.create_property("DialogState"))
        self._dialogs.add(intake_dialog)
        self._intake_id = intake_dialog.id
        self._background = Background()
        self._references = ReferenceKeeper()
        self._names = people.NameKeeper()

    async def on_turn(self, turn_context: TurnContext) -> None:
        async with self._deps.uow.turn():  # the reference and the sender's name ride with the turn's first write
            await self._dispatch(turn_context)

    async def _dispatch(self, turn_context: TurnContext) -> None:
        if turn_context.activity.type in ("message", "conversationUpdate", "installationUpdate"):
            # Queued within the turn (it rides with the turn's first unit of work): no database work here.
            await self._references.remember(turn_context, self._deps)
        new_thread = opens_thread(turn_context.activity)  # no dialog can be open in it: its state is not read
        with state_turn(known_absent=(self._state.get_storage_key(turn_context),) if new_thread else ()):
            await super().on_turn(turn_context)
            await self._state.save_changes(turn_context)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        try:
            await self._on_message(turn_context)
        except Exception as error:
            if not (is_database_unavailable(error) and await self._keep_for_later(turn_context)):
                raise

    async def _keep_for_later(self, turn_context: TurnContext) -> bool:
        """The database is down: a new consultation's text goes to the spool and the user is told so."""
        message = translate.message_input(turn_context.activity)
        actor = spool_candidate(self._router, turn_context.activity, message)
        if self._spool is None or actor is None:
            return False
        self._spool.keep(turn_context, actor, message)
        log.warning("database unavailable: consultation kept in the spool", extra={"activity_id": message.activity_id})
        await send_reply(turn_context, Reply(text=t("error.db_spooled", actor.locale)), self._deps)
        return True

    async def _on_message(self, turn_context: TurnContext) -> None:
        activity, actor = turn_context.activity, await self._actor(turn_context)
        if activity.value and not (activity.text or "").strip():  # Action.Submit fallback of an Action.Execute
            value = activity.value if isinstance(activity.value, dict) else {}
            if self._conversation.answers(value):  # a question card's submit: the answer to the open question
                dialog = await self._dialogs.create_context(turn_context)
                if dialog.active_dialog is not None:
                    await dialog.continue_dialog()
                    return
            action = translate.card_action(activity, value.get("verb"), value)
            if self._router.starts_conversation(action.verb):
                dialog = await self._dialogs.create_context(turn_context)
                if dialog.active_dialog is not None:  # one question at a time: the open one first
                    await send_reply(turn_context, Reply(text=t("scope.question_open", actor.locale)), self._deps)
                    return
            reply = await self._router.dispatch_action(actor, action, self._deps)
            await self._update_clicked_card(turn_context, reply)
            if reply.ask and reply.draft is not None:  # the button of a 対象外 answer: the intake's questions
                dialog = await self._dialogs.create_context(turn_context)
                await dialog.begin_dialog(self._intake_id, draft_to_state(reply.draft, reply.ask))
                return
            await send_reply(turn_context, Reply(text=reply.text), self._deps)
            self._send_notices(reply)
            return
        message = translate.message_input(activity)
        dialog = await self._dialogs.create_context(turn_context)
        conversation = self._conversation
        if dialog.active_dialog is not None and conversation.cancels(message.command):
            await dialog.cancel_all_dialogs()
            await send_reply(turn_context, Reply(text=t(conversation.cancelled, actor.locale)), self._deps)
        elif dialog.active_dialog is not None and not (
            conversation.commands_interrupt and self._router.is_command(message.command)
        ):
            await dialog.continue_dialog()
        else:
            reply = await self._router.dispatch_message(actor, message, self._deps)
            if reply.ask and reply.draft is not None:
                await dialog.begin_dialog(self._intake_id, draft_to_state(reply.draft, reply.ask))
            else:
                await send_reply(turn_context, reply, self._deps)
                self._send_notices(reply)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        """Message-extension invokes (composeExtension/fetchTask, /submitAction, /query, /queryLink) are dispatched
        here by name, as TeamsActivityHandler does, but from the raw value (bot/edge/surfaces.py): its
        deserialisation raises on malformed values (a 500), and its conversationUpdate handling looks members up.
        For the rest, the HTTP status follows the body's statusCode, so malformed card payloads get a real 400."""
        if surfaces.is_extension_invoke(turn_context.activity.name):
            return await self.on_teams_messaging_extension(turn_context)
        response = await super().on_invoke_activity(turn_context)
        body = response.body if response is not None else None
        if isinstance(body, dict) and isinstance(body.get("statusCode"), int) and body["statusCode"] >= 400:
            response.status = body["statusCode"]
        return response

    async def on_adaptive_card_invoke(
        self, turn_context: TurnContext, invoke_value: AdaptiveCardInvokeValue
    ) -> AdaptiveCardInvokeResponse:
        action = invoke_value.action if isinstance(invoke_value.action, dict) else {}
        clicked = translate.card_action(turn_context.activity, action.get("verb"), action.get("data"))
        try:
            actor = await self._actor(turn_context)
            reply = await self._router.dispatch_action(actor, clicked, self._deps)
        except Exception as error:  # the invoke boundary: answer the click politely, never with a 500
            ref, text = error_text(error, translate.locale_of(turn_context.activity.locale))
            log_failure(log, turn_context, error, ref, "adaptiveCard/action")
            return translate.invoke_response(Reply(text=text))
        await self._update_clicked_card(turn_context, reply)
        self._send_notices(reply)
        return translate.invoke_response(reply)

    async def on_teams_messaging_extension(self, turn_context: TurnContext) -> InvokeResponse:
        async def actor() -> Actor:
            return await self._actor(turn_context)

        body = await surfaces.answer_invoke(
            turn_context, self._router, self._deps, actor, reference_of, self._transport, self._background
        )
        return InvokeResponse(status=200, body=body)

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        if is_roster_event(turn_context.activity) and self._deps.sync_roster is not None:
            self._spawn(resync_if_support_team(self._deps, turn_context.activity.conversation.id))
        await super().on_conversation_update_activity(turn_context)

    async def on_members_added_activity(self, members_added: list[ChannelAccount], turn_context: TurnContext) -> None:
        activity = turn_context.activity
        personal = activity.conversation is not None and activity.conversation.conversation_type == "personal"
        if personal and any(m.id == activity.recipient.id for m in members_added or []):
            locale = translate.locale_of(activity.locale)
            await send_reply(turn_context, Reply(text=help_text(locale, self._deps)), self._deps)

    async def _update_clicked_card(self, turn_context: TurnContext, reply: Reply) -> None:
        """Everyone in the conversation sees the new state: the clicked message is replaced with the shared card."""
        card_id = turn_context.activity.reply_to_id
        if reply.shared_card is None or reply.status >= 400 or not card_id:
            return
        try:
            await turn_context.update_activity(translate.card_update(reply.shared_card, card_id))
        except ErrorResponseException as error:  # the clicker already gets the new card in the invoke response
            log.warning("card update failed", extra={"activity_id": card_id, "status": _status_of(error)})
            return
        if reply.consultation_id:  # a submitted form became this consultation's status card
            place = replace(translate.place_from(turn_context.activity), card_activity_id=card_id)
            await intake.record_card(self._deps.uow, reply.consultation_id, place)

    def _send_notices(self, reply: Reply) -> None:
        send_notices(reply, self._deps, self._background)

    def _spawn(self, work: Coroutine[Any, Any, Any]) -> None:
        self._background.spawn(work)

    async def drain(self, grace: float) -> None:
        """Wait for background sends (graceful shutdown), at most `grace` seconds; the rest are cancelled."""
        await self._background.drain(grace)

    async def _actor(self, turn_context: TurnContext) -> Actor:
        """The sender; their name is kept fresh in the people store (written only when it changed)."""
        actor = await translate.actor_from(turn_context.activity, self._deps)
        await keep_name_fresh(self._names, actor, self._deps)
        return actor


def _status_of(error: ErrorResponseException) -> int | None:
    response = getattr(error, "response", None)
    return getattr(response, "status_code", None)
