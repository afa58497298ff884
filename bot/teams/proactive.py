"""TeamsNotifier: proactive 1:1 messages and in-place card updates through stored references, with retries, on
botbuilder (the routes and the retry policy are shared with the agents host: bot/edge/notify.py); and the retry
and continue-conversation helpers of the other botbuilder senders (roster, spool, channel posts)."""

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import (
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)
from msrest.exceptions import HttpOperationError

from bot.domain.ports import Clock, UnitOfWorkFactory
from bot.edge.notify import (
    ATTEMPTS,
    BACKOFF_BASE,
    MAX_RETRY_AFTER,
    PersonalChat,
    ProactiveNotifier,
    retry_after_header,
    retrying,
)
from bot.edge.turns import capturing, result
from bot.teams.translate import card_update, reply_activity
from bot.turn import Reply

T = TypeVar("T")



def status_of(error: BaseException) -> int | None:
    return getattr(getattr(error, "response", None), "status_code", None)


def retry_after(error: BaseException) -> float | None:
    """Retry-After in seconds (the HTTP-date form is ignored: backoff applies instead)."""
    return retry_after_header(getattr(getattr(error, "response", None), "headers", None))


class BotbuilderErrors:
    """botbuilder reports the Bot Connector's HTTP answers as msrest HttpOperationError (bot/edge/notify.py)."""

    def status_of(self, error: BaseException) -> int | None:
        return status_of(error) if isinstance(error, HttpOperationError) else None

    def retry_after(self, error: BaseException) -> float | None:
        return retry_after(error)


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
    return await retrying(
        attempt, BotbuilderErrors(), what=what, attempts=attempts, max_wait=max_wait, backoff_base=backoff_base
    )


async def run_in_conversation(
    adapter: BotAdapter, reference: dict, app_id: str, work: Callable[[TurnContext], Awaitable[T]]
) -> T:
    """`work(ctx)` inside `continue_conversation`; its error is raised here (see `_capturing`)."""
    outcome: dict[str, Any] = {}
    await adapter.continue_conversation(
        ConversationReference().deserialize(reference), capturing(work, outcome), app_id
    )
    return result(outcome)


class BotbuilderTransport(BotbuilderErrors):
    """How botbuilder sends, updates and creates a 1:1 chat (bot/edge/notify.py's Transport)."""

    def __init__(self, adapter: CloudAdapter, app_id: str) -> None:
        self._adapter, self._app_id = adapter, app_id

    async def send(self, reference: dict[str, Any], reply: Reply) -> str:
        activity = reply_activity(reply)

        async def send(ctx: TurnContext) -> str:
            response = await ctx.send_activity(activity)
            return getattr(response, "id", "") or ""

        posted: str = await run_in_conversation(self._adapter, reference, self._app_id, send)
        return posted

    async def update(self, reference: dict[str, Any], activity_id: str, card: dict[str, Any]) -> None:
        async def update(ctx: TurnContext) -> None:
            await ctx.update_activity(card_update(card, activity_id))

        await run_in_conversation(self._adapter, reference, self._app_id, update)

    async def create_personal(
        self, chat: PersonalChat, reply: Reply, created: Callable[[dict[str, Any]], Awaitable[None]]
    ) -> None:
        params = ConversationParameters(
            is_group=False,
            bot=ChannelAccount(id=chat.bot_id),
            members=[ChannelAccount(id=chat.user_id)],
            tenant_id=chat.tenant_id,
            channel_data={"tenant": {"id": chat.tenant_id}},
        )
        activity = reply_activity(reply)

        async def first_turn(ctx: TurnContext) -> None:
            await created(_personal_reference(ctx, chat))  # stored before sending: a failed send is retried through it
            await ctx.send_activity(activity)

        outcome: dict[str, Any] = {}
        await self._adapter.create_conversation(
            self._app_id, capturing(first_turn, outcome), params, channel_id="msteams", service_url=chat.service_url
        )
        result(outcome)


class TeamsNotifier(ProactiveNotifier):
    """The notifier of the botbuilder host (bot.domain.ports.Notifier; never raises)."""

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
        transport = BotbuilderTransport(adapter, app_id)
        super().__init__(transport, uow, clock, attempts=attempts, max_wait=max_wait, backoff_base=backoff_base)


def _personal_reference(ctx: TurnContext, chat: PersonalChat) -> dict:
    """The new 1:1 chat's reference, in the shape remember_conversation stores for an inbound personal message."""
    activity = ctx.activity
    conversation = ConversationAccount(
        id=activity.conversation.id, conversation_type="personal", tenant_id=chat.tenant_id
    )
    return ConversationReference(
        bot=ChannelAccount(id=chat.bot_id),
        user=ChannelAccount(id=chat.user_id, aad_object_id=chat.user_aad_id),
        conversation=conversation,
        channel_id=activity.channel_id or "msteams",
        service_url=activity.service_url,
    ).serialize()
