"""A small escaping HTML builder: elements, catalogue texts as HTML, tables, figures, and safe JSON blocks."""

import html
import json
from collections.abc import Mapping

from bot.texts import t


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _attrs(attrs: Mapping[str, object]) -> str:
    out = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        out.append(f" {name}" if value is True else f' {name}="{esc(value)}"')
    return "".join(out)


def el(tag: str, inner: str = "", **attrs: object) -> str:
    """<tag attrs>inner</tag>: `inner` is HTML built by these functions; attribute values are escaped here."""
    return f"<{tag}{_attrs(attrs)}>{inner}</{tag}>"


def void(tag: str, **attrs: object) -> str:
    return f"<{tag}{_attrs(attrs)}>"


def fill(key: str, locale: str, **markup: str) -> str:
    """The catalogue text `key` as HTML: its words escaped, each {name} replaced by `markup[name]`, HTML built by
    these functions (a figure in a <span>, a link, an input)."""
    slots = {name: f"\0{name}\0" for name in markup}  # NUL: in no catalogue text, untouched by escaping
    text = esc(t(key, locale, **slots))
    for name, inner in markup.items():
        text = text.replace(slots[name], inner)
    return text


def json_script(element_id: str, value: object) -> str:
    """JSON in a non-executed script block; <, >, & and line separators escaped so nothing can close it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return f'<script type="application/json" id="{esc(element_id)}">{text}</script>'


def document(title: str, body: str, *, lang: str, head: str = "") -> str:
    """A whole page in language `lang`, with the dashboard's stylesheet and no referrer."""
    meta = (
        void("meta", charset="utf-8")
        + void("meta", name="viewport", content="width=device-width, initial-scale=1")
        + void("meta", name="referrer", content="no-referrer")
    )
    inside = meta + el("title", esc(title)) + void("link", rel="stylesheet", href="static/dashboard.css") + head
    return f"<!DOCTYPE html>\n{void('html', lang=lang)}{el('head', inside)}{el('body', body)}</html>"


def table(caption: str, header: list[str], rows: list[list[str]]) -> str:
    head = el("tr", "".join(el("th", esc(h), scope="col") for h in header))
    body = "".join(el("tr", el("th", r[0], scope="row") + "".join(el("td", c) for c in r[1:])) for r in rows)
    return el("table", el("caption", esc(caption)) + el("thead", head) + el("tbody", body))


def figure(canvas_id: str, title: str, description: str, data_table: str, *, label: str) -> str:
    """A chart's canvas (`label` for screen readers, `description` as fallback text) with the table of its numbers."""
    canvas = el("canvas", esc(description), id=canvas_id, role="img", aria_label=label)
    return el("figure", el("figcaption", esc(title)) + el("div", canvas, class_="canvas-box") + data_table)
