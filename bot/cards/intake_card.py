"""The intake form (新規): subject, details, department, wanted-by date; submitting it creates a consultation."""

from collections.abc import Sequence
from typing import Any

from bot.cards.elements import card, date_input, execute, text_block, text_input
from bot.cards.verbs import Verb
from bot.domain.intake import MAX_BODY_CHARS, MAX_DEPARTMENT_CHARS, MAX_TITLE_CHARS
from bot.texts import t

FIELDS = ("title", "body", "department", "due")
MAX_CHOICES = 300  # a city hall's departments; more would make the card heavy (the rest can still be typed)


def intake_form_card(locale: str = "ja", *, values: dict[str, str] | None = None, error: str = "") -> dict[str, Any]:
    v = values or {}
    body = [text_block(t("form.heading", locale), weight="Bolder", size="Medium")]
    if error:
        body.append(text_block(error, color="Attention", weight="Bolder"))
    body += [
        text_input(
            "title",
            t("form.title", locale),
            value=v.get("title", ""),
            placeholder=t("form.title_placeholder", locale),
            max_length=MAX_TITLE_CHARS,
        ),
        text_input(
            "body",
            t("form.body", locale),
            value=v.get("body", ""),
            multiline=True,
            placeholder=t("form.body_placeholder", locale),
            max_length=MAX_BODY_CHARS,
            required=True,
            error=t("form.body_required", locale),
        ),
        text_input(
            "department", t("form.department", locale), value=v.get("department", ""), max_length=MAX_DEPARTMENT_CHARS
        ),
        date_input("due", t("form.due", locale), value=v.get("due", "")),
    ]
    return card(body, [execute(t("form.submit", locale), Verb.CREATE, {}, associatedInputs="auto")])


def question_card(
    text: str,
    input_id: str,
    choices: Sequence[str],
    *,
    verb: str,
    locale: str = "ja",
    error: str = "",
) -> dict[str, Any]:
    """A question of the intake conversation with a typeahead picker (Input.ChoiceSet, style filtered) and a submit.
    The submit is an Action.Submit: it arrives as a message, which is what answers the open question; an answer
    typed into the chat is taken as well."""
    body = [text_block(text)]
    if error:
        body.append(text_block(error, color="Attention", weight="Bolder"))
    body.append(
        {
            "type": "Input.ChoiceSet",
            "id": input_id,
            "label": t("question.pick", locale),
            "style": "filtered",
            "placeholder": t("question.pick_placeholder", locale),
            "isRequired": True,
            "errorMessage": t("question.pick_required", locale),
            "choices": [{"title": name, "value": name} for name in list(dict.fromkeys(choices))[:MAX_CHOICES]],
        }
    )
    body.append(text_block(t("question.or_type", locale), isSubtle=True, size="Small"))
    submit = {"type": "Action.Submit", "title": t("question.submit", locale), "data": {"verb": verb}}
    return card(body, [submit])
