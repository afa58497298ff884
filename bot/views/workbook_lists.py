"""The PDCA workbook's per-consultation sheets: 削減時間 (hours saved per month, by month and by consultation, with
the source of each figure) and 事例 (the 横展開候補)."""

from bot.texts import t
from bot.views.workbook_cells import (
    FIRST_ROW,
    HEADER_ROW,
    Book,
    category_name,
    new_sheet,
    write_day,
    write_header,
    write_number,
    write_text,
)

SAVINGS_DETAIL_COL = 6  # the per-consultation table starts at column G, after the month table and a gap


def savings_sheet(b: Book) -> None:
    review, fmt, locale = b.review, b.fmt, b.locale
    sheet = new_sheet(b, "workbook.sheet.savings", t("workbook.note.savings", locale))
    keys = ("month", "from_outcomes", "from_worksheets", "added", "cumulative")
    write_header(sheet, fmt, [(t(f"workbook.col.{k}", locale), 12.0 if k == "month" else 16.0) for k in keys])
    sheet.set_column(len(keys), len(keys), 3)
    for i, m in enumerate(review.savings_by_month):
        r = FIRST_ROW + i
        sheet.write_datetime(r, 0, m.month, fmt.month)
        for j, v in enumerate((m.from_outcomes, m.from_worksheets, m.total, m.cumulative)):
            sheet.write_number(r, 1 + j, v, fmt.hours)
    total = FIRST_ROW + len(review.savings_by_month)
    write_text(sheet, total, 0, t("workbook.total", locale), fmt.total_label)
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
    write_header(
        sheet,
        fmt,
        [(t(f"workbook.col.{k}", locale), w) for k, w in zip(detail, widths, strict=True)],
        first_col=SAVINGS_DETAIL_COL,
    )
    c = SAVINGS_DETAIL_COL
    for i, s in enumerate(review.savings):
        r = FIRST_ROW + i
        write_text(sheet, r, c, s.number, fmt.text)
        write_text(sheet, r, c + 1, s.department or t("workbook.department.none", locale), fmt.text)
        write_text(sheet, r, c + 2, category_name(s.category, locale), fmt.text)
        write_text(sheet, r, c + 3, s.title, fmt.text)
        write_day(sheet, r, c + 4, s.closed_on, fmt)
        write_number(sheet, r, c + 5, s.hours_per_month, fmt.hours)
        write_text(sheet, r, c + 6, t(f"workbook.source.{s.source}", locale), fmt.text)
        write_number(sheet, r, c + 7, s.yearly_count, fmt.count)
        write_number(sheet, r, c + 8, s.minutes_per_case, fmt.hours)
    if review.savings:
        sheet.autofilter(HEADER_ROW, c, HEADER_ROW + len(review.savings), c + len(detail) - 1)
    sheet.freeze_panes(FIRST_ROW, 0)


def cases_sheet(b: Book) -> None:
    review, fmt, locale = b.review, b.fmt, b.locale
    sheet = new_sheet(b, "workbook.sheet.cases", t("workbook.note.cases", locale))
    keys = ("number", "department", "category", "title", "resolution", "artefact", "reuse_note", "marked", "closed")
    widths = (10.0, 20.0, 16.0, 36.0, 48.0, 28.0, 48.0, 12.0, 12.0)
    write_header(sheet, fmt, [(t(f"workbook.col.{k}", locale), w) for k, w in zip(keys, widths, strict=True)])
    for i, case in enumerate(review.cases):
        r = FIRST_ROW + i
        write_text(sheet, r, 0, case.number, fmt.text)
        write_text(sheet, r, 1, case.department or t("workbook.department.none", locale), fmt.text)
        write_text(sheet, r, 2, category_name(case.category, locale), fmt.text)
        write_text(sheet, r, 3, case.title, fmt.wrap)
        write_text(sheet, r, 4, case.resolution, fmt.wrap)
        write_text(sheet, r, 5, _artefact(case.artefact_name, case.artefact_environment, locale), fmt.wrap)
        write_text(sheet, r, 6, case.note, fmt.wrap)
        write_day(sheet, r, 7, case.marked_on, fmt)
        write_day(sheet, r, 8, case.closed_on, fmt)
    if review.cases:
        sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + len(review.cases), len(keys) - 1)
    sheet.freeze_panes(FIRST_ROW, 1)


def _artefact(name: str, environment: str, locale: str) -> str:
    if name and environment:
        return t("workbook.artefact", locale, name=name, environment=environment)
    return name or environment
