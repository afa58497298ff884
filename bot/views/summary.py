"""How a summary reads: the programme's headline and the plain-text report, shared by the summary card, the CLI
(`consult report`) and the dashboard, so the three never disagree. Every count of consultations received (受付) leaves
the withdrawn ones out, and says how many were withdrawn next to it (bot/domain/stats.py)."""

from collections.abc import Sequence
from datetime import tzinfo

from bot.domain.catalogue import CatalogueEntry
from bot.domain.periods import week_of
from bot.domain.stats import CategoryFigures, Summary
from bot.texts import t
from bot.views.numbers import number

MAX_SILENT = 30


def headline(summary: Summary, locale: str) -> str:
    """The programme's sentence: 「BPR 179件中105件完了（59%）…」, the same in the card, the text and the chat."""
    bpr, app = summary.categories
    return t(
        "summary.headline",
        locale,
        bpr_received=bpr.received,
        bpr_completed=bpr.completed,
        bpr_rate=bpr.completion_rate,
        app_received=app.received,
        app_completed=app.completed,
        app_rate=app.completion_rate,
    )


def report_text(summary: Summary, locale: str = "ja") -> str:
    """The summary as plain text (the same strings as the summary card), one figure per line."""
    s = summary
    lines = [
        t("summary.heading", locale, period=s.period.label(locale)),
        headline(s, locale),
        _fact(t("summary.total", locale), rate_text(s.total, locale)),
        _fact(t("summary.withdrawn", locale), t("summary.count", locale, n=s.withdrawn)),
    ]
    for c in s.categories:
        if c.lead_time_median_days is not None:
            name = t(f"category.short.{c.category}", locale)
            lines.append(_fact(t("summary.lead_time", locale, category=name), days_text(c, locale)))
    hours = t("value.hours", locale, hours=number(s.hours_saved_per_month))
    lines += [_fact(t("summary.hours_saved", locale), hours)]
    lines += [_fact(t("summary.turned_away", locale), turned_away_text(s, locale)), "", t("summary.backlog", locale)]
    lines += [_fact(t(f"status.{k}", locale), t("summary.count", locale, n=n)) for k, n in s.open_by_status.items()]
    lines += [_fact(t("summary.age", locale, bucket=k), t("summary.count", locale, n=n)) for k, n in s.ageing.items()]
    lines += [_fact(this_week(s, locale), week_counts(s, locale)), "", t("summary.departments", locale)]
    lines += [_fact(d.name, t("summary.count", locale, n=d.received)) for d in s.top_departments] or ["-"]
    if s.silent_departments:
        lines.append(t("summary.silent", locale, names=department_names(s.silent_departments, locale)))
    if s.new_reuse:
        lines += ["", t("summary.new_reuse", locale, n=len(s.new_reuse))]
        lines += [reuse_line(e, locale) for e in s.new_reuse]
    return "\n".join(lines) + "\n"


def reuse_line(e: CatalogueEntry, locale: str) -> str:
    """「R8-0012 窓口予約のフォーム化（市民課）：フォームとフローを複製して使える」: a new 横展開候補 in a summary."""
    return t("summary.reuse_line", locale, number=e.number, title=e.title, department=e.department, note=e.note)
def turned_away_text(summary: Summary, locale: str) -> str:
    """「12件（うち相談として登録 2件）」: messages answered as 対象外 in the period, and those registered after all."""
    counts = summary.turned_away
    return t("summary.turned_away_counts", locale, n=counts.turned_away, registered=counts.registered)


def rate_text(c: CategoryFigures, locale: str) -> str:
    """「179件、完了105件（59%）」: what was received in the period, how much of it is done."""
    return t("summary.rate", locale, received=c.received, completed=c.completed, rate=c.completion_rate)


def week_counts_key(summary: Summary) -> str:
    """The catalogue text of the week's counts ({new}, {closed}, {withdrawn}): it names the withdrawn ones left out
    of 新規 only when there are some."""
    return "summary.week_counts_withdrawn" if summary.withdrawn_this_week else "summary.week_counts"


def week_counts(summary: Summary, locale: str) -> str:
    """「新規 9件（取り下げ 2件を除く）／完了 3件」: received in the week of as_of (as `received`), done in it."""
    s = summary
    key = week_counts_key(s)
    return t(key, locale, new=s.new_this_week, closed=s.closed_this_week, withdrawn=s.withdrawn_this_week)


def days_text(c: CategoryFigures, locale: str) -> str:
    """「中央値 12日／90%値 30.5日」: days to close, as the dashboard shows them (bot/views/numbers.py)."""
    return t("summary.days", locale, median=number(c.lead_time_median_days), p90=number(c.lead_time_p90_days))


def this_week(summary: Summary, locale: str, tz: tzinfo | None = None) -> str:
    """「週（2026年11月23日〜11月29日）」: the week of as_of, on the calendar of `tz` (default: as_of's own zone)."""
    as_of = summary.as_of.astimezone(tz) if tz else summary.as_of
    return t("summary.this_week", locale, week=week_of(as_of.date()).label(locale))


def _fact(name: str, value: str) -> str:
    return f"{name}：{value}"


def department_names(names: Sequence[str], locale: str) -> str:
    shown = names[:MAX_SILENT]
    more = len(names) - len(shown)
    return "、".join(shown) + (t("summary.more", locale, n=more) if more > 0 else "")
