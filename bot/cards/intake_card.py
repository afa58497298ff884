"""The intake form (新規): subject, details, department, wanted-by date; submitting it creates a consultation."""

from typing import Any

from bot.cards.elements import card, date_input, execute, text_block, text_input
from bot.cards.verbs import Verb
from bot.domain.intake import MAX_BODY_CHARS, MAX_DEPARTMENT_CHARS, MAX_TITLE_CHARS
from bot.texts import t

FIELDS = ("title", "body", "department", "due")


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
