"""A list of consultations (一覧): number, title, status and category per row, and a button that opens its card."""

from typing import Any

from bot.cards.elements import action_set, card, container, execute, text_block, truncate, user_text
from bot.cards.verbs import Verb
from bot.domain.consultation import Consultation
from bot.texts import local_date, t

MAX_ROW_TITLE = 60


def consultation_list_card(items: list[Consultation], heading: str, locale: str = "ja") -> dict[str, Any]:
    body = [text_block(heading, weight="Bolder", size="Medium")]
    if not items:
        body.append(text_block(t("list.empty", locale), isSubtle=True))
    for c in items:
        status = t(f"status.{c.status}", locale)
        category = t(f"category.short.{c.category}", locale)
        body.append(consultation_row(c, f"{status} ・ {category} ・ {local_date(c.created_at, locale)}", locale))
    return card(body)


def consultation_row(c: Consultation, meta: str, locale: str) -> dict[str, Any]:
    """One row: the number and title, `meta` below them, and 開く, which turns the list into that consultation's
    card for the person who clicked (Universal Actions refresh: their own view, only if they may see it)."""
    title = text_block(f"**{c.number}** {user_text(truncate(c.title, MAX_ROW_TITLE))}", spacing="None")
    below = text_block(meta, isSubtle=True, spacing="None", size="Small")
    what = {"type": "Column", "width": "stretch", "items": [title, below]}
    open_ = execute(t("action.open", locale), Verb.REFRESH, {"consultation_id": c.id})
    button = {"type": "Column", "width": "auto", "verticalContentAlignment": "Center", "items": [action_set([open_])]}
    return container([{"type": "ColumnSet", "columns": [what, button]}], separator=True)
