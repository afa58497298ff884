"""The weekly summary / 集計 card: figures per category, backlog, ageing, departments, with Teams charts whose
numbers are always also in a FactSet (charts fall back to it where Teams cannot draw them)."""

from typing import Any

from bot.cards.elements import card, fact_set, text_block, user_text
from bot.domain.stats import Summary
from bot.texts import JST, t
from bot.views.ageing import figure_facts
from bot.views.numbers import number
from bot.views.summary import days_text, headline, rate_text, reuse_line, this_week, turned_away_text, week_counts

MAX_DEPARTMENTS = 5
MAX_SILENT = 15
MAX_REUSE = 5  # new 横展開候補 listed on the card; the dashboard's 事例集 has them all


def summary_card(
    s: Summary, locale: str = "ja", *, dashboard_url: str = "", heading_key: str = "summary.heading"
) -> dict[str, Any]:
    body = [
        text_block(t(heading_key, locale, period=s.period.label(locale)), weight="Bolder", size="Medium"),
        text_block(headline(s, locale), wrap=True),
        donut(s, locale),
        grouped_bars(s, locale),
        fact_set(category_facts(s, locale)),
        text_block(t("summary.backlog", locale), weight="Bolder", spacing="Medium"),
        fact_set(backlog_facts(s, locale)),
        text_block(t("summary.departments", locale), weight="Bolder", spacing="Medium"),
        fact_set(
            [(user_text(d.name), t("summary.count", locale, n=d.received)) for d in s.top_departments[:MAX_DEPARTMENTS]]
            or [("-", "-")]
        ),
    ]
    if s.silent_departments:
        silent = s.silent_departments[:MAX_SILENT]
        more = len(s.silent_departments) - len(silent)
        names = "、".join(map(user_text, silent)) + (t("summary.more", locale, n=more) if more > 0 else "")
        body.append(text_block(t("summary.silent", locale, names=names), isSubtle=True, wrap=True))
    if s.new_reuse:
        body.append(text_block(t("summary.new_reuse", locale, n=len(s.new_reuse)), weight="Bolder", spacing="Medium"))
        shown = s.new_reuse[:MAX_REUSE]
        body += [text_block(user_text(reuse_line(e, locale)), wrap=True, spacing="Small") for e in shown]
        if len(s.new_reuse) > len(shown):
            rest = t("summary.more_reuse", locale, n=len(s.new_reuse) - len(shown))
            body.append(text_block(rest, isSubtle=True, spacing="Small"))
    actions = [{"type": "Action.OpenUrl", "title": t("summary.open_dashboard", locale), "url": dashboard_url}]
    return card(body, actions if dashboard_url else None)


def donut(s: Summary, locale: str) -> dict[str, Any]:
    bpr, app = s.categories
    return {
        "type": "Chart.Donut",
        "title": t("summary.mix", locale),
        "data": [
            {"legend": t("category.short.bpr", locale), "value": bpr.received, "color": "categoricalBlue"},
            {"legend": t("category.short.app", locale), "value": app.received, "color": "categoricalPurple"},
        ],
        "fallback": "drop",  # the FactSet below carries the same numbers
    }


def grouped_bars(s: Summary, locale: str) -> dict[str, Any]:
    """Done and open per category, one stacked bar each. Not Chart.VerticalBar.Grouped: Teams draws its value axis in
    quarters of the largest value (0, 0.75, 1.5, 2.25, 3 for a count of 3) and takes no axis bounds; a stacked
    horizontal bar has no value axis, and shows each bar's total."""
    return {
        "type": "Chart.HorizontalBar.Stacked",
        "title": t("summary.done_vs_open", locale),
        "data": [
            {
                "title": t(f"category.short.{c.category}", locale),
                "data": [
                    {"legend": t("summary.done", locale), "value": c.completed, "color": "good"},
                    {"legend": t("summary.open", locale), "value": c.received - c.completed, "color": "warning"},
                ],
            }
            for c in s.categories
        ],
        "fallback": "drop",
    }


def category_facts(s: Summary, locale: str) -> list[tuple[str, str]]:
    facts = []
    for c in (*s.categories, s.total):
        name = t("summary.total", locale) if c.category == "all" else t(f"category.short.{c.category}", locale)
        facts.append((name, rate_text(c, locale)))
        if c.lead_time_median_days is not None and c.category != "all":
            facts.append((t("summary.lead_time", locale, category=name), days_text(c, locale)))
    facts.append((t("summary.withdrawn", locale), t("summary.count", locale, n=s.withdrawn)))
    facts.append((t("summary.hours_saved", locale), t("value.hours", locale, hours=number(s.hours_saved_per_month))))
    facts.append((t("summary.turned_away", locale), turned_away_text(s, locale)))
    return facts


def backlog_facts(s: Summary, locale: str) -> list[tuple[str, str]]:
    facts = [(t(f"status.{status}", locale), t("summary.count", locale, n=n)) for status, n in s.open_by_status.items()]
    facts += [
        (t("summary.age", locale, bucket=bucket), t("summary.count", locale, n=n)) for bucket, n in s.ageing.items()
    ]
    if s.business_ageing is not None:
        facts += figure_facts(s.business_ageing, locale)
    facts.append((this_week(s, locale, JST), week_counts(s, locale)))
    return facts
