"""The dashboard's pages in the reader's language: period picker, key figures, category cards, charts with their
tables, backlog, departments, and the short error pages. Every word comes from the message catalogue; the summary's
sentences (headline, rates, the week) from bot/views/summary.py, as on the summary card and in `consult report`."""

from datetime import date, tzinfo

from bot.domain.periods import Period, parse_period
from bot.domain.stats import CategoryFigures, Summary, summary_to_dict
from bot.texts import local_date, t
from bot.views.ageing import oldest_text
from bot.views.numbers import number
from bot.views.summary import headline, rate_text, this_week, week_counts_key
from bot.web.html import document, el, esc, figure, fill, json_script, table, void

PRESETS = ("this_week", "this_month", "this_fy", "last_fy")  # dashboard.preset.<name>: the label and ?period= text
COLORS = {"bpr": "#2563eb", "app": "#9333ea", "done": "#15803d", "open": "#d97706"}
CHARTJS_VERSION = "4.6.1"  # bot/web/static/chart.umd.min.js
ERRORS = {400: "bad_period", 401: "unauthorized", 404: "not_found"}  # dashboard.error.<name>.title / .message
DISABLED = "disabled"  # the 404 of a dashboard with neither a token nor a signing key: it says how to turn it on
# Units: catalogue texts around {n}, the figure.
COUNT = "summary.count"  # 「{n}件」, as on the summary card
PERCENT = "dashboard.unit.percent"
DAYS = "dashboard.unit.days"
HOURS = "dashboard.unit.hours_per_month"


def error_texts(status: int, locale: str, name: str = "") -> tuple[str, str]:
    """(title, message) of the error page for `status` (400, 401 or 404), or of the error `name` (DISABLED)."""
    name = name or ERRORS[status]
    return t(f"dashboard.error.{name}.title", locale), t(f"dashboard.error.{name}.message", locale)


def error_page(status: int, locale: str, name: str = "") -> str:
    title, message = error_texts(status, locale, name)
    return document(title, el("main", el("h1", esc(title)) + el("p", esc(message)), class_="message"), lang=locale)


def num(path: str, value: float | None) -> str:
    """A figure as text, marked with the summary path it shows (data-metric)."""
    return el("span", esc(number(value)), class_="num", data_metric=path)


def metric(path: str, value: float | None, unit: str, locale: str) -> str:
    """num() in its unit (a catalogue text such as summary.count, 「{n}件」); only the dash when there is no value."""
    return num(path, value) if value is None else fill(unit, locale, n=num(path, value))


def period_form(period: Period, today: date, locale: str, *, token: str = "", ask_token: bool = False) -> str:
    def preset(text: str) -> str:
        chosen = (q := parse_period(text, today)) is not None and q.key == period.key
        pressed = "true" if chosen else "false"
        return el("button", esc(text), type="submit", name="period", value=text, class_="preset", aria_pressed=pressed)

    def day(key: str, name: str, value: date) -> str:
        return el("label", esc(t(key, locale)) + " " + void("input", type="date", name=name, value=value.isoformat()))

    presets = "".join(preset(t(f"dashboard.preset.{p}", locale)) for p in PRESETS)
    dates = (
        day("dashboard.from", "from", period.start)
        + day("dashboard.to", "to", period.end)
        + el("button", esc(t("dashboard.show", locale)), type="submit", class_="apply")
    )
    secret = void("input", type="hidden", name="token", value=token) if token else ""
    if ask_token:
        field = void("input", type="password", name="token", autocomplete="off")
        field = el("label", esc(t("dashboard.token", locale)) + " " + field)
        secret = el("p", fill("dashboard.token_note", locale, field=field), class_="note")
    inner = el("div", presets, class_="presets", role="group", aria_label=t("dashboard.presets", locale))
    inner += el("div", dates, class_="dates")
    picker = t("dashboard.picker", locale)
    return el("form", inner + secret, method="get", action="dashboard", class_="picker", aria_label=picker)


