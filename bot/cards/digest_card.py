"""The daily ageing digest for the support team: what needs attention today, most urgent first, each row with 開く
(its channel thread in Teams; a consultation of a 1:1 chat: its card, for the person who clicked) and, when nobody
handles it, 担当する (the digest stays, refreshed)."""

from datetime import date
from typing import Any

from bot.cards.elements import action_set, card, container, execute, text_block, truncate, user_text
from bot.cards.links import thread_link
from bot.cards.people import person_name
from bot.cards.verbs import Verb
from bot.domain.ageing import Aged, AgeingReport, Flag
from bot.domain.people import NO_NAMES, Names
from bot.texts import local_date, t
from bot.views.ageing import reasons

MAX_ROWS = 15
MAX_ROW_TITLE = 60


def digest_card(report: AgeingReport, locale: str = "ja", names: Names = NO_NAMES, notice: str = "") -> dict[str, Any]:
    flagged = report.flagged
    body: list[dict[str, Any]] = [
        text_block(t("ageing.digest_heading", locale, date=_day(report.today, locale)), weight="Bolder", size="Medium")
    ]
    if notice:
        body.append(text_block(notice, color="Good", spacing="Small"))
    if not flagged:
        body.append(text_block(t("ageing.digest_none", locale), isSubtle=True))
    else:
        counts = {flag: sum(1 for a in flagged if flag in a.flags) for flag in Flag}
        body.append(
            text_block(
                t(
                    "ageing.digest_counts",
                    locale,
                    total=len(flagged),
                    unassigned=counts[Flag.UNASSIGNED],
                    on_hold=counts[Flag.ON_HOLD],
                    due=counts[Flag.DUE],
                ),
                isSubtle=True,
                spacing="None",
            )
        )
    body += [_row(a, locale, names) for a in flagged[:MAX_ROWS]]
    if len(flagged) > MAX_ROWS:
        body.append(text_block(t("ageing.digest_more", locale, count=len(flagged) - MAX_ROWS), isSubtle=True))
    body.append(text_block(t("ageing.digest_rule", locale), isSubtle=True, size="Small", spacing="Medium"))
    return card(body)


def _row(a: Aged, locale: str, names: Names) -> dict[str, Any]:
    c = a.consultation
    title = text_block(f"**{c.number}** {user_text(truncate(c.title, MAX_ROW_TITLE))}", spacing="None")
    why = text_block(" ・ ".join(reasons(a, locale)), color="Attention", spacing="None", size="Small")
    assignee = user_text(person_name(names, c.assignee, locale)) if c.assignee else t("queue.unassigned_label", locale)
    department = user_text(c.department) or t("value.unknown_department", locale)
    meta = text_block(
        t("ageing.row_meta", locale, department=department, assignee=assignee),
        isSubtle=True,
        spacing="None",
        size="Small",
    )
    data = {"consultation_id": c.id}
    link = thread_link(c.place)
    opening = {"type": "Action.OpenUrl", "title": t("action.open", locale), "url": link} if link else None
    buttons = [opening or execute(t("action.open", locale), Verb.REFRESH, data)]
    if c.assignee is None:
        buttons.append(execute(t("action.assign_self", locale), Verb.DIGEST_ASSIGN_SELF, data))
    what = {"type": "Column", "width": "stretch", "items": [title, why, meta]}
    button = {"type": "Column", "width": "auto", "verticalContentAlignment": "Center", "items": [action_set(buttons)]}
    return container([{"type": "ColumnSet", "columns": [what, button]}], separator=True)


def _day(day: date, locale: str) -> str:
    return local_date(day, locale)
