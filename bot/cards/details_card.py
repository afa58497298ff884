"""The full record of a consultation (詳細): facts, details, worksheet, notes and history."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.cards.elements import card, container, execute, fact_set, text_block, truncate
from bot.cards.people import name_of, person_name
from bot.cards.status_card import status_facts
from bot.cards.verbs import Verb
from bot.cards.worksheet_card import worksheet_facts
from bot.domain.category import Category
from bot.domain.consultation import Consultation, Event, EventKind, Note, Status, Worksheet
from bot.domain.people import NO_NAMES, Names
from bot.texts import JST, t

MAX_BODY = 3000
MAX_NOTE = 500


def details_card(
    c: Consultation,
    notes: Sequence[Note],
    events: Sequence[Event],
    worksheet: Worksheet | None,
    locale: str = "ja",
    *,
    names: Names = NO_NAMES,
) -> dict[str, Any]:
    """`names`: display names of everyone shown (requester, assignee, note authors, who did what in the history)."""
    body = [
        text_block(t("details.heading", locale, number=c.number), weight="Bolder", size="Medium"),
        text_block(truncate(c.title, 200), weight="Bolder"),
        fact_set(status_facts(c, locale, names)),
        text_block(t("details.body", locale), weight="Bolder", spacing="Medium"),
        text_block(truncate(c.body, MAX_BODY)),
    ]
    if worksheet is not None:
        body += [
            text_block(t("details.worksheet", locale), weight="Bolder", spacing="Medium"),
            fact_set(worksheet_facts(worksheet, locale)),
        ]
    body.append(text_block(t("details.notes", locale), weight="Bolder", spacing="Medium"))
    if not notes:
        body.append(text_block(t("details.no_notes", locale), isSubtle=True))
    for note in notes:
        who = f"{person_name(names, note.author, locale)}（{t(f'role.{note.role}', locale)}）"
        body.append(
            container(
                [
                    text_block(f"{who} {_when(note.at)}", isSubtle=True, size="Small", spacing="None"),
                    text_block(truncate(note.body, MAX_NOTE), spacing="None"),
                ],
                separator=True,
            )
        )
    body.append(text_block(t("details.history", locale), weight="Bolder", spacing="Medium"))
    history = [
        (_when(e.at), f"{event_text(e, locale, names)}（{name_of(names, e.actor_id, e.actor_name, locale)}）")
        for e in events
    ]
    body.append(fact_set(history))
    return card(body, [execute(t("action.back", locale), Verb.REFRESH, {"consultation_id": c.id})])


def _when(at: datetime) -> str:
    return at.astimezone(JST).strftime("%Y-%m-%d %H:%M")


def event_text(e: Event, locale: str, names: Names = NO_NAMES) -> str:
    def label(value: str) -> str:
        for enum, prefix in ((Status, "status"), (Category, "category")):
            if value in enum._value2member_map_:
                return t(f"{prefix}.{value}", locale)
        return value

    to = e.to_value
    if e.kind in (EventKind.STATUS_CHANGED, EventKind.RECLASSIFIED):
        return t(f"event.{e.kind}", locale, from_=label(e.from_value), to=label(to))
    if e.kind is EventKind.ASSIGNED:  # the value is the assignee's id: shown by name
        return t("event.assigned", locale, to=name_of(names, to, to, locale))
    return t(f"event.{e.kind}", locale)
