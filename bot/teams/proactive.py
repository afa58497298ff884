"""TeamsNotifier: proactive 1:1 messages and in-place card updates through stored references, with retries."""

import asyncio
import functools
import logging
import random
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, TypeVar

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import (
    Activity,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)
from msrest.exceptions import HttpOperationError

from bot.domain.ports import Clock, Recipient, UnitOfWorkFactory
from bot.teams.translate import card_update, reply_activity
from bot.turn import Reply

log = logging.getLogger("consult.notify")
T = TypeVar("T")

RETRYABLE = frozenset({412, 429, 502, 503, 504})  # TEAMS-FACTS §1
FORBIDDEN = 403  # uninstalled or blocked (MessageWritesBlocked): never retried, TEAMS-FACTS §9
ATTEMPTS = 3
MAX_RETRY_AFTER = 10.0  # seconds; a longer Retry-After is waited for this long, then tried once more
BACKOFF_BASE = 0.5  # seconds: ~0.5 s, then ~1 s, with full jitter


def status_of(error: BaseException) -> int | None:
    return getattr(getattr(error, "response", None), "status_code", None)


def retry_after(error: BaseException) -> float | None:
    """Retry-After in seconds (the HTTP-date form is ignored: backoff applies instead)."""
    headers = getattr(getattr(error, "response", None), "headers", None) or {}
    try:
        seconds = float(headers.get("Retry-After", ""))
    except (TypeError, ValueError):
        return None
    return seconds if seconds >= 0 else None


async def with_retries(
    attempt: Callable[[], Awaitable[T]],
    *,
    what: str,
    attempts: int = ATTEMPTS,
    max_wait: float = MAX_RETRY_AFTER,
    backoff_base: float = BACKOFF_BASE,
) -> T:
    """Run `attempt` until it succeeds, retrying 429/412/502/503/504 (honouring Retry-After, else exponential backoff
    with full jitter). The last error, or any other error, is raised."""
    for n in range(1, attempts + 1):
        try:
            return await attempt()
        except HttpOperationError as error:
            status = status_of(error)
            if status not in RETRYABLE or n == attempts:
                raise
            hinted = retry_after(error)
            delay = min(hinted, max_wait) if hinted is not None else random.uniform(0, backoff_base * 2 ** (n - 1))
            log.info("retrying", extra={"what": what, "status": status, "attempt": n, "delay_s": round(delay, 3)})
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


async def run_in_conversation(
    adapter: BotAdapter, reference: dict, app_id: str, work: Callable[[TurnContext], Awaitable[T]]
) -> T:
    """`work(ctx)` inside `continue_conversation`; its error is raised here (see `_capturing`)."""
    outcome: dict[str, Any] = {}
    await adapter.continue_conversation(
        ConversationReference().deserialize(reference), _capturing(work, outcome), app_id
    )
    return _result(outcome)


def _capturing(work: Callable[[TurnContext], Awaitable[Any]], outcome: dict[str, Any]) -> Callable:
    """A turn callback that keeps `work`'s error for the caller: left to the adapter, it would reach on_turn_error,
    which posts an error message into the conversation."""

    async def callback(ctx: TurnContext) -> None:
        try:
            outcome["value"] = await work(ctx)
        except Exception as error:
            outcome["error"] = error

    return callback


def _result(outcome: dict[str, Any]) -> Any:
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


class Delivery(Enum):
    DELIVERED = "delivered"
    RETRY = "retry"  # throttled, server error, network: worth another try later (the outbox)
    GIVE_UP = "give_up"  # 403 (removed or blocked) or no way to reach the person


