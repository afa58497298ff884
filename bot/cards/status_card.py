"""The status card of one consultation: its facts, and the buttons the viewer's role may use."""

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Protocol

from bot.cards.elements import (
    card,
    choice_input,
    container,
    execute,
    fact_set,
    number_input,
    refresh,
    show_card,
    text_block,
    text_input,
    truncate,
    user_text,
)
from bot.cards.people import person_name
from bot.cards.similar_section import similar_section
from bot.cards.verbs import Verb
from bot.domain.category import Category
from bot.domain.consultation import TRANSITIONS, CategorySource, Consultation, Person, Role, Status
from bot.domain.people import NO_NAMES, Names
from bot.domain.reuse import MAX_REUSE_NOTE
from bot.domain.similar import SimilarCase
from bot.texts import CATALOGUE, local_date, t
from bot.views.numbers import number

MAX_TITLE = 200
MAX_BODY = 600
MAX_REFRESH_USERS = 60
MAX_ACTIONS = 6  # Teams renders at most six actions in an action set


class ActionsFor(Protocol):
    """The buttons of one role."""

    def __call__(
        self, c: Consultation, locale: str, members: Sequence[Person], /, *, viewer_id: str = ""
    ) -> list[dict[str, Any]]: ...


_STATUS_BUTTONS = ((Status.IN_PROGRESS, Verb.START, "action.start"), (Status.ON_HOLD, Verb.HOLD, "action.hold"))


def status_card(
    c: Consultation,
    locale: str = "ja",
    *,
    view: Role = Role.SUPPORT,
    members: Sequence[Person] = (),
    notice: str = "",
    refresh_ids: Sequence[str] = (),
    names: Names = NO_NAMES,
    viewer_id: str = "",
    similar: Sequence[SimilarCase] = (),
) -> dict[str, Any]:
    """`view` decides the buttons; `members` fill the assign-to list; `refresh_ids` are the Teams ids whose clients
    fetch their own view automatically (Universal Actions refresh, at most 60); `names` are people's display names
    from the people store (requester, assignee, members); `viewer_id` is who looks at this view ("" for the card
    everyone sees), so that 担当する is not offered to the person already handling it; `similar`: earlier
    consultations like this one, shown in the support team's view only (「類似の相談」)."""
    body = [
        container(
            [
                text_block(t("card.heading", locale, number=c.number), weight="Bolder", size="Medium"),
                text_block(user_text(truncate(c.title, MAX_TITLE)), weight="Bolder", spacing="Small"),
            ]
        ),
        fact_set(status_facts(c, locale, names)),
        text_block(user_text(truncate(c.body, MAX_BODY)), isSubtle=True, spacing="Medium"),
    ]
    if notice:  # notices carry names and reasons: shown as written
        body.append(text_block(user_text(notice), color="Accent", weight="Bolder"))
    if view is Role.SUPPORT:
        body += similar_section(similar, locale)
    by_role: dict[Role, ActionsFor] = {Role.SUPPORT: support_actions, Role.REQUESTER: requester_actions}
    actions = by_role.get(view)
    ids = list(dict.fromkeys(i for i in refresh_ids if i))[:MAX_REFRESH_USERS]
    return card(
        body,
        actions(c, locale, [replace(m, name=names.person(m)) for m in members], viewer_id=viewer_id) if actions else [],
        refresh=refresh(Verb.REFRESH, {"consultation_id": c.id}, ids),
    )


def category_text(c: Consultation, locale: str) -> str:
    if c.needs_triage and c.category_source is CategorySource.AUTO:
        guess = t(f"category.short.{c.category}", locale)
        return t("category.triage", locale, category=guess, confidence=round(c.confidence * 100))
    source = (
        t("source.manual", locale)
        if c.category_source is CategorySource.MANUAL
        else t("source.auto", locale, confidence=round(c.confidence * 100))
    )
    name = t(f"category.{c.category}", locale)
    return f"{name}（{source}）" if locale == "ja" else f"{name} ({source})"


