"""The As-Is/To-Be worksheet of a BPR consultation: a form, and its facts for the details card."""

from typing import Any

from bot.cards.elements import card, execute, number_input, text_block, text_input, user_text
from bot.cards.verbs import Verb
from bot.domain.consultation import Consultation, Worksheet
from bot.texts import t
from bot.views.numbers import number

TEXT_FIELDS = ("as_is", "problems", "to_be", "gap", "effects")
MAX_FIELD = 2000


def worksheet_form_card(
    c: Consultation, worksheet: Worksheet | None, locale: str = "ja", *, notice: str = ""
) -> dict[str, Any]:
    w = worksheet or Worksheet()
    body = [text_block(t("worksheet.heading", locale, number=c.number), weight="Bolder", size="Medium")]
    if notice:
        body.append(text_block(user_text(notice), color="Accent", weight="Bolder"))
    body += [
        text_input(f, t(f"worksheet.{f}", locale), value=getattr(w, f), multiline=True, max_length=MAX_FIELD)
        for f in TEXT_FIELDS
    ]
    body += [
        number_input("yearly_count", t("worksheet.yearly_count", locale), value=w.yearly_count),
        number_input("minutes_per_case", t("worksheet.minutes_per_case", locale), value=w.minutes_per_case),
    ]
    data = {"consultation_id": c.id}
    return card(
        body,
        [
            execute(t("action.save", locale), Verb.SAVE_WORKSHEET, data),
            execute(t("action.back", locale), Verb.REFRESH, data),
        ],
    )


def worksheet_facts(w: Worksheet, locale: str) -> list[tuple[str, str]]:
    facts = [(t(f"worksheet.{f}", locale), user_text(getattr(w, f))) for f in TEXT_FIELDS if getattr(w, f)]
    if w.yearly_count is not None:
        facts.append((t("worksheet.yearly_count", locale), number(w.yearly_count)))
    if w.minutes_per_case is not None:
        facts.append((t("worksheet.minutes_per_case", locale), number(w.minutes_per_case, decimals=2)))
    if w.hours_per_year is not None:
        facts.append((t("worksheet.hours_per_year", locale), t("value.hours", locale, hours=number(w.hours_per_year))))
    return facts or [("-", "-")]


def worksheet_saved_card(c: Consultation, w: Worksheet, locale: str = "ja") -> dict[str, Any]:
    return worksheet_form_card(c, w, locale, notice=t("notice.worksheet_saved", locale))
