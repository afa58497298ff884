"""Chat commands: ヘルプ/help, 新規/new, 一覧/list, 状況/status, キャンセル/cancel."""

from typing import TYPE_CHECKING

from bot.cards.intake_card import intake_form_card
from bot.cards.list_card import consultation_list_card
from bot.cards.status_card import status_card
from bot.deps import Deps
from bot.domain.fiscal_year import consultation_number, parse_consultation_number
from bot.services import status
from bot.texts import t
from bot.turn import Actor, MessageInput, Reply

if TYPE_CHECKING:
    from bot.routing import Router

HELP = ("ヘルプ", "help", "?")
NEW = ("新規", "new")
LIST = ("一覧", "list")
STATUS = ("状況", "status")
CANCEL = ("キャンセル", "cancel", "中止")
LIST_LIMIT = 20


async def show_help(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    return Reply.message(t("help", actor.locale))


async def new_form(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    return Reply(card=intake_form_card(actor.locale))


async def list_mine(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    items = await status.list_for_requester(deps.uow, actor.id, LIST_LIMIT)
    heading = t("list.heading", actor.locale, limit=LIST_LIMIT)
    return Reply(card=consultation_list_card(list(items), heading, actor.locale))


async def show_status(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    parsed = parse_consultation_number(message.args.split()[0]) if message.args else None
    if parsed is None:
        return Reply.message(t("status.usage", actor.locale))
    number = consultation_number(*parsed)
    found = await status.find_by_number(deps.uow, number)
    if found is None:
        return Reply.message(t("error.not_found", actor.locale, number=number))
    return Reply(card=status_card(found, actor.locale))


async def nothing_to_cancel(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    """Reached only outside a dialog: the Teams edge cancels an active intake dialog itself."""
    return Reply.message(t("intake.nothing_to_cancel", actor.locale))


def register(router: "Router") -> None:
    router.command(HELP, show_help)
    router.command(NEW, new_form)
    router.command(LIST, list_mine)
    router.command(STATUS, show_status)
    router.command(CANCEL, nothing_to_cancel)
