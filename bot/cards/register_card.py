"""The 「相談として登録」 dialog: a message's text, title, requester and department, editable before registering."""

from collections.abc import Sequence
from typing import Any

from bot.cards.elements import card, choice_input, text_block, text_input
from bot.domain.intake import MAX_BODY_CHARS, MAX_DEPARTMENT_CHARS, MAX_TITLE_CHARS
from bot.texts import t

FIELDS = ("title", "body", "requester", "department")
SUBMIT_DATA = {"action": "register"}


def register_card(
    locale: str,
    *,
    values: dict[str, str],
    requesters: Sequence[tuple[str, str]],
    error: str = "",
    out_of_scope: str = "",
    anyway: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """`values` fill the inputs (what the message said, or what was typed before an error); `requesters` are the
    (label, id) people the requester may be chosen from. The dialog's Action.Submit arrives as
    composeExtension/submitAction with the inputs. `out_of_scope`: the 対象外 answer (where to go instead), shown
    above the inputs, with the submit registering it after all (`anyway` is added to its data)."""
    body = [text_block(t("register.heading", locale), weight="Bolder", size="Medium")]
    if error:
        body.append(text_block(error, color="Attention", weight="Bolder"))
    if out_of_scope:
        body.append(text_block(t("scope.heading", locale), weight="Bolder", color="Attention"))
        body.append(text_block(out_of_scope))
    body += [
        text_input("title", t("form.title", locale), value=values.get("title", ""), max_length=MAX_TITLE_CHARS),
        text_input(
            "body",
            t("form.body", locale),
            value=values.get("body", ""),
            multiline=True,
            max_length=MAX_BODY_CHARS,
            required=True,
            error=t("form.body_required", locale),
        ),
        choice_input("requester", t("register.requester", locale), list(requesters), value=values.get("requester", "")),
        text_block(t("register.requester_hint", locale), isSubtle=True, size="Small", spacing="None"),
        text_input(
            "department",
            t("form.department", locale),
            value=values.get("department", ""),
            max_length=MAX_DEPARTMENT_CHARS,
        ),
        text_block(t("register.department_hint", locale), isSubtle=True, size="Small", spacing="None"),
    ]
    title = t("scope.register" if out_of_scope else "register.submit", locale)
    submit = {"type": "Action.Submit", "title": title, "data": {**SUBMIT_DATA, **(anyway or {})}}
    return card(body, [submit])
