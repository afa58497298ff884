"""The PDCA workbook as an Excel file (XlsxWriter): 概要, 月別推移 (with a native chart), 部署別, 削減時間 and 事例.

Every sheet opens with three lines (title and period, the moment, what the sheet holds), then its header row, frozen
so it stays in view. Counts and hours are numbers, rates are numbers shown as percentages, days and months are Excel
dates; user text is written as text, never as a formula. The file depends only on the figures: its creation time is
the review's moment, so the same data gives the same bytes."""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, tzinfo
from typing import Any

import xlsxwriter

from bot.domain.annual_review import AnnualReview, rate
from bot.domain.stats import CATEGORIES, CategoryFigures
from bot.texts import local_date, t

HEADER_ROW = 3  # rows 0-2: title, period and moment, the sheet's note
FIRST_ROW = HEADER_ROW + 1
DATE_FORMAT = "yyyy/mm/dd"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_CELL = 32_767  # Excel's limit on the characters of a cell
CHART_SIZE = {"width": 760, "height": 380}


@dataclass(frozen=True)
class Formats:
    title: Any
    header: Any
    text: Any
    wrap: Any
    count: Any
    hours: Any
    percent: Any
    day: Any
    month: Any
    total_label: Any
    total_count: Any
    total_hours: Any
    total_percent: Any


def _formats(book: Any, locale: str) -> Formats:
    def f(**props: object) -> Any:
        return book.add_format(props)

    bold = {"bold": True, "top": 1}
    return Formats(
        title=f(bold=True, font_size=14),
        header=f(bold=True, bg_color="#DDEBF7", border=1, text_wrap=True, valign="vcenter"),
        text=f(valign="top"),
        wrap=f(text_wrap=True, valign="top"),
        count=f(num_format="#,##0", valign="top"),
        hours=f(num_format="#,##0.0", valign="top"),
        percent=f(num_format="0%", valign="top"),
        day=f(num_format=DATE_FORMAT, valign="top"),
        month=f(num_format=t("workbook.format.month", locale), valign="top"),
        total_label=f(**bold),
        total_count=f(num_format="#,##0", **bold),
        total_hours=f(num_format="#,##0.0", **bold),
        total_percent=f(num_format="0%", **bold),
    )


@dataclass(frozen=True)
class Book:
    """What every sheet's writer needs."""

    book: Any  # xlsxwriter.Workbook
    review: AnnualReview
    fmt: Formats
    locale: str
    tz: tzinfo


