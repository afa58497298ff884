"""Declarative routing: one table of commands (first word, width- and case-normalised) and one of card verbs."""

import inspect
import unicodedata
from collections.abc import Awaitable, Callable, Iterable

from bot.deps import Deps
from bot.texts import t
from bot.turn import Actor, CardAction, MessageInput, Reply

CommandHandler = Callable[[Actor, MessageInput, Deps], Awaitable[Reply]]
VerbHandler = Callable[[Actor, CardAction, Deps], Awaitable[Reply]]


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


class Router:
    def __init__(self) -> None:
        self._commands: dict[str, CommandHandler] = {}
        self._verbs: dict[str, VerbHandler] = {}
        self._default: CommandHandler | None = None

    def command(self, names: Iterable[str], handler: CommandHandler) -> None:
        _check(handler)
        for name in names:
            key = normalize_word(name)
            if key in self._commands:
                raise ValueError(f"command {name!r} registered twice")
            self._commands[key] = handler

    def verb(self, verb: str, handler: VerbHandler) -> None:
        _check(handler)
        if verb in self._verbs:
            raise ValueError(f"verb {verb!r} registered twice")
        self._verbs[verb] = handler

    def default(self, handler: CommandHandler) -> None:
        _check(handler)
        if self._default is not None:
            raise ValueError("default route registered twice")
        self._default = handler

    def is_command(self, word: str) -> bool:
        return word in self._commands

    @property
    def verbs(self) -> frozenset[str]:
        return frozenset(self._verbs)

    async def dispatch_message(self, actor: Actor, message: MessageInput, deps: Deps) -> Reply:
        handler = self._commands.get(message.command) or self._default
        if handler is None:
            raise LookupError("no default route")
        return await handler(actor, message, deps)

    async def dispatch_action(self, actor: Actor, action: CardAction, deps: Deps) -> Reply:
        handler = self._verbs.get(action.verb)
        if handler is None:
            return Reply.bad_request(t("error.invalid_input", actor.locale))
        return await handler(actor, action, deps)


def build_router() -> Router:
    from bot.handlers import (
        commands,
        departments,
        intake,
        intake_form,
        record_actions,
        setup,
        status_actions,
        summary,
    )

    router = Router()
    for feature in (commands, intake, intake_form, status_actions, record_actions, setup, departments, summary):
        feature.register(router)
    return router