def render_page(
    s: Summary, *, locale: str, tz: tzinfo, form: str, csv_url: str, xlsx_url: str = "", cases_url: str = ""
) -> str:
    p, label = s.period, s.period.label(locale)
    shown = el("strong", esc(label), data_period=p.key)
    moment = s.as_of.astimezone(tz)
    as_of = t("dashboard.as_of", locale, date=local_date(moment.date(), locale), time=f"{moment:%H:%M}")
    heading = (
        el("h1", esc(t("dashboard.heading", locale)))
        + el("p", fill("dashboard.period", locale, period=shown, start=esc(p.start), end=esc(p.end)))
        + el("p", esc(headline(s, locale)), class_="headline")
        + el("p", esc(as_of), class_="as-of")
    )
    actions = el("a", esc(t("dashboard.download_csv", locale)), href=csv_url, class_="download", download=True)
    if xlsx_url:
        actions += el("a", esc(t("workbook.download", locale)), href=xlsx_url, class_="download", download=True)
    if cases_url:
        actions += " " + el("a", esc(t("catalogue.open", locale)), href=cases_url, class_="download cases")

    def section(key: str, inner: str, css: str) -> str:
        return el("section", el("h2", esc(t(key, locale))) + inner, class_=css)

    main = (
        el("section", kpis(s, locale), class_="kpis", aria_label=t("dashboard.key_figures", locale))
        + section("dashboard.by_category", category_cards(s, locale), "cards-section")
        + section("dashboard.charts", charts(s, locale), "charts")
        + section("summary.backlog", backlog(s, tz, locale), "backlog")
        + section("dashboard.departments", departments(s, locale), "departments")
    )
    licence = el("a", "MIT License", href="static/LICENSE.chartjs.txt")
    footer = el("footer", fill("dashboard.footer", locale, version=esc(CHARTJS_VERSION), license=licence))
    body = el("header", heading + form + actions) + el("main", main) + footer
    body += json_script("summary-data", chart_data(s, locale))
    scripts = el("script", src="static/chart.umd.min.js", defer=True) + el(
        "script", src="static/dashboard.js", defer=True
    )
    return document(t("dashboard.title", locale, period=label), body, lang=locale, head=scripts)


def kpis(s: Summary, locale: str) -> str:
    tiles = [
        ("dashboard.total_received", metric("total.received", s.total.received, COUNT, locale)),
        ("dashboard.total_completed", metric("total.completed", s.total.completed, COUNT, locale)),
        ("dashboard.completion_rate", metric("total.completion_rate", s.total.completion_rate, PERCENT, locale)),
        ("summary.withdrawn", metric("withdrawn", s.withdrawn, COUNT, locale)),
        ("dashboard.open_now", metric("open_total", sum(s.open_by_status.values()), COUNT, locale)),
        ("dashboard.hours_saved", metric("hours_saved_per_month", s.hours_saved_per_month, HOURS, locale)),
    ]
    tiles_html = "".join(
        el("div", el("p", esc(t(key, locale)), class_="label") + el("p", value, class_="value"), class_="kpi")
        for key, value in tiles
    )
    return tiles_html + el("p", esc(t("dashboard.received_note", locale)), class_="note")


def category_cards(s: Summary, locale: str) -> str:
    cards = [(f"categories.{c.category}", t(f"category.{c.category}", locale), c) for c in s.categories]
    cards.append(("total", t("summary.total", locale), s.total))
    return el("div", "".join(figures_card(*card, locale) for card in cards), class_="cards")


def figures_card(path: str, title: str, f: CategoryFigures, locale: str) -> str:
    """One category (or the total): the shared rate sentence, then each figure on its own row."""
    rows = [
        ("dashboard.received", metric(f"{path}.received", f.received, COUNT, locale)),
        ("dashboard.completed", metric(f"{path}.completed", f.completed, COUNT, locale)),
        ("dashboard.completion_rate", metric(f"{path}.completion_rate", f.completion_rate, PERCENT, locale)),
        ("dashboard.lead_time_median", metric(f"{path}.lead_time_median_days", f.lead_time_median_days, DAYS, locale)),
        ("dashboard.lead_time_p90", metric(f"{path}.lead_time_p90_days", f.lead_time_p90_days, DAYS, locale)),
        ("dashboard.hours_saved", metric(f"{path}.hours_saved_per_month", f.hours_saved_per_month, HOURS, locale)),
    ]
    items = "".join(el("dt", esc(t(key, locale))) + el("dd", value) for key, value in rows)
    rate = el("p", esc(rate_text(f, locale)), class_="rate")
    return el("article", el("h3", esc(title)) + rate + el("dl", items), class_="card")


def chart_data(s: Summary, locale: str) -> dict:
    """What dashboard.js draws (labels and numbers), with the whole summary for anyone reading the page's data."""
    labels = [t(f"category.short.{c.category}", locale) for c in s.categories]
    done = {"label": t("summary.done", locale), "values": [c.completed for c in s.categories], "color": COLORS["done"]}
    open_ = [c.received - c.completed for c in s.categories]
    return {
        "mix": {
            "labels": labels,
            "values": [c.received for c in s.categories],
            "colors": [COLORS[c.category] for c in s.categories],
        },
        "progress": {
            "labels": labels,
            "series": [done, {"label": t("summary.open", locale), "values": open_, "color": COLORS["open"]}],
        },
        "summary": summary_to_dict(s),
    }


