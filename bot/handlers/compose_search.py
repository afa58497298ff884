"""「相談を検索」: the compose box's search command. Words or a number (R8-0001, Ｒ８－１) give result previews; the
support team finds every consultation, anyone else only their own; no words, the most recent. Choosing a result
inserts its status card, which the requester's and the support team's clients refresh into their own view."""

from bot.deps import Deps
from bot.domain.consultation import Consultation
from bot.domain.people import Names, ids_of
from bot.handlers.views import inserted_card
from bot.routing import Router
from bot.services import records
from bot.texts import local_date, t
from bot.turn import Actor, ExtensionAnswer, ExtensionInvoke, Preview

SEARCH = "searchConsultations"  # the manifest's command id (manifest/manifest.template.json)
PREVIEW_TITLE = 80


async def preview(c: Consultation, locale: str, deps: Deps, names: Names) -> Preview:
    """What the result list shows (number and title; status and category; requester and date) and the card."""
    return Preview(
        title=f"{c.number} {c.title}"[:PREVIEW_TITLE],
        subtitle=t("search.preview_subtitle", locale, status=c.status, category=c.category),
        text=t("search.preview_text", locale, name=names.person(c.requester), date=local_date(c.created_at, locale)),
        card=await inserted_card(c, locale, deps, names),
    )


async def search(actor: Actor, invoke: ExtensionInvoke, deps: Deps) -> ExtensionAnswer:
    found = await records.browse(
        deps.uow,
        invoke.query,
        requester_id=None if actor.is_support else actor.id,
        skip=invoke.skip,
        count=invoke.count,
    )
    names = await deps.names.read(deps.uow, ids_of([p for c in found for p in (c.requester, c.assignee)]))
    return ExtensionAnswer(results=tuple([await preview(c, actor.locale, deps, names) for c in found]))


def register(router: Router) -> None:
    router.extension("query", SEARCH, search)
