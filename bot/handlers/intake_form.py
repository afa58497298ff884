"""The intake form's submit verb: validate the inputs, then the form turns into the new status card."""

from datetime import date
from typing import Any

from bot.cards.intake_card import FIELDS, intake_form_card
from bot.cards.verbs import Verb
from bot.deps import Deps
from bot.domain.departments import plausible_department
from bot.domain.intake import (
    MAX_BODY_CHARS,
    MAX_DEPARTMENT_CHARS,
    MAX_TITLE_CHARS,
    MIN_DETAIL_CHARS,
    Draft,
    clean_text,
    content_length,
)
from bot.domain.stats import normalise_department
from bot.handlers.intake import create
from bot.routing import Router
from bot.services import departments, intake
from bot.texts import local_date, t
from bot.turn import Actor, CardAction, Reply

_LIMITS = {
    "title": (MAX_TITLE_CHARS, "form.title"),
    "department": (MAX_DEPARTMENT_CHARS, "form.department"),
    "body": (MAX_BODY_CHARS, "form.body"),
}


def _text(inputs: dict[str, Any], key: str) -> str:
    value = inputs.get(key, "")
    return value if isinstance(value, str) else ""


def _problem(values: dict[str, str], locale: str, today: date) -> str:
    """What is wrong with the form's values, politely, or "". `today` is the requester's date (the bot's clock in
    its time zone): a wanted-by date before it is refused, today itself is fine."""
    for key, (limit, label_key) in _LIMITS.items():
        if len(values[key]) > limit:
            return t("form.too_long", locale, field=t(label_key, locale), limit=limit)
    if not values["body"]:
        return t("form.body_required", locale)
    if content_length(values["body"]) < MIN_DETAIL_CHARS:
        return t("form.body_too_short", locale, min=MIN_DETAIL_CHARS)
    if values["due"]:
        try:
            due = date.fromisoformat(values["due"])
        except ValueError:
            return t("form.bad_date", locale)
        if due < today:
            return t("form.due_past", locale, due=local_date(due, locale), today=local_date(today, locale))
    return ""


async def _department(values: dict[str, str], locale: str, deps: Deps) -> tuple[str, str]:
    """The department to record (the master's current name) and a problem ("" when none). An empty field is no
    problem: the consultation has no department, and the remembered one stays."""
    if not values["department"]:
        return "", ""
    checked = await departments.check(deps.uow, values["department"])
    if checked.name:
        return checked.name, ""
    return "", t("form.department_not_in_master" if checked.master else "form.department_invalid", locale)


async def submit_form(actor: Actor, action: CardAction, deps: Deps) -> Reply:
    values = {key: clean_text(_text(action.inputs, key)) for key in FIELDS}
    problem = _problem(values, actor.locale, deps.clock.now().astimezone(deps.tz).date())
    department = ""
    if not problem:
        department, problem = await _department(values, actor.locale, deps)
    if problem:
        shown = {k: v[:MAX_BODY_CHARS] for k, v in values.items()}
        return Reply(card=intake_form_card(actor.locale, values=shown, error=problem))
    # One consultation per form message: a double click or a redelivery finds the first one.
    source = f"form:{action.place.conversation_id}:{action.card_activity_id}" if action.card_activity_id else ""
    draft = Draft(
        body=values["body"],
        title=values["title"],
        department=department,
        desired_due=date.fromisoformat(values["due"]) if values["due"] else None,
        place=action.place,
        source_id=source,
    )
    remembered = await intake.department_of(deps.uow, actor.id)
    remembered = remembered if plausible_department(remembered) else ""
    if not department or normalise_department(department) == normalise_department(remembered):
        return await create(actor, draft, deps, department_known=True)  # the remembered department is unchanged
    # A department changed in the form is remembered for the next consultations too: the reply says so.
    key = "department.updated" if remembered else "department.saved"
    return await create(actor, draft, deps, notice=t(key, actor.locale, department=department))


def register(router: Router) -> None:
    router.verb(Verb.CREATE, submit_form, needs_id=False)
