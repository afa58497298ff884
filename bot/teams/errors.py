"""Unexpected errors at the edge: log ids (never text or names), answer politely with a reference."""

import logging
import uuid
from collections.abc import Awaitable, Callable

from botbuilder.core import MessageFactory, TurnContext
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.texts import locale_of, t

DATABASE_DOWN = (OperationalError, InterfaceError, PoolTimeout, ConnectionError, OSError)


def is_database_unavailable(error: BaseException) -> bool:
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, DATABASE_DOWN)


def error_text(error: BaseException, locale: str) -> tuple[str, str]:
    """(reference, polite message) for an unexpected error."""
    ref = uuid.uuid4().hex[:8]
    if is_database_unavailable(error):
        return ref, t("error.db_unavailable", locale)
    return ref, t("error.generic", locale, ref=ref)


def log_failure(logger: logging.Logger, ctx: TurnContext, error: BaseException, ref: str, where: str) -> None:
    activity = ctx.activity
    logger.error(
        "turn failed",
        exc_info=error,
        extra={
            "ref": ref,
            "where": where,
            "activity_id": activity.id,
            "activity_type": activity.type,
            "activity_name": activity.name,
            "conversation_id": getattr(activity.conversation, "id", None),
            "error_type": type(error).__name__,
        },
    )


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
