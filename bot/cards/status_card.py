"""The status card of one consultation: its facts, and the working buttons that fit its state."""

from bot.cards.elements import card, container, execute, fact_set, refresh, text_block, truncate
from bot.cards.verbs import Verb
from bot.domain.consultation import TRANSITIONS, CategorySource, Consultation, Status
from bot.texts import local_date, t

MAX_TITLE = 200
MAX_BODY = 600

_STATUS_BUTTONS = (
    (Status.IN_PROGRESS, Verb.START, "action.start"),
    (Status.ON_HOLD, Verb.HOLD, "action.hold"),
    (Status.DONE, Verb.COMPLETE, "action.complete"),
)


def status_card(c: Consultation, locale: str = "ja", *, notice: str = "") -> dict:
    body = [
        container(
            [
                text_block(t("card.heading", locale, number=c.number), weight="Bolder", size="Medium"),
                text_block(truncate(c.title, MAX_TITLE), weight="Bolder", spacing="Small"),
            ]
        ),
        fact_set(status_facts(c, locale)),
        text_block(truncate(c.body, MAX_BODY), isSubtle=True, spacing="Medium"),
    ]
    if notice:
        body.append(text_block(notice, color="Accent", weight="Bolder"))
    data = {"consultation_id": c.id}
    return card(body, status_actions(c, locale), refresh=refresh(Verb.REFRESH, data))


def category_text(c: Consultation, locale: str) -> str:
    source = (
        t("source.manual", locale)
        if c.category_source is CategorySource.MANUAL
        else t("source.auto", locale, confidence=round(c.confidence * 100))
    )
    return (
        f"{t(f'category.{c.category}', locale)}（{source}）"
        if locale == "ja"
        else (f"{t(f'category.{c.category}', locale)} ({source})")
    )


def status_facts(c: Consultation, locale: str) -> list[tuple[str, str]]:
    facts = [
        (t("field.requester", locale), c.requester.name or "-"),
        (t("field.department", locale), c.department or t("value.unknown_department", locale)),
        (t("field.category", locale), category_text(c, locale)),
        (t("field.status", locale), t(f"status.{c.status}", locale)),
        (t("field.assignee", locale), c.assignee.name if c.assignee else t("value.none", locale)),
        (t("field.created", locale), local_date(c.created_at, locale)),
    ]
    if c.desired_due:
        facts.append((t("field.due", locale), local_date(c.desired_due, locale)))
    if c.closed_at:
        facts.append((t("field.closed", locale), local_date(c.closed_at, locale)))
    return facts


def status_actions(c: Consultation, locale: str) -> list[dict]:
    """The support team's buttons; only moves that are legal from the current status are offered."""
    data = {"consultation_id": c.id}
    if c.status is Status.WITHDRAWN:
        return []
    if c.status is Status.DONE:
        return [
            execute(t("action.reopen", locale), Verb.REOPEN, data),
            execute(t("action.reclassify", locale), Verb.RECLASSIFY, data),
        ]
    actions = [execute(t("action.assign_self", locale), Verb.ASSIGN_SELF, data)]
    for target, verb, key in _STATUS_BUTTONS:
        if target in TRANSITIONS[c.status]:
            actions.append(execute(t(key, locale), verb, data))
    actions.append(execute(t("action.reclassify", locale), Verb.RECLASSIFY, data))
    return actions
