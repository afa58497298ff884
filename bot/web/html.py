"""A small escaping HTML builder: elements, attributes, tables, figures, and JSON blocks nothing can break out of."""

import html
import json
from collections.abc import Mapping


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


def document(title: str, body: str, *, head: str = "") -> str:
    meta = void("meta", charset="utf-8") + void("meta", name="viewport", content="width=device-width, initial-scale=1")
    style = void("link", rel="stylesheet", href="static/dashboard.css")
    return (
        f'<!DOCTYPE html>\n<html lang="ja"><head>{meta}{void("meta", name="referrer", content="no-referrer")}'
        f"{el('title', esc(title))}{style}{head}</head><body>{body}</body></html>"
    )


def table(caption: str, header: list[str], rows: list[list[str]]) -> str:
    head = el("tr", "".join(el("th", esc(h), scope="col") for h in header))
    body = "".join(el("tr", el("th", r[0], scope="row") + "".join(el("td", c) for c in r[1:])) for r in rows)
    return el("table", el("caption", esc(caption)) + el("thead", head) + el("tbody", body))


def figure(canvas_id: str, title: str, description: str, data_table: str) -> str:
    canvas = el("canvas", esc(description), id=canvas_id, role="img", aria_label=f"{title}：{description}")
    return el("figure", el("figcaption", esc(title)) + el("div", canvas, class_="canvas-box") + data_table)
