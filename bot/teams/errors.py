"""Unexpected errors at the edge: log ids (never text or names), answer politely with a reference."""

import logging
from collections.abc import Awaitable, Callable

from botbuilder.core import MessageFactory, TurnContext

from bot.edge.errors import (  # noqa: F401  (re-exported: shared with bot/agents)
    DATABASE_DOWN,
    error_text,
    is_database_unavailable,
    log_failure,
)
from bot.texts import locale_of


def make_on_turn_error(logger: logging.Logger) -> Callable[[TurnContext, Exception], Awaitable[None]]:
    async def on_turn_error(ctx: TurnContext, error: Exception) -> None:
        ref, text = error_text(error, locale_of(ctx.activity.locale))
        log_failure(logger, ctx, error, ref, "on_turn_error")
        if ctx.activity.type == "invoke":
            return  # invokes are answered at the invoke boundary
        try:
            await ctx.send_activity(MessageFactory.text(text))
        except Exception:
            logger.warning("could not send the error message", extra={"ref": ref})

    return on_turn_error
