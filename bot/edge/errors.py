"""Unexpected errors at the edge, for either host: log ids (never text or names), answer politely with a reference."""

import logging
import uuid
from typing import Any

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.texts import t

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


def log_failure(logger: logging.Logger, ctx: Any, error: BaseException, ref: str, where: str) -> None:
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
