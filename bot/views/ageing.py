"""How ageing reads, shared by the digest card, the assignee's nudge, the summary card and the dashboard: each
flag's reason in words, the nudge's text, and the business-day figures as (label, value) lines."""

from collections.abc import Sequence

from bot.cards.elements import truncate, user_text
from bot.domain.ageing import Aged, AgeingFigures, Flag
from bot.texts import local_date, t

NUDGE_TITLE = 60


def reasons(a: Aged, locale: str) -> list[str]:
    """Why this consultation is flagged, one phrase per flag."""
    out: list[str] = []
    if Flag.UNASSIGNED in a.flags:
        out.append(t("ageing.reason.unassigned", locale, days=a.age))
    if Flag.ON_HOLD in a.flags:
        out.append(t("ageing.reason.on_hold", locale, days=a.on_hold))
    due = a.consultation.desired_due
    if Flag.DUE in a.flags and due is not None and a.due_in is not None:
        when = local_date(due, locale)
        if a.overdue:
            out.append(t("ageing.reason.overdue", locale, date=when, days=max(1, -a.due_in)))
        elif a.due_in <= 0:
            out.append(t("ageing.reason.due_today", locale, date=when))
        else:
            out.append(t("ageing.reason.due_soon", locale, date=when, days=a.due_in))
    return out


def nudge_text(items: Sequence[Aged], report_day_text: str, locale: str, links: Sequence[str] = ()) -> str:
    """The assignee's 1:1 message: one line per flagged consultation of theirs (the title shown as typed), with a
    link to its thread when there is one."""
    lines = [t("ageing.nudge", locale, count=len(items), date=report_day_text)]
    for i, a in enumerate(items):
        c = a.consultation
        line = t(
            "ageing.nudge_line",
            locale,
            number=c.number,
            title=user_text(truncate(c.title, NUDGE_TITLE)),
            reason=" / ".join(reasons(a, locale)),
        )
        link = links[i] if i < len(links) else ""
        lines.append(f"{line} [{c.number}]({link})" if link else line)
    return "\n".join(lines)


def figure_facts(f: AgeingFigures, locale: str) -> list[tuple[str, str]]:
    """(label, value) lines of the business-day ageing: flagged, each age bucket, the oldest."""
    facts = [(t("ageing.flagged", locale), t("summary.count", locale, n=f.flagged_count))]
    facts += [(t("ageing.bucket", locale, label=label), t("summary.count", locale, n=n)) for label, n in f.buckets]
    if f.oldest:
        facts.append((t("ageing.oldest", locale), oldest_text(f, locale)))
    return facts


def oldest_text(f: AgeingFigures, locale: str) -> str:
    """「R9-0001：22営業日、R9-0004：15営業日」"""
    separator = ", " if locale == "en" else "、"
    return separator.join(t("ageing.oldest_row", locale, number=n, days=d) for n, d in f.oldest)
