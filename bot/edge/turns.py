"""What both hosts do around a turn, free of either SDK: carry a turn callback's outcome out of the adapter, keep the
sender's display name fresh, and send a reply's 1:1 notices after the answer."""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.deps import Deps
from bot.edge.background import Background
from bot.edge.errors import is_database_unavailable
from bot.services.people import NameKeeper
from bot.turn import Actor, Reply

log = logging.getLogger("consult.bot")


def capturing(work: Callable[[Any], Awaitable[Any]], outcome: dict[str, Any]) -> Callable[[Any], Awaitable[None]]:
    """A turn callback that keeps `work`'s result or error in `outcome` for the caller (`result`): left to the
    adapter, an error would reach on_turn_error, which posts an error message into the conversation."""

    async def callback(context: Any) -> None:
        try:
            outcome["value"] = await work(context)
        except Exception as error:
            outcome["error"] = error

    return callback


def result(outcome: dict[str, Any]) -> Any:
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


async def keep_name_fresh(names: NameKeeper, actor: Actor, deps: Deps) -> None:
    """The sender's name goes to the people store (written only when it changed); a database outage skips it."""
    try:
        await names.seen(deps.uow, actor.person, deps.clock.now(), deps.names)
    except Exception as error:
        if not is_database_unavailable(error):
            raise
        log.warning("database unavailable: display name not refreshed")


def send_notices(reply: Reply, deps: Deps, background: Background) -> None:
    """1:1 messages go out after the answer, in the background; the notifier retries and never raises."""
    notifier = deps.notifier
    if notifier is None:
        return
    for notice in reply.notices:
        background.spawn(notifier.notify(notice.recipient, notice.text))
