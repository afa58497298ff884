"""The dashboard's pages: the period picker, key figures, category cards, charts with their tables, backlog and
departments, and the short error pages."""

from collections.abc import Mapping
from datetime import date, datetime, tzinfo

from bot.domain.periods import Period, parse_period, week_of
from bot.texts import t
from bot.web.html import document, el, esc, figure, json_script, table, void

PRESETS = ("今週", "今月", "今年度", "昨年度")
CATEGORY_KEYS = ("bpr", "app")
COLORS = {"bpr": "#2563eb", "app": "#9333ea", "done": "#15803d", "open": "#d97706"}
ERRORS = {
    400: (
        "期間を読み取れませんでした",
        "期間は「今年度」「R6年度」「FY2024」「今月」「2024-04-01..2025-06-30」のように指定してください。"
        "日付で選ぶときは開始日と終了日の両方を入れてください。",
    ),
    401: (
        "表示する権限を確認できませんでした",
        "共有されたリンクを開き直してください。リンクの有効期限が切れているときは、最新の週次集計のリンクを開くか、"
        "DX推進の担当者にお問い合わせください。",
    ),
    404: ("ページが見つかりません", "このページは利用できません。"),
}


def error_page(status: int) -> str:
    title, message = ERRORS[status]
    return document(title, el("main", el("h1", esc(title)) + el("p", esc(message)), class_="message"))


def number(value: float | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def metric(path: str, value: float | None, unit: str = "") -> str:
    """A number as text, marked with the summary path it shows (data-metric), then its unit when there is one."""
    return el("span", esc(number(value)), class_="num", data_metric=path) + (esc(unit) if value is not None else "")


def period_form(period: Period, today: date, *, token: str = "", ask_token: bool = False) -> str:
    presets = "".join(
        el(
            "button",
            esc(p),
            type="submit",
            name="period",
            value=p,
            class_="preset",
            aria_pressed="true" if (q := parse_period(p, today)) and q.key == period.key else "false",
        )
        for p in PRESETS
    )
    dates = (
        el("label", "開始日 " + void("input", type="date", name="from", value=period.start.isoformat()))
        + el("label", "終了日 " + void("input", type="date", name="to", value=period.end.isoformat()))
        + el("button", "この期間を表示", type="submit", class_="apply")
    )
    secret = void("input", type="hidden", name="token", value=token) if token else ""
    if ask_token:
        secret = el(
            "p",
            "共有リンクはこの期間専用です。別の期間を見るには "
            + el("label", "アクセストークン " + void("input", type="password", name="token", autocomplete="off"))
            + " を入れてください。",
            class_="note",
        )
    inner = el("div", presets, class_="presets", role="group", aria_label="よく使う期間") + el(
        "div", dates, class_="dates"
    )
    return el("form", inner + secret, method="get", action="dashboard", class_="picker", aria_label="期間の選択")


def render_page(d: Mapping, *, tz: tzinfo, form: str, csv_url: str) -> str:
    p = d["period"]
    heading = (
        el("h1", "DX相談 ダッシュボード")
        + el(
            "p", "期間：" + el("strong", esc(p["label"]), data_period=p["key"]) + esc(f"（{p['start']} 〜 {p['end']}）")
        )
        + el("p", esc(_as_of(d["as_of"], tz)), class_="as-of")
    )
    actions = el("a", "この期間のCSVをダウンロード", href=csv_url, class_="download", download=True)
    main = (
        el("section", kpis(d), class_="kpis", aria_label="主な数値")
        + el("section", el("h2", "区分別の状況") + category_cards(d), class_="cards-section")
        + el("section", el("h2", "グラフ") + charts(d), class_="charts")
        + el("section", el("h2", "未完了の相談（現在）") + backlog(d, tz), class_="backlog")
        + el("section", el("h2", "部署") + departments(d), class_="departments")
    )
    footer = el(
        "footer",
        "グラフ表示：Chart.js 4.6.1（"
        + el("a", "MIT License", href="static/LICENSE.chartjs.txt")
        + "）。グラフの数値はすべて表にも載せています。",
    )
    body = (
        el("header", heading + form + actions) + el("main", main) + footer + json_script("summary-data", chart_data(d))
    )
    scripts = el("script", src="static/chart.umd.min.js", defer=True) + el(
        "script", src="static/dashboard.js", defer=True
    )
    return document(f"DX相談 ダッシュボード：{p['label']}", body, head=scripts)


def _as_of(value: str, tz: tzinfo) -> str:
    moment = datetime.fromisoformat(value).astimezone(tz)
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M} 時点"


def _open_count(d: Mapping) -> int:
    return sum(d["open_by_status"].values())


def kpis(d: Mapping) -> str:
    tiles = [
        ("受付（合計）", metric("total.received", d["total"]["received"], "件")),
        ("完了（合計）", metric("total.completed", d["total"]["completed"], "件")),
        ("完了率", metric("total.completion_rate", d["total"]["completion_rate"], "%")),
        ("未完了（現在）", metric("open_total", _open_count(d), "件")),
        ("削減時間の見込み", metric("hours_saved_per_month", d["hours_saved_per_month"], "時間/月")),
    ]
    return "".join(
        el("div", el("p", esc(label), class_="label") + el("p", value, class_="value"), class_="kpi")
        for label, value in tiles
    )


