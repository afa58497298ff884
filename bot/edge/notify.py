"""Proactive 1:1 messages and in-place card updates through stored conversation references, with retries: what
both hosts do alike. Each host supplies a `Transport` (how its SDK sends, updates, creates a 1:1 chat, and what
its HTTP errors look like); the routes, the retry policy and what is worth retrying later live here."""

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol, TypeVar

from bot.domain.ports import Clock, Recipient, UnitOfWorkFactory
from bot.edge.send_budget import SENDING_TENANT
from bot.turn import Reply

log = logging.getLogger("consult.notify")
T = TypeVar("T")

RETRYABLE = frozenset({412, 429, 502, 503, 504})  # TEAMS-FACTS §1
FORBIDDEN = 403  # uninstalled or blocked (MessageWritesBlocked): never retried, TEAMS-FACTS §9
ATTEMPTS = 3
MAX_RETRY_AFTER = 10.0  # seconds; a longer Retry-After is waited for this long, then tried once more
BACKOFF_BASE = 0.5  # seconds: ~0.5 s, then ~1 s, with full jitter


class Delivery(Enum):
    DELIVERED = "delivered"
    RETRY = "retry"  # throttled, server error, network: worth another try later (the outbox)
    GIVE_UP = "give_up"  # 403 (removed or blocked) or no way to reach the person


@dataclass(frozen=True)
class PersonalChat:
    """What creating a 1:1 chat with a person needs (from the conversation shared with them)."""

    service_url: str
    bot_id: str
    user_id: str  # the person's Teams id
    tenant_id: str
    user_aad_id: str | None = None  # the person's Entra id, when known apart from the Teams id


class HttpErrors(Protocol):
    """How a host's SDK reports an HTTP answer of the Bot Connector."""

    def status_of(self, error: BaseException) -> int | None:
        """The HTTP status when `error` is the connector's answer, else None (a network error, a bug …)."""
        ...

    def retry_after(self, error: BaseException) -> float | None:
        """Retry-After in seconds (the HTTP-date form is ignored: backoff applies instead)."""
        ...


class Transport(HttpErrors, Protocol):
    async def send(self, reference: dict[str, Any], reply: Reply) -> str:
        """Send `reply` as a new message in the reference's conversation; the id the channel gave it."""
        ...

    async def update(self, reference: dict[str, Any], activity_id: str, card: dict[str, Any]) -> None: ...

    async def create_personal(
        self, chat: PersonalChat, reply: Reply, created: Callable[[dict[str, Any]], Awaitable[None]]
    ) -> None:
        """Create the 1:1 chat, give its reference (in the shape stored for an inbound personal message) to
        `created`, then send `reply` in it."""
        ...