def status_facts(c: Consultation, locale: str, names: Names = NO_NAMES) -> list[tuple[str, str]]:
    """The facts of the status card (and of 詳細); what people typed is shown as typed (`user_text`)."""
    assignee = user_text(person_name(names, c.assignee, locale)) if c.assignee else t("value.none", locale)
    facts = [
        (t("field.requester", locale), user_text(person_name(names, c.requester, locale))),
        (t("field.department", locale), user_text(c.department) or t("value.unknown_department", locale)),
        (t("field.category", locale), category_text(c, locale)),
        (t("field.status", locale), t(f"status.{c.status}", locale)),
        (t("field.assignee", locale), assignee),
        (t("field.created", locale), local_date(c.created_at, locale)),
    ]
    if c.reasons and c.category_source is CategorySource.AUTO:
        because = "".join(f"「{user_text(r)}」" for r in c.reasons[:3])
        facts.append((t("field.reasons", locale), f"{because} → {t(f'category.short.{c.category}', locale)}"))
    if c.tags:
        facts.append((t("field.tags", locale), tag_names(c.tags[:4], locale)))
    if c.desired_due:
        facts.append((t("field.due", locale), local_date(c.desired_due, locale)))
    if c.closed_at:
        closed = "field.withdrawn_on" if c.status is Status.WITHDRAWN else "field.closed"
        facts.append((t(closed, locale), local_date(c.closed_at, locale)))
    if c.outcome and c.status is Status.DONE:
        facts.append((t("field.resolution", locale), user_text(truncate(c.outcome.resolution, 300))))
        if c.outcome.hours_saved_per_month is not None:
            hours = number(c.outcome.hours_saved_per_month, decimals=2)
            facts.append((t("field.hours_saved", locale), t("value.hours", locale, hours=hours)))
        if c.outcome.artefact_name:
            where = " / ".join(x for x in (c.outcome.artefact_environment, c.outcome.artefact_owner) if x)
            artefact = c.outcome.artefact_name + (f"（{where}）" if where else "")
            facts.append((t("field.artefact", locale), user_text(artefact)))
    if c.reuse and c.status is Status.DONE:
        facts.append((t("field.reuse", locale), user_text(c.reuse.note)))
    return facts


def tag_names(tags: Sequence[str], locale: str) -> str:
    """Sub-tags by their names (窓口業務、紙の削減、…); a tag the catalogue does not name shows its code."""
    return ("、" if locale == "ja" else ", ").join(tag_name(tag, locale) for tag in tags)


def tag_name(tag: str, locale: str) -> str:
    key = f"tag.{tag}"
    return t(key, locale) if key in CATALOGUE else user_text(tag)


def support_actions(
    c: Consultation, locale: str, members: Sequence[Person], *, viewer_id: str = ""
) -> list[dict[str, Any]]:
    """The working buttons; only moves that are legal now. Teams shows at most six, and taking a consultation stays
    one click in every open state: 担当する (unless the viewer already handles it), 完了 and the category choice are
    always on top; a status move that does not fit (保留 on a 要確認 card, which offers both categories) goes into
    その他."""
    data = {"consultation_id": c.id}
    if c.status.is_closed:
        return [
            execute(t("action.reopen", locale), Verb.REOPEN, data),
            execute(t("action.reclassify", locale), Verb.RECLASSIFY, data),
            *reuse_actions(c, locale),
            execute(t("action.details", locale), Verb.DETAILS, data),
        ]
    mine = bool(viewer_id) and c.assignee is not None and c.assignee.id == viewer_id
    take = [] if mine else [execute(t("action.assign_self", locale), Verb.ASSIGN_SELF, data)]
    moves = [
        execute(t(key, locale), verb, data) for target, verb, key in _STATUS_BUTTONS if target in TRANSITIONS[c.status]
    ]
    if c.needs_triage:  # 要確認: offer both categories instead of a flip
        category = [
            execute(t("action.set_bpr", locale), Verb.SET_BPR, data),
            execute(t("action.set_app", locale), Verb.SET_APP, data),
        ]
    else:
        category = [execute(t("action.reclassify", locale), Verb.RECLASSIFY, data)]
    complete = show_card(
        t("action.complete", locale), close_form(c, locale), [execute(t("action.close", locale), Verb.CLOSE, data)]
    )
    room = MAX_ACTIONS - len(take) - 2 - len(category)  # 担当する (unless it is the viewer's), 完了 and その他
    on_top, folded = moves[:room], moves[room:]
    more = show_card(t("action.more", locale), more_form(c, locale, members), [*folded, *more_actions(c, locale)])
    return [*take, *on_top, complete, *category, more]


