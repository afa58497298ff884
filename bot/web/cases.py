"""The dashboard's 事例集 page: the catalogue of reusable solutions (横展開候補) with its filters (category, tag,
department) and a CSV download, in the reader's language. Every word comes from the message catalogue."""

from datetime import tzinfo

from bot.domain.catalogue import CatalogueEntry
from bot.domain.category import Category
from bot.services.catalogue import CatalogueView, tag_label
from bot.texts import local_date, t
from bot.web.html import document, el, esc, void


def render_cases(view: CatalogueView, *, locale: str, tz: tzinfo, token: str, csv_url: str, back_url: str) -> str:
    title = t("catalogue.title", locale)
    count = t("catalogue.count", locale, shown=len(view.entries), total=view.total)
    links = el("a", esc(t("catalogue.download_csv", locale)), href=csv_url, class_="download", download=True)
    links += " " + el("a", esc(t("catalogue.back", locale)), href=back_url, class_="back")
    heading = el("h1", esc(title)) + el("p", esc(t("catalogue.intro", locale))) + el("p", esc(count), class_="count")
    header = el("header", heading + filters(view, locale, token) + links)
    if view.entries:
        main = el("ul", "".join(entry(e, locale, tz) for e in view.entries), class_="cases")
    else:
        main = el("p", esc(t("catalogue.empty", locale)), class_="empty")
    return document(title, header + el("main", main), lang=locale)


def filters(view: CatalogueView, locale: str, token: str) -> str:
    def choice(name: str, label_key: str, options: list[tuple[str, str]], chosen: str) -> str:
        items = el("option", esc(t("catalogue.any", locale)), value="")
        items += "".join(el("option", esc(text), value=value, selected=value == chosen) for text, value in options)
        return el("label", esc(t(label_key, locale)) + " " + el("select", items, name=name))

    c = view.chosen
    categories = [(t(f"category.{x}", locale), x.value) for x in Category]
    inner = (
        choice("category", "catalogue.column.category", categories, c.category)
        + choice("tag", "catalogue.column.tags", [(tag_label(x, locale), x) for x in view.tags], c.tag)
        + choice("department", "catalogue.column.department", [(d, d) for d in view.departments], c.department)
        + (void("input", type="hidden", name="token", value=token) if token else "")
        + el("button", esc(t("catalogue.apply", locale)), type="submit", class_="apply")
    )
    return el("form", inner, method="get", action="cases", class_="picker", aria_label=t("catalogue.filters", locale))


def entry(e: CatalogueEntry, locale: str, tz: tzinfo) -> str:
    """One solution: number, title, department and category, what can be reused, how it was solved, the artefact,
    tags and dates. Everything typed by people is escaped (shown literally)."""
    head = el("span", esc(e.number), class_="number") + " " + el("strong", esc(e.title))
    meta = [e.department or t("value.unknown_department", locale), t(f"category.short.{e.category}", locale)]
    facts = [
        ("catalogue.column.note", e.note),
        ("catalogue.column.resolution", e.resolution),
        ("catalogue.column.artefact", e.artefact),
        ("catalogue.column.tags", t("dashboard.list_separator", locale).join(tag_label(x, locale) for x in e.tags)),
        ("catalogue.column.closed", local_date(e.closed_at.astimezone(tz), locale) if e.closed_at else ""),
        ("catalogue.column.marked", local_date(e.marked_at.astimezone(tz), locale)),
    ]
    items = "".join(el("dt", esc(t(key, locale))) + el("dd", esc(value)) for key, value in facts if value)
    return el(
        "li",
        el("h2", head) + el("p", esc(" / ".join(meta)), class_="meta") + el("dl", items),
        class_="case",
        data_number=e.number,
    )
