"""Which card each person sees, and what the requester is told when their consultation changes."""

from collections.abc import Sequence
from typing import Any

from bot.cards.elements import user_text
from bot.cards.links import thread_link
from bot.cards.status_card import status_card
from bot.deps import Deps
from bot.domain.consultation import Consultation, Person, Role, role_of
from bot.domain.people import Names, ids_of, shown_name
from bot.domain.ports import Recipient
from bot.domain.similar import SimilarCase
from bot.services import similar
from bot.texts import t
from bot.turn import Actor, Notice


async def refresh_ids(c: Consultation, deps: Deps) -> list[str]:
    """Teams ids whose clients fetch their own view: the requester first, then the support team (max 60)."""
    members = await deps.roster.members()
    return [c.requester.teams_id, *(m.teams_id for m in members)]


async def card_names(c: Consultation, deps: Deps, members: Sequence[Person] = (), known: Person | None = None) -> Names:
    """The display names a status card shows: requester, assignee and the members it offers, in one read. `known`
    is the person of this turn, whose name Teams has just given: when nobody else is shown (a requester's own card
    of a consultation nobody works yet), nothing is read."""
    given = {i: name for i in (known.id, known.teams_id) if i} if known and (name := shown_name(known.name)) else {}
    wanted = [i for i in ids_of([c.requester, c.assignee, *members]) if i not in given]
    found = await deps.names.read(deps.uow, wanted)
    return Names({**found.by_id, **given})


async def similar_cases(c: Consultation, deps: Deps, *, max_age: float = 0.0) -> list[SimilarCase]:
    """Up to 3 earlier consultations like `c` for the support team's view (「類似の相談」). `max_age`: how old the
    library may be (詳細 reads the latest changes; a card may skip that, see both_cards)."""
    return await similar.similar_to(deps.library, deps.uow, c, limit=similar.ON_CARD, max_age=max_age)


async def viewer_card(
    c: Consultation,
    actor: Actor,
    deps: Deps,
    notice: str = "",
    names: Names | None = None,
    like: Sequence[SimilarCase] | None = None,
) -> dict[str, Any]:
    """The card as this actor may use it. `names`, `like` (the similar cases): when the caller has read them
    already."""
    view = role_of(actor.id, c, is_support=actor.is_support)
    members = await deps.roster.members() if view is Role.SUPPORT else ()
    names = names if names is not None else await card_names(c, deps, members, actor.person)
    return status_card(
        c,
        actor.locale,
        view=view,
        members=members,
        notice=notice,
        refresh_ids=await refresh_ids(c, deps),
        names=names,
        viewer_id=actor.id,
        similar=(like if like is not None else await similar_cases(c, deps)) if view is Role.SUPPORT else (),
    )


async def shared_view(c: Consultation, deps: Deps) -> Role:
    """The view everyone in the conversation gets: the support team's in channels (and in a support member's own
    1:1 chat), the requester's in their 1:1 chat."""
    in_channel = bool(c.place.thread_id)
    return Role.SUPPORT if in_channel or await deps.roster.is_member([c.requester.id]) else Role.REQUESTER


async def shared_card(
    c: Consultation,
    locale: str,
    deps: Deps,
    notice: str = "",
    names: Names | None = None,
    like: Sequence[SimilarCase] | None = None,
) -> dict[str, Any]:
    """The card everyone in the conversation sees before their client refreshes (see shared_view)."""
    view = await shared_view(c, deps)
    members = await deps.roster.members() if view is Role.SUPPORT else ()
    names = names if names is not None else await card_names(c, deps, members)
    return status_card(
        c,
        locale,
        view=view,
        members=members,
        notice=notice,
        refresh_ids=await refresh_ids(c, deps),
        names=names,
        similar=(like if like is not None else await similar_cases(c, deps)) if view is Role.SUPPORT else (),
    )


async def both_cards(
    c: Consultation, actor: Actor, deps: Deps, notice: str = ""
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The actor's card and the shared card, with the names and the similar cases read once (none read when only
    the requester's view is shown). Their similar cases may come from a library a few seconds old
    (similar.CARD_MAX_AGE): what this instance wrote is in it already, another instance's writes show within that."""
    support_view = actor.is_support or await shared_view(c, deps) is Role.SUPPORT
    members = await deps.roster.members() if support_view else ()
    names = await card_names(c, deps, members, actor.person)
    like = await similar_cases(c, deps, max_age=similar.CARD_MAX_AGE) if support_view else ()
    return (
        await viewer_card(c, actor, deps, notice, names, like),
        await shared_card(c, actor.locale, deps, notice, names, like),
    )


async def inserted_card(c: Consultation, locale: str, deps: Deps, names: Names | None = None) -> dict[str, Any]:
    """The card a search result or an unfurled link puts into any conversation: the facts, no buttons (anyone may
    read it there); the requester's and the support team's clients fetch their own view with buttons (refresh)."""
    names = names if names is not None else await card_names(c, deps)
    return status_card(c, locale, view=Role.OTHER, refresh_ids=await refresh_ids(c, deps), names=names)


def tell_requester(c: Consultation, actor: Actor, key: str, **params: object) -> tuple[Notice, ...]:
    """A 1:1 message to the requester (none when they did it themselves). What people typed (the title, a note, a
    resolution, a name) is shown as typed: Teams renders markdown in messages as it does in cards."""
    if actor.id == c.requester.id:
        return ()
    locale = "ja"
    typed = {k: user_text(v) if isinstance(v, str) else v for k, v in params.items()}
    text = t(key, locale, number=c.number, title=user_text(c.title[:60]), **typed)
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
