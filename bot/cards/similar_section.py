"""The 「類似の相談」 section: similar earlier consultations, each with its number, title, department, status,
resolution and artefact and a button that opens its record (詳細). Shown on the support team's status card, in
詳細, and as a list for 類似 and 事例."""

from collections.abc import Sequence
from typing import Any

from bot.cards.elements import action_set, card, container, execute, fact_set, text_block, truncate, user_text
from bot.cards.verbs import Verb
from bot.domain.consultation import Status
from bot.domain.similar import SimilarCase
from bot.texts import t

MAX_TITLE = 80
MAX_RESOLUTION = 200
MAX_ARTEFACT = 100
MAX_LISTED = 10


def similar_section(cases: Sequence[SimilarCase], locale: str) -> list[dict[str, Any]]:
    """The heading and one block per case; nothing when there is no case."""
    if not cases:
        return []
    heading = container(
        [
            text_block(t("similar.heading", locale), weight="Bolder"),
            text_block(t("similar.hint", locale), isSubtle=True, size="Small", spacing="None"),
        ],
        separator=True,
        spacing="Medium",
    )
    return [heading, *(similar_block(s, locale) for s in cases)]


def similar_block(s: SimilarCase, locale: str) -> dict[str, Any]:
    title = f"**{s.number}** {user_text(truncate(s.title, MAX_TITLE))}"
    if s.reusable:
        title += f"（{t('similar.reusable', locale)}）" if locale == "ja" else f" ({t('similar.reusable', locale)})"
    facts = [
        (t("field.department", locale), user_text(s.department) or t("value.unknown_department", locale)),
        (t("field.status", locale), t(f"status.{s.status}", locale)),
    ]
    if s.status is Status.DONE and s.resolution:
        facts.append((t("field.resolution", locale), user_text(truncate(s.resolution, MAX_RESOLUTION))))
    if s.status is Status.DONE and s.artefact:
        facts.append((t("field.artefact", locale), user_text(truncate(s.artefact, MAX_ARTEFACT))))
    open_ = execute(t("similar.open", locale), Verb.DETAILS, {"consultation_id": s.id})
    return container(
        [text_block(title, spacing="None"), fact_set(facts), action_set([open_])], separator=True, spacing="Small"
    )


def similar_list_card(cases: Sequence[SimilarCase], heading: str, empty: str, locale: str) -> dict[str, Any]:
    """類似 / 事例: a heading and the cases (at most MAX_LISTED), or `empty` when there is none."""
    body = [text_block(heading, weight="Bolder", size="Medium")]
    if not cases:
        body.append(text_block(empty, isSubtle=True))
    body += [similar_block(s, locale) for s in cases[:MAX_LISTED]]
    return card(body)