class TeamsNotifier:
    """Implements bot.domain.ports.Notifier. Never raises: failures are logged (ids and status only) and give False."""

    def __init__(
        self,
        adapter: CloudAdapter,
        app_id: str,
        uow: UnitOfWorkFactory,
        clock: Clock,
        *,
        attempts: int = ATTEMPTS,
        max_wait: float = MAX_RETRY_AFTER,
        backoff_base: float = BACKOFF_BASE,
    ) -> None:
        self._adapter, self._app_id, self._uow, self._clock = adapter, app_id, uow, clock
        self._attempts, self._max_wait, self._backoff_base = attempts, max_wait, backoff_base

    async def notify(self, recipient: Recipient, text: str, card: dict | None = None) -> bool:
        return await self.deliver(recipient, text, card) is Delivery.DELIVERED

    async def deliver(self, recipient: Recipient, text: str, card: dict | None = None) -> "Delivery":
        """Like notify, telling apart what is worth retrying later (RETRY) from what never will work (GIVE_UP)."""
        activity = reply_activity(Reply(text=text, card=card))
        ids = {"person_id": recipient.person_id, "via_conversation_id": recipient.via_conversation_id}
        try:
            personal, via = await self._routes(recipient)
            if personal is not None:
                return await self._deliver("notify", _conversation_id(personal), self._sender(personal, activity))
            params = self._personal_chat(recipient, via)
            if params is None:
                log.info("no route", extra=ids)
                return Delivery.GIVE_UP
            return await self._create_and_send(recipient, via or {}, params, activity)
        except Exception as error:  # the boundary: the user already has their answer; a notification may fail
            log.warning("notify failed", extra={**ids, "status": status_of(error), "error_type": type(error).__name__})
            return Delivery.GIVE_UP if status_of(error) == FORBIDDEN else Delivery.RETRY

    async def update_card(self, conversation_id: str, activity_id: str, card: dict) -> bool:
        """Replace a posted card in place (the stored reference of `conversation_id`, the posted `activity_id`)."""
        ids = {"conversation_id": conversation_id, "activity_id": activity_id}
        try:
            async with self._uow(standalone=True) as uow:
                reference = await uow.conversation_refs.get(conversation_id)
            if reference is None:
                log.info("no route", extra=ids)
                return False

            async def update(ctx: TurnContext) -> None:
                await ctx.update_activity(card_update(card, activity_id))

            send = functools.partial(run_in_conversation, self._adapter, reference, self._app_id, update)
            return await self._deliver("update_card", conversation_id, send) is Delivery.DELIVERED
        except Exception as error:
            log.warning("card update failed", extra={**ids, "error_type": type(error).__name__})
            return False

    async def _routes(self, recipient: Recipient) -> tuple[dict | None, dict | None]:
        """The person's stored 1:1 reference, else the reference of the conversation shared with them."""
        async with self._uow(standalone=True) as uow:
            personal = await uow.conversation_refs.personal_for(recipient.person_id)
            if personal is None and recipient.teams_id and recipient.teams_id != recipient.person_id:
                personal = await uow.conversation_refs.personal_for(recipient.teams_id)
            if personal is not None or not recipient.via_conversation_id:
                return personal, None
            return None, await uow.conversation_refs.get(recipient.via_conversation_id)

    def _personal_chat(self, recipient: Recipient, via: dict | None) -> ConversationParameters | None:
        bot_id = ((via or {}).get("bot") or {}).get("id")
        conversation = (via or {}).get("conversation") or {}
        tenant = recipient.tenant_id or conversation.get("tenantID") or conversation.get("tenantId") or ""
        if not (via and via.get("serviceUrl") and bot_id and recipient.teams_id and tenant):
            return None
        return ConversationParameters(
            is_group=False,
            bot=ChannelAccount(id=bot_id),
            members=[ChannelAccount(id=recipient.teams_id)],
            tenant_id=tenant,
            channel_data={"tenant": {"id": tenant}},
        )

    async def _create_and_send(
        self, recipient: Recipient, via: dict, params: ConversationParameters, activity: Activity
    ) -> "Delivery":
        """Create the 1:1 chat and send in its first turn; if that send fails, retry through the new reference.
        The reference is stored before the first send, so later notifications reuse the chat even if this one fails."""
        created: dict[str, dict] = {}

        async def first_turn(ctx: TurnContext) -> None:
            reference = _personal_reference(ctx, recipient, params)
            await self._store(recipient, params, reference)  # before sending: a failed send is retried through it
            created["reference"] = reference
            await ctx.send_activity(activity)

        async def attempt() -> None:
            if "reference" in created:  # the chat exists; only the send failed
                await self._sender(created["reference"], activity)()
                return
            outcome: dict[str, Any] = {}
            await self._adapter.create_conversation(
                self._app_id,
                _capturing(first_turn, outcome),
                params,
                channel_id="msteams",
                service_url=via["serviceUrl"],
            )
            _result(outcome)

        return await self._deliver("create_personal", recipient.via_conversation_id, attempt)

    async def _store(self, recipient: Recipient, params: ConversationParameters, reference: dict) -> None:
        async with self._uow() as uow:
            await uow.conversation_refs.save(
                reference["conversation"]["id"],
                reference,
                now=self._clock.now(),
                tenant_id=params.tenant_id or "",
                user_id=recipient.person_id,
                conversation_type="personal",
            )

    def _sender(self, reference: dict, activity: Activity) -> Callable[[], Awaitable[None]]:
        async def send(ctx: TurnContext) -> None:
            await ctx.send_activity(activity)

        return functools.partial(run_in_conversation, self._adapter, reference, self._app_id, send)

    async def _deliver(self, what: str, conversation_id: str, attempt: Callable[[], Awaitable[None]]) -> "Delivery":
        try:
            await with_retries(
                attempt, what=what, attempts=self._attempts, max_wait=self._max_wait, backoff_base=self._backoff_base
            )
        except HttpOperationError as error:
            status = status_of(error)
            message = "cannot write to conversation" if status == FORBIDDEN else "delivery failed"
            log.warning(message, extra={"what": what, "conversation_id": conversation_id, "status": status})
            return Delivery.GIVE_UP if status == FORBIDDEN else Delivery.RETRY
        return Delivery.DELIVERED


def _conversation_id(reference: dict) -> str:
    return str((reference.get("conversation") or {}).get("id") or "")


def _personal_reference(ctx: TurnContext, recipient: Recipient, params: ConversationParameters) -> dict:
    """The new 1:1 chat's reference, in the shape remember_conversation stores for an inbound personal message."""
    activity = ctx.activity
    aad = recipient.person_id if recipient.person_id != recipient.teams_id else None
    conversation = ConversationAccount(
        id=activity.conversation.id, conversation_type="personal", tenant_id=params.tenant_id
    )
    return ConversationReference(
        bot=params.bot,
        user=ChannelAccount(id=recipient.teams_id, aad_object_id=aad),
        conversation=conversation,
        channel_id=activity.channel_id or "msteams",
        service_url=activity.service_url,
    ).serialize()
