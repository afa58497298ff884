"""How ageing reads, shared by the digest card, the assignee's nudge, the summary card and the dashboard: each
flag's reason in words, the nudge's text, and the figures (age buckets, flagged count, oldest)."""

from collections.abc import Sequence
from dataclasses import dataclass

from bot.cards.elements import truncate, user_text
from bot.domain.ageing import Aged, AgeingReport, Flag
from bot.texts import local_date, t

NUDGE_TITLE = 60
OLDEST = 3


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


@dataclass(frozen=True)
class AgeingFigures:
    """What reports show: open consultations by age bucket (business days), how many are flagged, the oldest."""

    open_count: int
    flagged_count: int
    buckets: tuple[tuple[str, int], ...]
    oldest: tuple[tuple[str, int], ...]  # (number, age in business days)

    def bucket_rows(self, locale: str) -> list[tuple[str, str]]:
        return [(t("ageing.bucket", locale, label=label), str(n)) for label, n in self.buckets]

    def as_json(self) -> dict[str, object]:
        return {
            "open": self.open_count,
            "flagged": self.flagged_count,
            "buckets": [{"business_days": label, "count": n} for label, n in self.buckets],
            "oldest": [{"number": number, "business_days": days} for number, days in self.oldest],
        }


def figures(report: AgeingReport) -> AgeingFigures:
    return AgeingFigures(
        open_count=len(report.items),
        flagged_count=len(report.flagged),
        buckets=tuple(report.buckets()),
        oldest=tuple((a.consultation.number, a.age) for a in report.oldest(OLDEST)),
    )
