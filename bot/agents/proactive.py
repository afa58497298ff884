"""The Agents SDK transport of the shared notifier (bot/edge/notify.py): proactive 1:1 messages, new channel posts,
in-place card updates and new 1:1 chats through stored conversation references."""

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiohttp import ClientResponseError
from microsoft_agents.activity import (
    Activity,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import ConnectorClientBase, TurnContext

from bot.agents.translate import card_update, reply_activity
from bot.domain.ports import Clock, UnitOfWorkFactory
from bot.edge.notify import (
    ATTEMPTS,
    BACKOFF_BASE,
    MAX_RETRY_AFTER,
    PersonalChat,
    ProactiveNotifier,
    retry_after_header,
)
from bot.edge.turns import capturing, result
from bot.turn import Reply

TEAMS = "msteams"
T = TypeVar("T")


def reference_json(reference: ConversationReference) -> dict[str, Any]:
    """A reference as stored (Bot Framework JSON: `bot`, `conversation`, `serviceUrl` …)."""
    return reference.model_dump(by_alias=True, exclude_none=True, mode="json")


async def new_post(context: TurnContext, activity: Activity) -> str:
    """`activity` as a new message in the context's conversation (a channel post), not a reply. The SDK's own path
    (send_activities) sets the activity's id to None and send_to_conversation then writes `"id": null`, which the
    Agents Playground refuses (400 BadArgument): here the id is never set, so it is left out."""
    connector = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]  # the SDK's own key
    if connector is None:
        raise RuntimeError("no connector client in the proactive turn")
    activity.apply_conversation_reference(context.activity.get_conversation_reference())
    response = await connector.conversations.send_to_conversation(activity.conversation.id, activity)
    return response.id or ""


class AgentsErrors:
    """The SDK's connector client raises aiohttp's ClientResponseError for a non-2xx answer (bot/edge/notify.py)."""

    def status_of(self, error: BaseException) -> int | None:
        return error.status if isinstance(error, ClientResponseError) else None

    def retry_after(self, error: BaseException) -> float | None:
        return retry_after_header(error.headers) if isinstance(error, ClientResponseError) else None


async def run_in_conversation(
    adapter: CloudAdapter, app_id: str, reference: dict[str, Any], work: Callable[[TurnContext], Awaitable[T]]
) -> T:
    """`work(context)` in a proactive turn of the stored `reference`'s conversation; its error is raised here."""
    continuation = ConversationReference.model_validate(reference).get_continuation_activity()
    continuation.id = None  # what is sent then is a new message, not a reply to this made-up activity id
    outcome: dict[str, Any] = {}
    await adapter.continue_conversation(app_id, continuation, capturing(work, outcome))
    value: T = result(outcome)
    return value


class AgentsTransport(AgentsErrors):
    def __init__(self, adapter: CloudAdapter, app_id: str) -> None:
        self._adapter, self._app_id = adapter, app_id

    async def send(self, reference: dict[str, Any], reply: Reply) -> str:
        activity = reply_activity(reply)

        async def send(context: TurnContext) -> str:
            if not reference.get("activityId"):
                return await new_post(context, activity)
            response = await context.send_activity(activity)
            return response.id or "" if response is not None else ""

        return await run_in_conversation(self._adapter, self._app_id, reference, send)

    async def update(self, reference: dict[str, Any], activity_id: str, card: dict[str, Any]) -> None:
        async def update(context: TurnContext) -> None:
            await context.update_activity(card_update(card, activity_id))

        await run_in_conversation(self._adapter, self._app_id, reference, update)

    async def create_personal(
        self, chat: PersonalChat, reply: Reply, created: Callable[[dict[str, Any]], Awaitable[None]]
    ) -> None:
        bot = ChannelAccount(id=chat.bot_id)
        params = ConversationParameters(
            is_group=False,
            agent=bot,
            members=[ChannelAccount(id=chat.user_id)],
            tenant_id=chat.tenant_id,
            channel_data={"tenant": {"id": chat.tenant_id}},
        )
        activity = reply_activity(reply)

        async def first_turn(context: TurnContext) -> None:
            conversation = ConversationAccount(
                id=context.activity.conversation.id, conversation_type="personal", tenant_id=chat.tenant_id
            )
            user = ChannelAccount(id=chat.user_id, aad_object_id=chat.user_aad_id)
            reference = ConversationReference(
                agent=bot, user=user, conversation=conversation, channel_id=TEAMS, service_url=chat.service_url
            )
            await created(reference_json(reference))  # stored before sending: a failed send is retried through it
            await context.send_activity(activity)

        audience = self._adapter.create_claims_identity(self._app_id).get_token_audience()
        outcome: dict[str, Any] = {}
        await self._adapter.create_conversation(
            self._app_id, TEAMS, chat.service_url, audience, params, capturing(first_turn, outcome)
        )
        result(outcome)


class AgentsNotifier(ProactiveNotifier):
    """The notifier of the agents host (bot.domain.ports.Notifier; never raises)."""

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
        transport = AgentsTransport(adapter, app_id)
        super().__init__(transport, uow, clock, attempts=attempts, max_wait=max_wait, backoff_base=backoff_base)
