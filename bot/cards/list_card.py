"""A list of consultations (一覧): number, title, status and category per row."""

from typing import Any

from bot.cards.elements import card, container, text_block, truncate
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
        body.append(
            container(
                [
                    text_block(f"**{c.number}** {truncate(c.title, MAX_ROW_TITLE)}", spacing="None"),
                    text_block(
                        f"{status} ・ {category} ・ {local_date(c.created_at, locale)}",
                        isSubtle=True,
                        spacing="None",
                        size="Small",
                    ),
                ],
                separator=True,
            )
        )
    return card(body)
