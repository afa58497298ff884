"""Japanese fiscal years (April 1 - March 31) and consultation numbers such as R7-0042."""

import unicodedata
from datetime import date, datetime, tzinfo

REIWA_OFFSET = 2018  # fiscal year 2019 (from April 2019) is 令和元年度, i.e. R1


def fiscal_year(day: date) -> int:
    """The fiscal year a local calendar day belongs to, named by the calendar year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_at(instant: datetime, tz: tzinfo) -> int:
    """The fiscal year an instant belongs to, in the desk's time zone."""
    return fiscal_year(instant.astimezone(tz).date())


def example_number(instant: datetime, tz: tzinfo) -> str:
    """A consultation number of the current fiscal year, for help texts and usage hints."""
    return consultation_number(fiscal_year_at(instant, tz), 42)


def reiwa_year(fy: int) -> int:
    return fy - REIWA_OFFSET


def consultation_number(fy: int, seq: int) -> str:
    """Human number for the seq-th consultation of a fiscal year: R7-0042 (more digits after 9999)."""
    return f"R{reiwa_year(fy)}-{seq:04d}"


def parse_consultation_number(text: str) -> tuple[int, int] | None:
    """(fiscal year, seq) from 'R7-0042' (also 'r7-42', full width); None when it is not a number."""
    t = unicodedata.normalize("NFKC", text).strip().upper()
    if not t.startswith("R") or "-" not in t:
        return None
    era, _, seq = t[1:].partition("-")
    if not (era.isdigit() and seq.isdigit()) or int(era) < 1 or int(seq) < 1:
        return None
    return int(era) + REIWA_OFFSET, int(seq)
