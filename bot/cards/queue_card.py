"""The support team's queue (一覧): filter, page, per-assignee workload; rows open the details."""

from collections.abc import Sequence
from typing import Any

from bot.cards.elements import action_set, card, choice_input, container, execute, fact_set, text_block, truncate
from bot.cards.people import name_of, person_name
from bot.cards.verbs import Verb
from bot.domain.consultation import Consultation
from bot.domain.people import NO_NAMES, Names
from bot.domain.queue import PAGE_SIZE, QueueFilter, Workload
from bot.texts import local_date, t

MAX_ROW_TITLE = 60


def row(c: Consultation, locale: str, names: Names = NO_NAMES) -> dict[str, Any]:
    assignee = person_name(names, c.assignee, locale) if c.assignee else t("queue.unassigned_label", locale)
    status = t(f"status.{c.status}", locale)
    meta = (
        f"{status} ・ {t(f'category.short.{c.category}', locale)} ・ {assignee} ・ {local_date(c.created_at, locale)}"
    )
    return container(
        [
            text_block(f"**{c.number}** {truncate(c.title, MAX_ROW_TITLE)}", spacing="None"),
            text_block(meta, isSubtle=True, spacing="None", size="Small"),
        ],
        separator=True,
        selectAction=execute(t("action.details", locale), Verb.DETAILS, {"consultation_id": c.id}),
    )


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
        body.append(
            fact_set([(name_of(names, w.assignee_id, w.assignee_name, locale), str(w.open_count)) for w in workload])
        )
    if not items:
        body.append(text_block(t("list.empty", locale), isSubtle=True))
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
    items: Sequence[Consultation], heading: str, locale: str = "ja", names: Names = NO_NAMES
) -> dict[str, Any]:
    body = [text_block(heading, weight="Bolder", size="Medium")]
    if not items:
        body.append(text_block(t("list.empty", locale), isSubtle=True))
    body += [row(c, locale, names) for c in items]
    return card(body)
