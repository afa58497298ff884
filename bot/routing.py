"""Declarative routing: a table of commands (first word, width- and case-normalised) and a table of card verbs,
each verb with its contract: whether it targets a consultation and who may use it. The router enforces the
contract, so handlers never repeat those checks. Features register themselves (bot/handlers/__init__.py);
this module imports no handler."""

import inspect
import unicodedata
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace

from bot.deps import Deps
from bot.domain.access import Access
from bot.domain.errors import NotAllowed
from bot.texts import t
from bot.turn import Actor, CardAction, ExtensionAnswer, ExtensionInvoke, MessageInput, Reply

CommandHandler = Callable[[Actor, MessageInput, Deps], Awaitable[Reply]]
VerbHandler = Callable[[Actor, CardAction, Deps], Awaitable[Reply]]
Refusal = Callable[[Actor, CardAction, NotAllowed, Deps], Awaitable[Reply]]
ExtensionHandler = Callable[[Actor, ExtensionInvoke, Deps], Awaitable[ExtensionAnswer]]


def normalize_word(word: str) -> str:
    """全角/半角 and case folded: 'ＨＥＬＰ', 'Help' and 'help' are the same command."""
    return unicodedata.normalize("NFKC", word).casefold().strip()


def split_command(text: str) -> tuple[str, str]:
    """The first word (normalised) and the rest, as typed. Japanese full-width spaces separate words too."""
    parts = unicodedata.normalize("NFKC", text).strip().split(maxsplit=1)
    if not parts:
        return "", ""
    return normalize_word(parts[0]), parts[1].strip() if len(parts) > 1 else ""


def _check(handler: object) -> None:
    if not inspect.iscoroutinefunction(handler):
        raise TypeError(f"handler {handler!r} must be an async function")


@dataclass(frozen=True)
class VerbRoute:
    """A card verb's contract: `needs_id` — the card's data must name a consultation (else 400, the handler is not
    called); `access` — who may use it. Support-only verbs are refused before the handler runs; rules that depend
    on the consultation (its requester) travel with the action and are checked on the row the change applies to."""

    handler: VerbHandler
    needs_id: bool
    access: Access
    starts_conversation: bool = False  # an Action.Submit verb whose reply may ask the conversation's questions


async def _plain_refusal(actor: Actor, action: CardAction, error: NotAllowed, deps: Deps) -> Reply:
    return Reply.message(t(error.key, actor.locale, **error.params))


class Router:
    def __init__(self, refusal: Refusal = _plain_refusal) -> None:
        self._commands: dict[str, CommandHandler] = {}
        self._verbs: dict[str, VerbRoute] = {}
        self._default: CommandHandler | None = None
        self._extensions: dict[tuple[str, str], ExtensionHandler] = {}
        self._refusal = refusal

    def command(self, names: Iterable[str], handler: CommandHandler) -> None:
        _check(handler)
        for name in names:
            key = normalize_word(name)
            if key in self._commands:
                raise ValueError(f"command {name!r} registered twice")
            self._commands[key] = handler

    def verb(
        self,
        verb: str,
        handler: VerbHandler,
        *,
        needs_id: bool = True,
        access: Access = Access.ANYONE,
        starts_conversation: bool = False,
    ) -> None:
        _check(handler)
        if verb in self._verbs:
            raise ValueError(f"verb {verb!r} registered twice")
        self._verbs[verb] = VerbRoute(handler, needs_id, access, starts_conversation)

    def starts_conversation(self, verb: str) -> bool:
        """Its reply may start the conversation (Reply.ask): a host runs it only when no question is open."""
        route = self._verbs.get(verb)
        return route is not None and route.starts_conversation

    def default(self, handler: CommandHandler) -> None:
        _check(handler)
        if self._default is not None:
            raise ValueError("default route registered twice")
        self._default = handler

    def extension(self, kind: str, command_id: str, handler: ExtensionHandler) -> None:
        """A message-extension invoke (`kind`: fetchTask, submitAction, query, queryLink) of a manifest command
        (`command_id`; "" for queryLink, which names none)."""
        _check(handler)
        if (kind, command_id) in self._extensions:
            raise ValueError(f"extension {kind} {command_id!r} registered twice")
        self._extensions[(kind, command_id)] = handler

    @property
    def extensions(self) -> frozenset[tuple[str, str]]:
        return frozenset(self._extensions)

    def is_command(self, word: str) -> bool:
        return word in self._commands

    @property
    def verbs(self) -> frozenset[str]:
        return frozenset(self._verbs)

    def route(self, verb: str) -> VerbRoute | None:
        return self._verbs.get(verb)

    async def dispatch_message(self, actor: Actor, message: MessageInput, deps: Deps) -> Reply:
        handler = self._commands.get(message.command) or self._default
        if handler is None:
            raise LookupError("no default route")
        return await handler(actor, message, deps)

    async def dispatch_action(self, actor: Actor, action: CardAction, deps: Deps) -> Reply:
        route = self._verbs.get(action.verb)
        if route is None or (route.needs_id and action.consultation_id is None):
            return Reply.bad_request(t("error.invalid_input", actor.locale))
        action = replace(action, access=route.access)
        if route.access is Access.SUPPORT and not actor.is_support:
            return await self._refusal(actor, action, NotAllowed("error.not_allowed"), deps)
        return await route.handler(actor, action, deps)

    async def dispatch_extension(self, actor: Actor, invoke: ExtensionInvoke, deps: Deps) -> ExtensionAnswer:
        """An invoke of a command this app does not declare is answered politely (a search pane or a dialog shows
        the text)."""
        handler = self._extensions.get((invoke.kind, invoke.command_id))
        if handler is None:
            return ExtensionAnswer(message=t("register.unknown_command", actor.locale))
        return await handler(actor, invoke, deps)
