"""要対応 (the ageing digest on demand, for the support team) and 担当する on a digest: the consultation is taken with
the status card's own move, and the digest stays in place, refreshed for everyone."""

from typing import Any

from bot.cards.digest_card import digest_card
from bot.cards.verbs import Verb
from bot.deps import Deps
from bot.domain.access import Access
from bot.domain.errors import ConsultationError
from bot.handlers.status_actions import MOVES
from bot.routing import Router
from bot.services import ageing, status
from bot.texts import t
from bot.turn import Actor, CardAction, MessageInput, Reply

DIGEST = ("要対応", "digest")


async def current_digest(deps: Deps, locale: str, notice: str = "") -> dict[str, Any] | None:
    """Today's digest (None when business days are not configured)."""
    if deps.ageing is None:
        return None
    report = await ageing.ageing_report(deps.uow, deps.ageing, now=deps.clock.now(), tz=deps.tz)
    return digest_card(report, locale, await ageing.report_names(deps.uow, report), notice)


async def show_digest(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    if not actor.is_support:
        return Reply.message(t("ageing.support_only", actor.locale))
    card = await current_digest(deps, actor.locale)
    return Reply(card=card) if card is not None else Reply.message(t("ageing.off", actor.locale))


async def assign_from_digest(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    """担当する on the digest: the same move as on the status card (the requester is told); the clicker sees the
    digest again with a notice, everyone else the refreshed digest."""
    move = MOVES[Verb.ASSIGN_SELF]
    try:
        updated, fresh = await status.apply(
            deps.uow, action.target, move.change(actor, deps.clock.now()), source_id=action.activity_id
        )
    except ConsultationError as error:
        card = await current_digest(deps, actor.locale, t(error.key, actor.locale, **error.params))
        return Reply(text=t(error.key, actor.locale, **error.params), card=card)
    card = await current_digest(deps, actor.locale, t("ageing.assigned", actor.locale, number=updated.number))
    return Reply(
        card=card,
        shared_card=await current_digest(deps, "ja"),
        notices=move.told(actor, updated) if fresh else (),
        changed=fresh,
    )


def register(router: Router) -> None:
    router.command(DIGEST, show_digest)
    router.verb(Verb.DIGEST_ASSIGN_SELF, assign_from_digest, needs_id=True, access=Access.SUPPORT)
