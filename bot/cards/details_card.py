"""The full record of a consultation (詳細): facts, details, worksheet, notes and history.

Nothing is cut: the request and the notes are shown in full, in TextBlocks of at most CHUNK characters. A record too
big for one Teams message (MAX_PART_BYTES) is shown in parts; each part says so and has 続きを表示 / 前の部分."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.cards.elements import (
    MAX_CARD_BYTES,
    card,
    container,
    execute,
    fact_set,
    text_block,
    user_text,
    user_text_blocks,
    utf16_size,
)
from bot.cards.people import name_of, person_name
from bot.cards.similar_section import similar_section
from bot.cards.status_card import status_facts
from bot.cards.verbs import Verb
from bot.cards.worksheet_card import worksheet_facts
from bot.domain.category import Category
from bot.domain.consultation import Consultation, Event, EventKind, Note, Status, Worksheet
from bot.domain.people import NO_NAMES, Names
from bot.domain.similar import SimilarCase
from bot.texts import JST, t

CHUNK = 1000  # characters of user text per TextBlock
MAX_PART_BYTES = MAX_CARD_BYTES - 6_000  # what a part's sections may take: room for its heading, notice and buttons
MAX_PARTS = 50


def details_card(
    c: Consultation,
    notes: Sequence[Note],
    events: Sequence[Event],
    worksheet: Worksheet | None,
    locale: str = "ja",
    *,
    names: Names = NO_NAMES,
    part: int = 1,
    similar: Sequence[SimilarCase] = (),
) -> dict[str, Any]:
    """Part `part` (from 1) of the record; a record that fits one message is one part. `names`: display names of
    everyone shown (requester, assignee, note authors, who did what in the history); `similar`: the 「類似の相談」
    section at the end (the support team's 詳細 only: the caller passes none to a requester)."""
    extra: list[Section] = [(e, "") for e in similar_section(similar, locale)]
    parts = paginate(sections(c, notes, events, worksheet, locale, names) + extra, MAX_PART_BYTES)
    count = len(parts)
    part = min(max(1, part), count)
    heading = (
        t("details.heading", locale, number=c.number)
        if count == 1
        else t("details.heading_part", locale, number=c.number, part=part, parts=count)
    )
    body = [text_block(heading, weight="Bolder", size="Medium"), *parts[part - 1]]
    data = {"consultation_id": c.id}
    actions = []
    if count > 1:
        body.append(text_block(t("details.in_parts", locale, part=part, parts=count), isSubtle=True, separator=True))
        if part < count:
            actions.append(execute(t("action.next_part", locale), Verb.DETAILS, {**data, "part": part + 1}))
        if part > 1:
            actions.append(execute(t("action.prev_part", locale), Verb.DETAILS, {**data, "part": part - 1}))
    actions.append(execute(t("action.back", locale), Verb.REFRESH, data))
    return card(body, actions)


Section = tuple[dict[str, Any], str]  # an element, and the label a part starting with it begins with ("" for none)


def sections(
    c: Consultation,
    notes: Sequence[Note],
    events: Sequence[Event],
    worksheet: Worksheet | None,
    locale: str,
    names: Names = NO_NAMES,
) -> list[Section]:
    """Every element of the record in reading order; each is small enough to start a part of its own."""
    body_blocks = user_text_blocks(c.body, chunk=CHUNK, spacing="None")
    out: list[dict[str, Any]] = [
        text_block(user_text(c.title), weight="Bolder"),
        fact_set(status_facts(c, locale, names)),
        text_block(t("details.body", locale), weight="Bolder", spacing="Medium"),
        *body_blocks[:1],
    ]
    continued = t("details.body_continued", locale)
    labelled: list[Section] = [(e, "") for e in out] + [(e, continued) for e in body_blocks[1:]]
    out = []
    if worksheet is not None:
        out += [
            text_block(t("details.worksheet", locale), weight="Bolder", spacing="Medium"),
            fact_set(worksheet_facts(worksheet, locale)),
        ]
    out.append(text_block(t("details.notes", locale), weight="Bolder", spacing="Medium"))
    if not notes:
        out.append(text_block(t("details.no_notes", locale), isSubtle=True))
    for note in notes:
        who = f"{user_text(person_name(names, note.author, locale))}（{t(f'role.{note.role}', locale)}）"
        header = text_block(f"{who} {_when(note.at)}", isSubtle=True, size="Small", spacing="None")
        texts = user_text_blocks(note.body, chunk=CHUNK, spacing="None")
        out.append(container([header, *texts[:1]], separator=True))
        out += texts[1:]  # a long note goes on below its container: a part may end inside it
    out.append(text_block(t("details.history", locale), weight="Bolder", spacing="Medium"))
    def who_did(e: Event) -> str:
        return user_text(name_of(names, e.actor_id, e.actor_name, locale))

    history = [(_when(e.at), f"{event_text(e, locale, names)}（{who_did(e)}）") for e in events]
    out.append(fact_set(history or [("-", "-")]))
    return labelled + [(e, "") for e in out]


def paginate(sections: list[Section], budget: int) -> list[list[dict[str, Any]]]:
    """The sections in order, in as few parts as keep each part's size (UTF-16 JSON) within `budget`; a part that
    starts inside a text begins with its label (内容（続き）)."""
    parts: list[list[dict[str, Any]]] = [[]]
    used = 0
    for element, label in sections:
        size = utf16_size(element) + 2  # and its comma
        if parts[-1] and used + size > budget and len(parts) < MAX_PARTS:
            parts.append([text_block(label, weight="Bolder", spacing="Medium")] if label else [])
            used = sum(utf16_size(e) + 2 for e in parts[-1])
        parts[-1].append(element)
        used += size
    return parts


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
        return t("event.assigned", locale, to=user_text(name_of(names, to, to, locale)))
    if e.kind is EventKind.REUSE_MARKED:  # the line someone typed: shown as typed
        return t("event.reuse_marked", locale, to=user_text(to))
    return t(f"event.{e.kind}", locale)
