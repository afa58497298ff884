"""The PDCA workbook as an Excel file (XlsxWriter): `workbook_bytes`, and its sheets of figures 概要, 月別推移 (with a
native chart) and 部署別; the per-consultation 削減時間 and 事例 are in bot/views/workbook_lists.py, how every sheet is
framed and its cells written in bot/views/workbook_cells.py.

The file depends only on the figures: its creation time is the review's moment, so the same data gives the same
bytes."""

import io
from datetime import UTC, tzinfo
from typing import Any

import xlsxwriter

from bot.domain.annual_review import AnnualReview, rate
from bot.domain.stats import CATEGORIES, CategoryFigures
from bot.texts import t
from bot.views.workbook_cells import (
    FIRST_ROW,
    HEADER_ROW,
    Book,
    category_name,
    make_formats,
    new_sheet,
    short_name,
    write_header,
    write_text,
)
from bot.views.workbook_lists import cases_sheet, savings_sheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_SIZE = {"width": 760, "height": 380}


def workbook_bytes(review: AnnualReview, *, tz: tzinfo, locale: str = "ja") -> bytes:
    """The workbook of `review` as the bytes of an .xlsx file; the moment is shown in `tz`."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    title = t("workbook.title", locale, period=review.period.label(locale))
    book.set_properties({"title": title, "created": review.as_of.astimezone(UTC).replace(tzinfo=None)})
    fmt = make_formats(book, locale)
    for write in (_overview, _monthly, _departments, savings_sheet, cases_sheet):
        write(Book(book, review, fmt, locale, tz))
    book.close()
    return out.getvalue()


def _overview(b: Book) -> None:
    review, fmt, locale = b.review, b.fmt, b.locale
    s = review.summary
    sheet = new_sheet(b, "workbook.sheet.overview", t("workbook.note.overview", locale, withdrawn=s.withdrawn))
    write_header(
        sheet,
        fmt,
        [
            (t(f"workbook.col.{k}", locale), w)
            for k, w in (("category", 22), ("received", 12), ("completed", 12), ("rate", 12))
        ],
    )
    rows: list[tuple[str, CategoryFigures, bool]] = [
        (category_name(c.category, locale), c, False) for c in s.categories
    ]
    rows.append((t("workbook.total", locale), s.total, True))
    for i, (label, figures, total) in enumerate(rows):
        r = FIRST_ROW + i
        write_text(sheet, r, 0, label, fmt.total_label if total else fmt.text)
        sheet.write_number(r, 1, figures.received, fmt.total_count if total else fmt.count)
        sheet.write_number(r, 2, figures.completed, fmt.total_count if total else fmt.count)
        ratio = rate(figures.completed, figures.received)
        sheet.write_number(r, 3, ratio, fmt.total_percent if total else fmt.percent)
    sheet.freeze_panes(FIRST_ROW, 0)


def _monthly(b: Book) -> None:
    book, review, fmt, locale = b.book, b.review, b.fmt, b.locale
    sheet = new_sheet(b, "workbook.sheet.monthly", t("workbook.note.monthly", locale))
    names = [short_name(c, locale) for c in CATEGORIES] + [t("workbook.total", locale)]
    columns = [(t("workbook.col.month", locale), 12.0)]
    for name in names:
        columns += [(t("workbook.col.month_received", locale, category=name), 12.0)]
        columns += [(t("workbook.col.month_completed", locale, category=name), 12.0)]
    write_header(sheet, fmt, columns)
    sums = [0] * (2 * len(names))
    for i, m in enumerate(review.months):
        r = FIRST_ROW + i
        sheet.write_datetime(r, 0, m.month, fmt.month)
        values = [v for pair in zip(m.received, m.completed, strict=True) for v in pair]
        values += [sum(m.received), sum(m.completed)]
        for j, v in enumerate(values):
            sheet.write_number(r, 1 + j, v, fmt.count)
            sums[j] += v
    last = FIRST_ROW + len(review.months) - 1
    write_text(sheet, last + 1, 0, t("workbook.total", locale), fmt.total_label)
    for j, v in enumerate(sums):
        sheet.write_number(last + 1, 1 + j, v, fmt.total_count)
    sheet.freeze_panes(FIRST_ROW, 1)
    sheet.insert_chart(HEADER_ROW, len(columns) + 1, _trend_chart(book, sheet.name, last, locale))


def _trend_chart(book: Any, sheet_name: str, last: int, locale: str) -> Any:
    """Columns for what each category received, lines for what it completed, month by month."""
    months: list[object] = [sheet_name, FIRST_ROW, 0, last, 0]
    columns = book.add_chart({"type": "column"})
    lines = book.add_chart({"type": "line"})
    for i, _ in enumerate(CATEGORIES):
        received, completed = 1 + 2 * i, 2 + 2 * i
        for chart, col in ((columns, received), (lines, completed)):
            series: dict[str, object] = {
                "name": [sheet_name, HEADER_ROW, col],
                "categories": months,
                "values": [sheet_name, FIRST_ROW, col, last, col],
            }
            if chart is lines:
                series["marker"] = {"type": "circle"}
            chart.add_series(series)
    columns.combine(lines)
    columns.set_title({"name": t("workbook.chart.title", locale)})
    columns.set_x_axis({"text_axis": True, "num_format": t("workbook.format.month", locale)})
    columns.set_y_axis({"name": t("workbook.chart.count", locale), "min": 0})
    columns.set_legend({"position": "bottom"})
    columns.set_size(CHART_SIZE)
    return columns


def _departments(b: Book) -> None:
    review, fmt, locale = b.review, b.fmt, b.locale
    sheet = new_sheet(b, "workbook.sheet.departments", t("workbook.note.departments", locale))
    columns = [(t("workbook.col.department", locale), 28.0)]
    columns += [(short_name(c, locale), 10.0) for c in CATEGORIES]
    columns += [(t(f"workbook.col.{k}", locale), 12.0) for k in ("received", "completed", "rate")]
    columns += [(t("workbook.col.remark", locale), 24.0)]
    write_header(sheet, fmt, columns)
    n = len(CATEGORIES)
    for i, d in enumerate(review.departments):
        r = FIRST_ROW + i
        write_text(sheet, r, 0, d.name or t("workbook.department.none", locale), fmt.text)
        for j, v in enumerate(d.received):
            sheet.write_number(r, 1 + j, v, fmt.count)
        sheet.write_number(r, 1 + n, d.total, fmt.count)
        sheet.write_number(r, 2 + n, d.completed, fmt.count)
        sheet.write_number(r, 3 + n, d.completion_rate, fmt.percent)
        write_text(sheet, r, 4 + n, "" if d.in_master else t("workbook.department.outside", locale), fmt.text)
    total = FIRST_ROW + len(review.departments)
    write_text(sheet, total, 0, t("workbook.total", locale), fmt.total_label)
    received = [sum(d.received[j] for d in review.departments) for j in range(n)]
    completed = sum(d.completed for d in review.departments)
    for j, v in enumerate([*received, sum(received), completed]):
        sheet.write_number(total, 1 + j, v, fmt.total_count)
    sheet.write_number(total, 3 + n, rate(completed, sum(received)), fmt.total_percent)
    sheet.autofilter(HEADER_ROW, 0, max(total - 1, HEADER_ROW), len(columns) - 1)
    sheet.freeze_panes(FIRST_ROW, 1)
