"""How every sheet of the PDCA workbook is framed and written: its formats, the three opening lines (title and
period, the moment, what the sheet holds) above a header row, and cells that keep numbers numbers, dates Excel dates
and user text text (never a formula, cut at Excel's 32,767 characters)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Any

from bot.domain.annual_review import AnnualReview
from bot.domain.stats import CATEGORIES
from bot.texts import local_date, t

HEADER_ROW = 3  # rows 0-2: title, period and moment, the sheet's note
FIRST_ROW = HEADER_ROW + 1
DATE_FORMAT = "yyyy/mm/dd"
MAX_CELL = 32_767  # Excel's limit on the characters of a cell


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


def make_formats(book: Any, locale: str) -> Formats:
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


def new_sheet(b: Book, key: str, note: str) -> Any:
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


def write_header(sheet: Any, fmt: Formats, columns: Sequence[tuple[str, float]], *, first_col: int = 0) -> None:
    """Header texts and column widths (in characters; a Japanese character counts two)."""
    for i, (text, width) in enumerate(columns):
        sheet.write_string(HEADER_ROW, first_col + i, text, fmt.header)
        sheet.set_column(first_col + i, first_col + i, width)


def write_text(sheet: Any, row: int, col: int, value: str, style: Any) -> None:
    if value:
        sheet.write_string(row, col, value[:MAX_CELL], style)
    else:
        sheet.write_blank(row, col, None, style)


def write_number(sheet: Any, row: int, col: int, value: float | None, style: Any) -> None:
    if value is None:
        sheet.write_blank(row, col, None, style)
    else:
        sheet.write_number(row, col, value, style)


def write_day(sheet: Any, row: int, col: int, value: date | None, fmt: Formats) -> None:
    if value is None:
        sheet.write_blank(row, col, None, fmt.day)
    else:
        sheet.write_datetime(row, col, value, fmt.day)


def category_name(category: str, locale: str) -> str:
    return t(f"category.{category}", locale) if category in CATEGORIES else category


def short_name(category: str, locale: str) -> str:
    return t(f"category.short.{category}", locale)
