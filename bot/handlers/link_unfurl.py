"""Link unfurling (composeExtension/queryLink) for the app's own links: a consultation's link unfolds into its
status card for the people who may see it (its requester, the support team) and into a neutral preview, the number
only, for anyone else, also when no such consultation exists; a dashboard link into the dashboard's name and period
(the figures stay behind its sign-in). Other links on the app's host get no preview."""

from bot.cards.link_cards import dashboard_link_card, neutral_consultation_card
from bot.deps import Deps
from bot.domain.app_links import link_target
from bot.domain.consultation import Role, role_of
from bot.handlers.compose_search import preview
from bot.handlers.views import card_names
from bot.routing import Router
from bot.services import status
from bot.texts import t
from bot.turn import Actor, ExtensionAnswer, ExtensionInvoke, Preview


async def unfurl(actor: Actor, invoke: ExtensionInvoke, deps: Deps) -> ExtensionAnswer:
    target = link_target(deps.public_base_url, invoke.url)
    locale = actor.locale
    if target is None:
        return ExtensionAnswer(results=())
    if target.kind == "dashboard":
        shown = Preview(
            title=t("link.dashboard_title", locale),
            text=target.period,
            card=dashboard_link_card(invoke.url, target.period, locale),
        )
        return ExtensionAnswer(results=(shown,))
    found = await status.find_by_number(deps.uow, target.number)
    if found is None or role_of(actor.id, found, is_support=actor.is_support) is Role.OTHER:
        neutral = Preview(
            title=t("link.consultation_title", locale, number=target.number),
            text=t("link.consultation_neutral", locale),
            card=neutral_consultation_card(target.number, locale),
        )
        return ExtensionAnswer(results=(neutral,))
    return ExtensionAnswer(results=(await preview(found, locale, deps, await card_names(found, deps)),))


def register(router: Router) -> None:
    router.extension("queryLink", "", unfurl)