def workbook_bytes(review: AnnualReview, *, tz: tzinfo, locale: str = "ja") -> bytes:
    """The workbook of `review` as the bytes of an .xlsx file; the moment is shown in `tz`."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    title = t("workbook.title", locale, period=review.period.label(locale))
    book.set_properties({"title": title, "created": review.as_of.astimezone(UTC).replace(tzinfo=None)})
    fmt = _formats(book, locale)
    for write in (_overview, _monthly, _departments, _savings, _cases):
        write(Book(book, review, fmt, locale, tz))
    book.close()
    return out.getvalue()


def _sheet(b: Book, key: str, note: str) -> Any:
    """A sheet with its three opening lines."""
    fmt, locale = b.fmt, b.locale
    sheet = b.book.add_worksheet(t(key, locale))
    p = b.review.period
    moment = b.review.as_of.astimezone(b.tz)
    as_of = t("workbook.as_of", locale, date=local_date(moment.date(), locale), time=f"{moment:%H:%M}")
    sheet.write_string(0, 0, t("workbook.title", locale, period=p.label(locale)), fmt.title)
    start, end = local_date(p.start, locale), local_date(p.end, locale)
    sheet.write_string(1, 0, t("workbook.subtitle", locale, start=start, end=end, as_of=as_of))
    sheet.write_string(2, 0, note)
    sheet.set_row(HEADER_ROW, 32)
    return sheet


def _header(sheet: Any, fmt: Formats, columns: Sequence[tuple[str, float]], *, first_col: int = 0) -> None:
    """Header texts and column widths (in characters; a Japanese character counts two)."""
    for i, (text, width) in enumerate(columns):
        sheet.write_string(HEADER_ROW, first_col + i, text, fmt.header)
        sheet.set_column(first_col + i, first_col + i, width)


def _text(sheet: Any, row: int, col: int, value: str, style: Any) -> None:
    if value:
        sheet.write_string(row, col, value[:MAX_CELL], style)
    else:
        sheet.write_blank(row, col, None, style)


def _number(sheet: Any, row: int, col: int, value: float | None, style: Any) -> None:
    if value is None:
        sheet.write_blank(row, col, None, style)
    else:
        sheet.write_number(row, col, value, style)


def _day(sheet: Any, row: int, col: int, value: date | None, fmt: Formats) -> None:
    if value is None:
        sheet.write_blank(row, col, None, fmt.day)
    else:
        sheet.write_datetime(row, col, value, fmt.day)


def _category(category: str, locale: str) -> str:
    return t(f"category.{category}", locale) if category in CATEGORIES else category


def _short(category: str, locale: str) -> str:
    return t(f"category.short.{category}", locale)


def _overview(b: Book) -> None:
    review, fmt, locale = b.review, b.fmt, b.locale
    s = review.summary
    sheet = _sheet(b, "workbook.sheet.overview", t("workbook.note.overview", locale, withdrawn=s.withdrawn))
    _header(
        sheet,
        fmt,
        [
            (t(f"workbook.col.{k}", locale), w)
            for k, w in (("category", 22), ("received", 12), ("completed", 12), ("rate", 12))
        ],
    )
    rows: list[tuple[str, CategoryFigures, bool]] = [(_category(c.category, locale), c, False) for c in s.categories]
    rows.append((t("workbook.total", locale), s.total, True))
    for i, (label, figures, total) in enumerate(rows):
        r = FIRST_ROW + i
        _text(sheet, r, 0, label, fmt.total_label if total else fmt.text)
        sheet.write_number(r, 1, figures.received, fmt.total_count if total else fmt.count)
        sheet.write_number(r, 2, figures.completed, fmt.total_count if total else fmt.count)
        ratio = rate(figures.completed, figures.received)
        sheet.write_number(r, 3, ratio, fmt.total_percent if total else fmt.percent)
    sheet.freeze_panes(FIRST_ROW, 0)


def _monthly(b: Book) -> None:
    book, review, fmt, locale = b.book, b.review, b.fmt, b.locale
    sheet = _sheet(b, "workbook.sheet.monthly", t("workbook.note.monthly", locale))
    names = [_short(c, locale) for c in CATEGORIES] + [t("workbook.total", locale)]
    columns = [(t("workbook.col.month", locale), 12.0)]
    for name in names:
        columns += [(t("workbook.col.month_received", locale, category=name), 12.0)]
        columns += [(t("workbook.col.month_completed", locale, category=name), 12.0)]
    _header(sheet, fmt, columns)
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
    _text(sheet, last + 1, 0, t("workbook.total", locale), fmt.total_label)
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
    sheet = _sheet(b, "workbook.sheet.departments", t("workbook.note.departments", locale))
    columns = [(t("workbook.col.department", locale), 28.0)]
    columns += [(_short(c, locale), 10.0) for c in CATEGORIES]
    columns += [(t(f"workbook.col.{k}", locale), 12.0) for k in ("received", "completed", "rate")]
    columns += [(t("workbook.col.remark", locale), 24.0)]
    _header(sheet, fmt, columns)
    n = len(CATEGORIES)
    for i, d in enumerate(review.departments):
        r = FIRST_ROW + i
        _text(sheet, r, 0, d.name or t("workbook.department.none", locale), fmt.text)
        for j, v in enumerate(d.received):
            sheet.write_number(r, 1 + j, v, fmt.count)
        sheet.write_number(r, 1 + n, d.total, fmt.count)
        sheet.write_number(r, 2 + n, d.completed, fmt.count)
        sheet.write_number(r, 3 + n, d.completion_rate, fmt.percent)
        _text(sheet, r, 4 + n, "" if d.in_master else t("workbook.department.outside", locale), fmt.text)
    total = FIRST_ROW + len(review.departments)
    _text(sheet, total, 0, t("workbook.total", locale), fmt.total_label)
    received = [sum(d.received[j] for d in review.departments) for j in range(n)]
    completed = sum(d.completed for d in review.departments)
    for j, v in enumerate([*received, sum(received), completed]):
        sheet.write_number(total, 1 + j, v, fmt.total_count)
    sheet.write_number(total, 3 + n, rate(completed, sum(received)), fmt.total_percent)
    sheet.autofilter(HEADER_ROW, 0, max(total - 1, HEADER_ROW), len(columns) - 1)
    sheet.freeze_panes(FIRST_ROW, 1)


SAVINGS_DETAIL_COL = 6  # the per-consultation table starts at column G, after the month table and a gap


def _savings(b: Book) -> None:
    review, fmt, locale = b.review, b.fmt, b.locale
    sheet = _sheet(b, "workbook.sheet.savings", t("workbook.note.savings", locale))
    keys = ("month", "from_outcomes", "from_worksheets", "added", "cumulative")
    _header(sheet, fmt, [(t(f"workbook.col.{k}", locale), 12.0 if k == "month" else 16.0) for k in keys])
    sheet.set_column(len(keys), len(keys), 3)
    for i, m in enumerate(review.savings_by_month):
        r = FIRST_ROW + i
        sheet.write_datetime(r, 0, m.month, fmt.month)
        for j, v in enumerate((m.from_outcomes, m.from_worksheets, m.total, m.cumulative)):
            sheet.write_number(r, 1 + j, v, fmt.hours)
    total = FIRST_ROW + len(review.savings_by_month)
    _text(sheet, total, 0, t("workbook.total", locale), fmt.total_label)
    sums = [
        sum(m.from_outcomes for m in review.savings_by_month),
        sum(m.from_worksheets for m in review.savings_by_month),
    ]
    for j, v in enumerate([*sums, sum(sums)]):
        sheet.write_number(total, 1 + j, v, fmt.total_hours)

    detail = (
        "number",
        "department",
        "category",
        "title",
        "closed",
        "hours",
        "source",
        "yearly_count",
        "minutes_per_case",
    )
    widths = (10.0, 20.0, 16.0, 36.0, 12.0, 14.0, 30.0, 10.0, 12.0)
    _header(
        sheet,
        fmt,
        [(t(f"workbook.col.{k}", locale), w) for k, w in zip(detail, widths, strict=True)],
        first_col=SAVINGS_DETAIL_COL,
    )
    c = SAVINGS_DETAIL_COL
    for i, s in enumerate(review.savings):
        r = FIRST_ROW + i
        _text(sheet, r, c, s.number, fmt.text)
        _text(sheet, r, c + 1, s.department or t("workbook.department.none", locale), fmt.text)
        _text(sheet, r, c + 2, _category(s.category, locale), fmt.text)
        _text(sheet, r, c + 3, s.title, fmt.text)
        _day(sheet, r, c + 4, s.closed_on, fmt)
        _number(sheet, r, c + 5, s.hours_per_month, fmt.hours)
        _text(sheet, r, c + 6, t(f"workbook.source.{s.source}", locale), fmt.text)
        _number(sheet, r, c + 7, s.yearly_count, fmt.count)
        _number(sheet, r, c + 8, s.minutes_per_case, fmt.hours)
    if review.savings:
        sheet.autofilter(HEADER_ROW, c, HEADER_ROW + len(review.savings), c + len(detail) - 1)
    sheet.freeze_panes(FIRST_ROW, 0)


def _cases(b: Book) -> None:
    review, fmt, locale = b.review, b.fmt, b.locale
    sheet = _sheet(b, "workbook.sheet.cases", t("workbook.note.cases", locale))
    keys = ("number", "department", "category", "title", "resolution", "artefact", "reuse_note", "marked", "closed")
    widths = (10.0, 20.0, 16.0, 36.0, 48.0, 28.0, 48.0, 12.0, 12.0)
    _header(sheet, fmt, [(t(f"workbook.col.{k}", locale), w) for k, w in zip(keys, widths, strict=True)])
    for i, case in enumerate(review.cases):
        r = FIRST_ROW + i
        _text(sheet, r, 0, case.number, fmt.text)
        _text(sheet, r, 1, case.department or t("workbook.department.none", locale), fmt.text)
        _text(sheet, r, 2, _category(case.category, locale), fmt.text)
        _text(sheet, r, 3, case.title, fmt.wrap)
        _text(sheet, r, 4, case.resolution, fmt.wrap)
        _text(sheet, r, 5, _artefact(case.artefact_name, case.artefact_environment, locale), fmt.wrap)
        _text(sheet, r, 6, case.note, fmt.wrap)
        _day(sheet, r, 7, case.marked_on, fmt)
        _day(sheet, r, 8, case.closed_on, fmt)
    if review.cases:
        sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + len(review.cases), len(keys) - 1)
    sheet.freeze_panes(FIRST_ROW, 1)


def _artefact(name: str, environment: str, locale: str) -> str:
    if name and environment:
        return t("workbook.artefact", locale, name=name, environment=environment)
    return name or environment
