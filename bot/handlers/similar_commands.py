"""The support team's commands over the programme's memory: 類似 R8-0001 (earlier consultations like one) and
事例 キーワード (completed solutions that mention the keywords)."""

from bot.cards.elements import user_text
from bot.cards.similar_section import similar_list_card
from bot.deps import Deps
from bot.domain.fiscal_year import example_number
from bot.handlers.commands import visible
from bot.routing import Router
from bot.services import similar
from bot.texts import t
from bot.turn import Actor, MessageInput, Reply

SIMILAR = ("類似", "similar")
SOLUTIONS = ("事例", "cases")


async def list_similar(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    if not actor.is_support:
        return Reply.message(t("error.not_allowed", actor.locale))
    if not message.args.strip():
        return Reply.message(t("similar.usage", actor.locale, example=example_number(deps.clock.now(), deps.tz)))
    found = await visible(actor, message, deps)
    if isinstance(found, Reply):
        return found
    cases = await similar.similar_to(deps.library, deps.uow, found, limit=similar.LISTED)
    locale = actor.locale
    heading = t("similar.list_heading", locale, number=found.number, limit=similar.LISTED)
    return Reply(card=similar_list_card(cases, heading, t("similar.none", locale, number=found.number), locale))


async def search_solutions(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    if not actor.is_support:
        return Reply.message(t("error.not_allowed", actor.locale))
    query = message.args.strip()
    if not query:
        return Reply.message(t("solutions.usage", actor.locale))
    cases = await similar.solutions(deps.library, deps.uow, query, limit=similar.SOLUTIONS)
    locale, shown = actor.locale, user_query(query)
    heading = t("solutions.heading", locale, query=shown, limit=similar.SOLUTIONS)
    return Reply(card=similar_list_card(cases, heading, t("solutions.none", locale, query=shown), locale))


def user_query(query: str) -> str:
    """The keywords as typed (shown literally), cut to what a heading can hold."""
    return user_text(query[:100])


def register(router: Router) -> None:
    router.command(SIMILAR, list_similar)
    router.command(SOLUTIONS, search_solutions)
