"""Japanese fiscal years and consultation numbers."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.fiscal_year import consultation_number, example_number, fiscal_year, parse_consultation_number


@pytest.mark.parametrize(
    ("day", "fy"),
    [(date(2026, 3, 31), 2025), (date(2026, 4, 1), 2026), (date(2027, 1, 1), 2026), (date(2019, 4, 1), 2019)],
)
def test_fiscal_year_starts_april_first(day: date, fy: int) -> None:
    assert fiscal_year(day) == fy


def test_march_31_to_april_1_in_japan_time() -> None:
    jst = ZoneInfo("Asia/Tokyo")
    last = datetime(2026, 3, 31, 14, 59, tzinfo=UTC)  # 23:59 JST on March 31
    first = datetime(2026, 3, 31, 15, 0, tzinfo=UTC)  # 00:00 JST on April 1
    assert fiscal_year(last.astimezone(jst).date()) == 2025
    assert fiscal_year(first.astimezone(jst).date()) == 2026


def test_numbers_follow_reiwa_years() -> None:
    assert consultation_number(2025, 42) == "R7-0042"
    assert consultation_number(2019, 1) == "R1-0001"
    assert consultation_number(2026, 12345) == "R8-12345"


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("R7-0042", (2025, 42)),
        ("r7-42", (2025, 42)),
        ("Ｒ７－００４２", (2025, 42)),
        ("R7", None),
        ("X7-1", None),
        ("R0-1", None),
        ("R7-0", None),
        ("", None),
    ],
)
def test_parse_numbers(text: str, parsed: tuple[int, int] | None) -> None:
    assert parse_consultation_number(text) == parsed


def test_example_numbers_follow_the_fiscal_year_of_the_instant() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    assert example_number(datetime(2027, 3, 31, 23, 59, tzinfo=tokyo), tokyo) == "R8-0042"
    assert example_number(datetime(2027, 4, 1, 0, 0, tzinfo=tokyo), tokyo) == "R9-0042"
    # 2027-03-31 15:00 UTC is already April 1 in Tokyo
    assert example_number(datetime(2027, 3, 31, 15, 0, tzinfo=UTC), tokyo) == "R9-0042"
