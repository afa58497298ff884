"""scripts/rollover.py: the instant of `make test`'s second run is always the next April 1 (or January 1)."""

from scripts.rollover import next_rollover
from tests.support.clocks import jst


def test_next_april_first_at_half_past_midnight() -> None:
    assert next_rollover(jst(2026, 12, 4, 12)) == jst(2027, 4, 1, 0, 30)
    assert next_rollover(jst(2027, 3, 31, 23, 59)) == jst(2027, 4, 1, 0, 30)
    assert next_rollover(jst(2027, 4, 1, 0, 30)) == jst(2028, 4, 1, 0, 30)  # already there: the one after


def test_next_new_year() -> None:
    assert next_rollover(jst(2026, 12, 31, 23), month=1) == jst(2027, 1, 1, 0, 30)
    assert next_rollover(jst(2027, 1, 2), month=1) == jst(2028, 1, 1, 0, 30)