def charts(s: Summary, locale: str) -> str:
    """The two charts, each described in words for screen readers and followed by a table of its numbers."""
    names = {c.category: t(f"category.short.{c.category}", locale) for c in s.categories}
    opened = [c.received - c.completed for c in s.categories]  # received in the period, not done (yet)
    category = t("field.category", locale)

    def chart(canvas_id: str, title_key: str, items: list[str], table_key: str, header: list[str], rows: list) -> str:
        title, description = t(title_key, locale), t("dashboard.list_separator", locale).join(items)
        label = t("dashboard.chart.label", locale, title=title, description=description)
        return figure(canvas_id, title, description, table(t(table_key, locale), header, rows), label=label)

    def row(c: CategoryFigures, *figures: tuple[str, int]) -> list[str]:
        path = f"categories.{c.category}"
        return [esc(names[c.category]), *(metric(f"{path}.{f}", n, COUNT, locale) for f, n in figures)]

    mix = chart(
        "chart-mix",
        "summary.mix",
        [t("dashboard.chart.mix_item", locale, category=names[c.category], n=c.received) for c in s.categories],
        "dashboard.table.mix",
        [category, t("dashboard.received", locale)],
        [row(c, ("received", c.received)) for c in s.categories],
    )
    progress = chart(
        "chart-progress",
        "summary.done_vs_open",
        [
            t("dashboard.chart.progress_item", locale, category=names[c.category], done=c.completed, open=open_)
            for c, open_ in zip(s.categories, opened, strict=True)
        ],
        "dashboard.table.progress",
        [category, t("summary.done", locale), t("summary.open", locale)],
        [row(c, ("completed", c.completed), ("open", n)) for c, n in zip(s.categories, opened, strict=True)],
    )
    return el("div", mix + progress, class_="chart-grid")


def backlog(s: Summary, tz: tzinfo, locale: str) -> str:
    statuses = [
        [esc(t(f"status.{status}", locale)), metric(f"open_by_status.{status}", n, COUNT, locale)]
        for status, n in s.open_by_status.items()
    ]
    ages = [
        [esc(t("dashboard.age_bucket", locale, bucket=bucket)), metric(f"ageing.{bucket}", n, COUNT, locale)]
        for bucket, n in s.ageing.items()
    ]
    count = t("dashboard.table.count", locale)
    tables = table(t("dashboard.table.by_status", locale), [t("field.status", locale), count], statuses) + table(
        t("dashboard.table.by_age", locale), [t("dashboard.table.age", locale), count], ages
    )
    tables += business_ageing(s, locale)
    new, closed = num("new_this_week", s.new_this_week), num("closed_this_week", s.closed_this_week)
    withdrawn = num("withdrawn_this_week", s.withdrawn_this_week)
    counts = fill(week_counts_key(s), locale, new=new, closed=closed, withdrawn=withdrawn)
    week = el("p", fill("dashboard.fact", locale, name=esc(this_week(s, locale, tz)), value=counts))
    return el("div", tables, class_="tables") + el("div", week, class_="panel week")


def business_ageing(s: Summary, locale: str) -> str:
    """The open consultations in business days (weekends, holidays and the closure not counted): how many need
    attention, each age bucket, the oldest; nothing when business days are not configured."""
    f = s.business_ageing
    if f is None:
        return ""
    rows = [[esc(t("ageing.flagged", locale)), metric("business_ageing.flagged", f.flagged_count, COUNT, locale)]]
    rows += [
        [esc(t("ageing.bucket", locale, label=label)), metric(f"business_ageing.buckets.{label}", n, COUNT, locale)]
        for label, n in f.buckets
    ]
    if f.oldest:
        rows.append([esc(t("ageing.oldest", locale)), esc(oldest_text(f, locale))])
    caption = t("ageing.heading", locale)
    return table(caption, [t("dashboard.table.age", locale), t("dashboard.table.count", locale)], rows)


def departments(s: Summary, locale: str) -> str:
    top = "".join(
        el(
            "li",
            el("span", esc(d.name), class_="dept")
            + " "
            + metric(f"top_departments.{i}.received", d.received, COUNT, locale),
        )
        for i, d in enumerate(s.top_departments)
    )
    silent = "".join(el("li", esc(name)) for name in s.silent_departments)
    return el(
        "div",
        el("h3", esc(t("summary.departments", locale)))
        + (el("ol", top, class_="top") if top else el("p", esc(t("dashboard.no_consultations", locale))))
        + el("h3", esc(t("dashboard.silent", locale)))
        + (el("ul", silent, class_="silent") if silent else el("p", esc(t("dashboard.none", locale)))),
        class_="panel",
    )
