"""Prints the instant `make test` moves the clock to for its second run: 00:30 JST on the next April 1, when the
fiscal year (and the consultation numbers) turn. A test that hides today's date fails then, on the day it is
written, not on the day it would go off.

Usage: faketime "$(python -m scripts.rollover)" python -m pytest ...   (`--new-year` gives the next January 1.)
"""

import sys
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

JST = ZoneInfo("Asia/Tokyo")


def next_rollover(now: datetime, *, month: int = 4) -> datetime:
    """00:30 JST on the first day of `month` after `now`."""
    local = now.astimezone(JST)
    candidate = datetime(local.year, month, 1, 0, 30, tzinfo=JST)
    return candidate if candidate > local else candidate.replace(year=local.year + 1)


def main(argv: list[str]) -> None:
    month = 1 if "--new-year" in argv else 4
    instant = next_rollover(datetime.now(UTC), month=month)  # the one place that reads the machine's date: on purpose
    print(instant.strftime("%Y-%m-%d %H:%M:%S %z"))  # read by `date -d` inside faketime


if __name__ == "__main__":
    main(sys.argv[1:])
