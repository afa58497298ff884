"""Chat commands: ヘルプ, 新規, 一覧, 状況, 詳細, 検索 (and English names). 設定 is in setup.py, キャンセル in
intake_conversation.py."""

from typing import Any

from bot.cards.details_card import details_card
from bot.cards.intake_card import intake_form_card
from bot.cards.list_card import consultation_list_card
from bot.cards.queue_card import queue_card, results_card
from bot.cards.verbs import Verb
from bot.deps import Deps
from bot.domain.access import Access
from bot.domain.consultation import Consultation, Role, role_of
from bot.domain.fiscal_year import consultation_number, example_number, parse_consultation_number
from bot.domain.people import ids_of
from bot.domain.queue import QueueFilter
from bot.handlers.inputs import text
from bot.handlers.intake import known_department
from bot.handlers.views import similar_cases, viewer_card
from bot.routing import Router, normalize_word
from bot.services import records, status
from bot.texts import t
from bot.turn import Actor, CardAction, MessageInput, Reply

HELP = ("ヘルプ", "help", "?")
NEW = ("新規", "new")
LIST = ("一覧", "list")
STATUS = ("状況", "status")
DETAILS = ("詳細", "details")
SEARCH = ("検索", "search")
LIST_LIMIT = 20
FILTER_WORDS = {normalize_word(t(f"filter.{f}", lang)): f for f in QueueFilter for lang in ("ja", "en")}


def help_text(locale: str, deps: Deps) -> str:
    """How to use the bot, with examples numbered in the current fiscal year."""
    return t("help", locale, example=example_number(deps.clock.now(), deps.tz))


async def show_help(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    return Reply.message(help_text(actor.locale, deps))


async def new_form(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    """The intake form, its 所属 filled in with the department remembered for this person."""
    department = await known_department(actor, deps)
    return Reply(card=intake_form_card(actor.locale, values={"department": department} if department else None))


async def list_consultations(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    """Requesters get their own consultations; the support team gets the open queue (一覧 未割当, list mine, ...)."""
    if not actor.is_support:
        items = await status.list_for_requester(deps.uow, actor.id, LIST_LIMIT)
        heading = t("list.heading", actor.locale, limit=LIST_LIMIT)
        return Reply(card=consultation_list_card(list(items), heading, actor.locale))
    queue_filter = FILTER_WORDS.get(normalize_word(message.args), QueueFilter.OPEN)
    return Reply(card=await _queue(actor, deps, queue_filter, 1))


async def _queue(actor: Actor, deps: Deps, queue_filter: QueueFilter, page: int) -> dict[str, Any]:
    items, total, load = await records.queue(deps.uow, queue_filter, viewer_id=actor.id, page=page)
    names = await deps.names.read(deps.uow, [*ids_of(c.assignee for c in items), *(w.assignee_id for w in load)])
    return queue_card(
        items, queue_filter=queue_filter, page=page, total=total, workload=load, locale=actor.locale, names=names
    )


async def page_queue(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    raw_filter, raw_page = text(action.inputs, "filter"), action.inputs.get("page", 1)
    queue_filter = QueueFilter(raw_filter) if raw_filter in QueueFilter._value2member_map_ else QueueFilter.OPEN
    page = raw_page if isinstance(raw_page, int) and not isinstance(raw_page, bool) and 0 < raw_page < 10_000 else 1
    card = await _queue(actor, deps, queue_filter, page)
    return Reply(card=card, shared_card=card)


async def visible(actor: Actor, message: MessageInput, deps: Deps) -> Consultation | Reply:
    """The consultation named in the arguments, if this person may see it; otherwise the reply to send."""
    parsed = parse_consultation_number(message.args.split()[0]) if message.args else None
    if parsed is None:
        return Reply.message(t("status.usage", actor.locale, example=example_number(deps.clock.now(), deps.tz)))
    number = consultation_number(*parsed)
    found = await status.find_by_number(deps.uow, number)
    if found is None:
        return Reply.message(t("error.not_found", actor.locale, number=number))
    if role_of(actor.id, found, is_support=actor.is_support) is Role.OTHER:
        return Reply.message(t("error.not_yours", actor.locale))
    return found


async def show_status(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    found = await visible(actor, message, deps)
    return found if isinstance(found, Reply) else Reply(card=await viewer_card(found, actor, deps))


async def show_details(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    found = await visible(actor, message, deps)
    if isinstance(found, Reply):
        return found
    r = await records.record(deps.uow, found.id)
    names = await deps.names.read(deps.uow, records.people_ids(r))
    like = await similar_cases(found, deps) if actor.is_support else ()
    card = details_card(r.consultation, r.notes, r.events, r.worksheet, actor.locale, names=names, similar=like)
    return Reply(card=card)


async def search(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    if not message.args.strip():
        return Reply.message(t("search.usage", actor.locale))
    found = await records.search(deps.uow, message.args, requester_id=None if actor.is_support else actor.id)
    names = await deps.names.read(deps.uow, ids_of(c.assignee for c in found))
    return Reply(card=results_card(found, message.args.strip(), actor.locale, names))


def register(router: Router) -> None:
    router.command(HELP, show_help)
    router.command(NEW, new_form)
    router.command(LIST, list_consultations)
    router.command(STATUS, show_status)
    router.command(DETAILS, show_details)
    router.command(SEARCH, search)
    router.verb(Verb.LIST, page_queue, needs_id=False, access=Access.SUPPORT)