def category_cards(d: Mapping) -> str:
    cards = [(f"categories.{c}", t(f"category.{c}"), d["categories"][c]) for c in CATEGORY_KEYS]
    cards.append(("total", t("summary.total"), d["total"]))
    return el("div", "".join(figures_card(*card) for card in cards), class_="cards")


def figures_card(path: str, title: str, f: Mapping) -> str:
    rows = [
        ("受付", metric(f"{path}.received", f["received"], "件")),
        ("完了", metric(f"{path}.completed", f["completed"], "件")),
        ("完了率", metric(f"{path}.completion_rate", f["completion_rate"], "%")),
        ("完了までの日数（中央値）", metric(f"{path}.lead_time_median_days", f["lead_time_median_days"], "日")),
        ("完了までの日数（90%値）", metric(f"{path}.lead_time_p90_days", f["lead_time_p90_days"], "日")),
        ("削減時間の見込み", metric(f"{path}.hours_saved_per_month", f["hours_saved_per_month"], "時間/月")),
    ]
    items = "".join(el("dt", esc(label)) + el("dd", value) for label, value in rows)
    return el("article", el("h3", esc(title)) + el("dl", items), class_="card")


def chart_data(d: Mapping) -> dict:
    """What dashboard.js draws (labels and numbers), with the whole summary for anyone reading the page's data."""
    labels = [t(f"category.short.{c}") for c in CATEGORY_KEYS]
    cats = [d["categories"][c] for c in CATEGORY_KEYS]
    return {
        "mix": {
            "labels": labels,
            "values": [c["received"] for c in cats],
            "colors": [COLORS[c] for c in CATEGORY_KEYS],
        },
        "progress": {
            "labels": labels,
            "series": [
                {"label": t("summary.done"), "values": [c["completed"] for c in cats], "color": COLORS["done"]},
                {
                    "label": t("summary.open"),
                    "values": [c["received"] - c["completed"] for c in cats],
                    "color": COLORS["open"],
                },
            ],
        },
        "summary": d,
    }


def charts(d: Mapping) -> str:
    names = {c: esc(t(f"category.short.{c}")) for c in CATEGORY_KEYS}
    cats = d["categories"]
    mix_rows = [[names[c], metric(f"categories.{c}.received", cats[c]["received"], "件")] for c in CATEGORY_KEYS]
    progress_rows = [
        [
            names[c],
            metric(f"categories.{c}.completed", cats[c]["completed"], "件"),
            metric(f"categories.{c}.open", cats[c]["received"] - cats[c]["completed"], "件"),
        ]
        for c in CATEGORY_KEYS
    ]
    mix_label = "、".join(f"{t(f'category.short.{c}')} {cats[c]['received']}件" for c in CATEGORY_KEYS)
    mix = figure("chart-mix", t("summary.mix"), mix_label, table("受付件数", ["区分", "受付"], mix_rows))
    progress_label = "、".join(
        f"{t(f'category.short.{c}')} 完了{cats[c]['completed']}件・未完了{cats[c]['received'] - cats[c]['completed']}件"
        for c in CATEGORY_KEYS
    )
    progress = figure(
        "chart-progress",
        t("summary.done_vs_open"),
        progress_label,
        table("完了と未完了（期間内の受付）", ["区分", t("summary.done"), t("summary.open")], progress_rows),
    )
    return el("div", mix + progress, class_="chart-grid")


def backlog(d: Mapping, tz: tzinfo) -> str:
    statuses = [[esc(t(f"status.{s}")), metric(f"open_by_status.{s}", n, "件")] for s, n in d["open_by_status"].items()]
    ages = [[esc(f"{b}日"), metric(f"ageing.{b}", n, "件")] for b, n in d["ageing"].items()]
    week = week_of(datetime.fromisoformat(d["as_of"]).astimezone(tz).date()).label()
    moves = el(
        "p",
        esc(f"今週（{week}）：新規 ")
        + metric("new_this_week", d["new_this_week"], "件")
        + "／完了 "
        + metric("closed_this_week", d["closed_this_week"], "件"),
    )
    tables = table("状況別", ["状況", "件数"], statuses) + table("受付からの経過日数", ["経過", "件数"], ages)
    return el("div", tables, class_="tables") + el("div", moves, class_="panel week")


def departments(d: Mapping) -> str:
    top = "".join(
        el(
            "li",
            el("span", esc(x["name"]), class_="dept")
            + " "
            + metric(f"top_departments.{i}.received", x["received"], "件"),
        )
        for i, x in enumerate(d["top_departments"])
    )
    silent = "".join(el("li", esc(name)) for name in d["silent_departments"])
    return el(
        "div",
        el("h3", esc(t("summary.departments")))
        + (el("ol", top, class_="top") if top else el("p", "この期間の相談はありません。"))
        + el("h3", "この期間に相談のない部署")
        + (el("ul", silent, class_="silent") if silent else el("p", "ありません。")),
        class_="panel",
    )
