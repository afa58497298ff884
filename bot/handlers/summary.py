"""集計 / summary [期間]: the figures for a period on demand, as the weekly summary card."""

from bot.cards.summary_card import summary_card
from bot.deps import Deps
from bot.domain.periods import parse_period
from bot.routing import Router
from bot.services.reports import build_summary
from bot.texts import t
from bot.turn import Actor, MessageInput, Reply

SUMMARY = ("集計", "summary")


async def show_summary(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    now = deps.clock.now()
    period = parse_period(message.args, now.astimezone(deps.tz).date())
    if period is None:
        return Reply.message(t("summary.bad_period", actor.locale))
    summary = await build_summary(deps.uow, period, now=now, tz=deps.tz, ageing=deps.ageing)
    link = deps.dashboard_link(period) if deps.dashboard_link else ""
    return Reply(card=summary_card(summary, actor.locale, dashboard_url=link))


def register(router: Router) -> None:
    router.command(SUMMARY, show_summary)
