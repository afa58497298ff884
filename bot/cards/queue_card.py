"""The support team's queue (一覧) and search results (検索): filter, page, per-assignee workload; each row opens its
card."""

from collections.abc import Sequence
from typing import Any

from bot.cards.elements import action_set, card, choice_input, execute, fact_set, text_block, truncate, user_text
from bot.cards.list_card import consultation_row
from bot.cards.people import name_of, person_name
from bot.cards.verbs import Verb
from bot.domain.consultation import Consultation
from bot.domain.people import NO_NAMES, Names
from bot.domain.queue import PAGE_SIZE, QueueFilter, Workload
from bot.texts import local_date, t

MAX_QUERY = 100


def row(c: Consultation, locale: str, names: Names = NO_NAMES) -> dict[str, Any]:
    assignee = (
        user_text(person_name(names, c.assignee, locale)) if c.assignee else t("queue.unassigned_label", locale)
    )
    status = t(f"status.{c.status}", locale)
    meta = (
        f"{status} ・ {t(f'category.short.{c.category}', locale)} ・ {assignee} ・ {local_date(c.created_at, locale)}"
    )
    return consultation_row(c, meta, locale)


def queue_card(
    items: Sequence[Consultation],
    *,
    queue_filter: QueueFilter,
    page: int,
    total: int,
    workload: Sequence[Workload],
    locale: str = "ja",
    names: Names = NO_NAMES,
) -> dict[str, Any]:
    """`names`: the display names of the assignees (rows and workload)."""
    pages = max(1, -(-total // PAGE_SIZE))
    name = t(f"filter.{queue_filter}", locale)
    body = [
        text_block(t("queue.heading", locale, filter=name, total=total), weight="Bolder", size="Medium"),
        text_block(t("queue.page", locale, page=page, pages=pages), isSubtle=True, spacing="None"),
    ]
    if workload:
        body.append(text_block(t("queue.workload", locale), weight="Bolder", spacing="Medium"))
        load = [(name_of(names, w.assignee_id, w.assignee_name, locale), str(w.open_count)) for w in workload]
        body.append(fact_set([(user_text(name), count) for name, count in load]))
    if not items:
        body.append(text_block(t("queue.none", locale), isSubtle=True))
    body += [row(c, locale, names) for c in items]
    choices = [(t(f"filter.{f}", locale), f.value) for f in QueueFilter]
    body.append(choice_input("filter", t("queue.filter", locale), choices, value=queue_filter.value))
    body.append(action_set([execute(t("action.show", locale), Verb.LIST, {"page": 1})]))
    paging = []
    if page > 1:
        paging.append(execute(t("action.prev", locale), Verb.LIST, {"page": page - 1, "filter": queue_filter.value}))
    if page < pages:
        paging.append(execute(t("action.next", locale), Verb.LIST, {"page": page + 1, "filter": queue_filter.value}))
    return card(body, paging)


def results_card(
    items: Sequence[Consultation], query: str, locale: str = "ja", names: Names = NO_NAMES
) -> dict[str, Any]:
    """検索: the rows found for `query` (echoed as typed), or that nothing matched it."""
    shown = user_text(truncate(query, MAX_QUERY))
    body = [text_block(t("search.heading", locale, query=shown, count=len(items)), weight="Bolder", size="Medium")]
    if not items:
        body.append(text_block(t("search.none", locale, query=shown), isSubtle=True))
    body += [row(c, locale, names) for c in items]
    return card(body)
