"""Which card each person sees, and what the requester is told when their consultation changes."""

from bot.cards.links import thread_link
from bot.cards.status_card import status_card
from bot.deps import Deps
from bot.domain.consultation import Consultation, Role, role_of
from bot.domain.ports import Recipient
from bot.texts import t
from bot.turn import Actor, Notice


async def refresh_ids(c: Consultation, deps: Deps) -> list[str]:
    """Teams ids whose clients fetch their own view: the requester first, then the support team (max 60)."""
    members = await deps.roster.members()
    return [c.requester.teams_id, *(m.teams_id for m in members)]


async def viewer_card(c: Consultation, actor: Actor, deps: Deps, notice: str = "") -> dict:
    """The card as this actor may use it."""
    view = role_of(actor.id, c, is_support=actor.is_support)
    members = await deps.roster.members() if view is Role.SUPPORT else ()
    return status_card(
        c,
        actor.locale,
        view=view,
        members=members,
        notice=notice,
        refresh_ids=await refresh_ids(c, deps),
        viewer_id=actor.id,
    )


async def shared_card(c: Consultation, locale: str, deps: Deps, notice: str = "") -> dict:
    """The card everyone in the conversation sees before their client refreshes: the support team's view in
    channels, the requester's own view in their 1:1 chat."""
    in_channel = bool(c.place.thread_id)
    if in_channel or await deps.roster.is_member([c.requester.id]):
        view, members = Role.SUPPORT, await deps.roster.members()
    else:
        view, members = Role.REQUESTER, ()
    return status_card(c, locale, view=view, members=members, notice=notice, refresh_ids=await refresh_ids(c, deps))


def tell_requester(c: Consultation, actor: Actor, key: str, **params: object) -> tuple[Notice, ...]:
    """A 1:1 message to the requester (none when they did it themselves)."""
    if actor.id == c.requester.id:
        return ()
    locale = "ja"
    text = t(key, locale, number=c.number, title=c.title[:60], **params)
    link = thread_link(c.place)
    if link:
        text += t("notify.link", locale, url=link)
    recipient = Recipient(
        person_id=c.requester.id,
        teams_id=c.requester.teams_id,
        tenant_id=c.place.tenant_id,
        via_conversation_id=c.place.conversation_id,
        locale=locale,
    )
    return (Notice(recipient, text),)