def reuse_actions(c: Consultation, locale: str) -> list[dict[str, Any]]:
    """横展開候補: on a completed consultation, a form with one line on what other departments can reuse (marking
    again changes the line); a marked one can also be taken off the catalogue."""
    if c.status is not Status.DONE:
        return []
    data = {"consultation_id": c.id}
    note = text_input(
        "reuse_note",
        t("input.reuse_note", locale),
        value=c.reuse.note if c.reuse else "",
        placeholder=t("input.reuse_note_hint", locale),
        max_length=MAX_REUSE_NOTE,
        required=True,
        error=t("error.reuse_note_required", locale),
    )
    save = execute(t("action.reuse_save", locale), Verb.MARK_REUSE, data)
    if c.reuse is None:
        return [show_card(t("action.reuse_mark", locale), [note], [save])]
    unmark = execute(t("action.reuse_unmark", locale), Verb.UNMARK_REUSE, data)
    return [show_card(t("action.reuse_edit", locale), [note], [save, unmark])]


def close_form(c: Consultation, locale: str) -> list[dict[str, Any]]:
    inputs = [
        text_input(
            "resolution",
            t("input.resolution", locale),
            multiline=True,
            max_length=2000,
            required=True,
            error=t("error.resolution_required", locale),
        ),
        number_input("hours_saved", t("input.hours_saved", locale)),
    ]
    if c.category is Category.APP:
        inputs += [
            text_input("artefact_name", t("input.artefact_name", locale), max_length=200),
            text_input("artefact_environment", t("input.artefact_environment", locale), max_length=200),
            text_input("artefact_owner", t("input.artefact_owner", locale), max_length=200),
        ]
    return inputs


def more_form(c: Consultation, locale: str, members: Sequence[Person]) -> list[dict[str, Any]]:
    """`members` with their display names (status_card resolves them); nobody is offered by id."""
    choices = [(person_name(NO_NAMES, m, locale), m.id) for m in members][:100]
    if not choices:
        return [text_block(t("input.assignee", locale) + ": -", isSubtle=True)]
    current = c.assignee.id if c.assignee else ""
    return [choice_input("assignee", t("input.assignee", locale), choices, value=current)]


def more_actions(c: Consultation, locale: str) -> list[dict[str, Any]]:
    data = {"consultation_id": c.id}
    actions = [execute(t("action.assign_to", locale), Verb.ASSIGN, data)]
    if c.assignee is not None:
        actions.append(execute(t("action.unassign", locale), Verb.UNASSIGN, data))
    if c.category is Category.BPR:
        actions.append(execute(t("action.worksheet", locale), Verb.WORKSHEET, data))
    actions.append(execute(t("action.details", locale), Verb.DETAILS, data))
    return actions


def requester_actions(
    c: Consultation, locale: str, _members: Sequence[Person] = (), *, viewer_id: str = ""
) -> list[dict[str, Any]]:
    data = {"consultation_id": c.id}
    note_form = [
        text_input(
            "note",
            t("input.note", locale),
            multiline=True,
            max_length=4000,
            required=True,
            error=t("error.note_empty", locale),
        )
    ]
    actions = [
        show_card(
            t("action.add_note", locale), note_form, [execute(t("action.send_note", locale), Verb.ADD_NOTE, data)]
        )
    ]
    if not c.status.is_closed:  # asks first: the requester cannot undo it
        warning = [text_block(t("withdraw.warning", locale), wrap=True)]
        confirm = execute(t("action.withdraw_confirm", locale), Verb.WITHDRAW, data)
        actions.append(show_card(t("action.withdraw", locale), warning, [confirm]))
    if c.category is Category.BPR:
        actions.append(execute(t("action.worksheet", locale), Verb.WORKSHEET, data))
    actions.append(execute(t("action.details", locale), Verb.DETAILS, data))
    return actions