async def retrying(
    attempt: Callable[[], Awaitable[T]],
    errors: HttpErrors,
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
        except Exception as error:
            status = errors.status_of(error)
            if status is None or status not in RETRYABLE or n == attempts:
                raise
            hinted = errors.retry_after(error)
            delay = min(hinted, max_wait) if hinted is not None else random.uniform(0, backoff_base * 2 ** (n - 1))
            log.info("retrying", extra={"what": what, "status": status, "attempt": n, "delay_s": round(delay, 3)})
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


def retry_after_header(headers: Any) -> float | None:
    try:
        seconds = float((headers or {}).get("Retry-After", ""))
    except (TypeError, ValueError):
        return None
    return seconds if seconds >= 0 else None


class ProactiveNotifier:
    """Implements bot.domain.ports.Notifier. Never raises: failures are logged (ids and status only) and give False."""

    def __init__(
        self,
        transport: Transport,
        uow: UnitOfWorkFactory,
        clock: Clock,
        *,
        attempts: int = ATTEMPTS,
        max_wait: float = MAX_RETRY_AFTER,
        backoff_base: float = BACKOFF_BASE,
    ) -> None:
        self._transport, self._uow, self._clock = transport, uow, clock
        self._attempts, self._max_wait, self._backoff_base = attempts, max_wait, backoff_base

    async def notify(self, recipient: Recipient, text: str, card: dict | None = None) -> bool:
        return await self.deliver(recipient, text, card) is Delivery.DELIVERED

    async def deliver(self, recipient: Recipient, text: str, card: dict | None = None) -> Delivery:
        """Like notify, telling apart what is worth retrying later (RETRY) from what never will work (GIVE_UP).
        Its sends count against the recipient's tenant (a stored reference need not name it)."""
        token = SENDING_TENANT.set(recipient.tenant_id or SENDING_TENANT.get())
        try:
            return await self._deliver_to(recipient, text, card)
        finally:
            SENDING_TENANT.reset(token)

    async def _deliver_to(self, recipient: Recipient, text: str, card: dict | None) -> Delivery:
        reply = Reply(text=text, card=card)
        ids = {"person_id": recipient.person_id, "via_conversation_id": recipient.via_conversation_id}
        try:
            personal, via = await self._routes(recipient)
            if personal is not None:
                reference = personal
                return await self._deliver(
                    "notify", _conversation_id(personal), lambda: self._transport.send(reference, reply)
                )
            chat = personal_chat(recipient, via)
            if chat is None:
                log.info("no route", extra=ids)
                return Delivery.GIVE_UP
            return await self._create_and_send(recipient, chat, reply)
        except Exception as error:  # the boundary: the user already has their answer; a notification may fail
            status = self._transport.status_of(error)
            log.warning("notify failed", extra={**ids, "status": status, "error_type": type(error).__name__})
            return Delivery.GIVE_UP if status == FORBIDDEN else Delivery.RETRY

    async def update_card(self, conversation_id: str, activity_id: str, card: dict) -> bool:
        """Replace a posted card in place (the stored reference of `conversation_id`, the posted `activity_id`)."""
        ids = {"conversation_id": conversation_id, "activity_id": activity_id}
        try:
            async with self._uow(standalone=True) as uow:
                reference = await uow.conversation_refs.get(conversation_id)
            if reference is None:
                log.info("no route", extra=ids)
                return False
            found = reference
            update = await self._deliver(
                "update_card", conversation_id, lambda: self._transport.update(found, activity_id, card)
            )
            return update is Delivery.DELIVERED
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

    async def _create_and_send(self, recipient: Recipient, chat: PersonalChat, reply: Reply) -> Delivery:
        """Create the 1:1 chat and send in its first turn; if that send fails, retry through the new reference.
        The reference is stored before the first send, so later notifications reuse the chat even if this one fails."""
        created: dict[str, dict] = {}

        async def store(reference: dict[str, Any]) -> None:
            async with self._uow() as uow:
                await uow.conversation_refs.save(
                    _conversation_id(reference),
                    reference,
                    now=self._clock.now(),
                    tenant_id=chat.tenant_id,
                    user_id=recipient.person_id,
                    conversation_type="personal",
                )
            created["reference"] = reference

        async def attempt() -> None:
            if "reference" in created:  # the chat exists; only the send failed
                await self._transport.send(created["reference"], reply)
                return None
            await self._transport.create_personal(chat, reply, store)

        return await self._deliver("create_personal", recipient.via_conversation_id, attempt)

    async def _deliver(self, what: str, conversation_id: str, attempt: Callable[[], Awaitable[Any]]) -> Delivery:
        try:
            await retrying(
                attempt,
                self._transport,
                what=what,
                attempts=self._attempts,
                max_wait=self._max_wait,
                backoff_base=self._backoff_base,
            )
        except Exception as error:
            status = self._transport.status_of(error)
            if status is None:
                raise
            message = "cannot write to conversation" if status == FORBIDDEN else "delivery failed"
            log.warning(message, extra={"what": what, "conversation_id": conversation_id, "status": status})
            return Delivery.GIVE_UP if status == FORBIDDEN else Delivery.RETRY
        return Delivery.DELIVERED


def personal_chat(recipient: Recipient, via: dict | None) -> PersonalChat | None:
    """How to open a 1:1 chat with `recipient` from the conversation shared with them, if that is possible."""
    bot_id = ((via or {}).get("bot") or {}).get("id")
    conversation = (via or {}).get("conversation") or {}
    tenant = recipient.tenant_id or conversation.get("tenantID") or conversation.get("tenantId") or ""
    service_url = (via or {}).get("serviceUrl")
    if not (service_url and bot_id and recipient.teams_id and tenant):
        return None
    aad = recipient.person_id if recipient.person_id != recipient.teams_id else None
    return PersonalChat(service_url, bot_id, recipient.teams_id, tenant, aad)


def _conversation_id(reference: dict) -> str:
    return str((reference.get("conversation") or {}).get("id") or "")
