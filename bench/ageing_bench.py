"""Time of the ageing report (bot.domain.ageing.report): every open consultation assessed in business days, as the
digest, the nudges, 集計 and the dashboard do, over generated open consultations (pure Python, no database).

Run: .venv/bin/python -m bench.ageing_bench [count ...]
"""

import random
import statistics
import sys
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.ageing import AgeingRules, report
from bot.domain.business_days import BusinessCalendar, Closure
from bot.domain.category import Category
from bot.domain.consultation import CategorySource, Consultation, Person, Status
from bot.holidays_jp import LIBRARY, JapaneseHolidays

JST = ZoneInfo("Asia/Tokyo")
TODAY = date(2027, 5, 7)  # the Friday after Golden Week
OPEN = (Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS, Status.ON_HOLD)
RUNS = 7


def generate(count: int, seed: int = 20270507) -> list[Consultation]:
    """Open consultations received over the two years before TODAY, a third with a 希望期限, some on hold."""
    rng = random.Random(seed)
    base = Consultation(
        id=0,
        number="",
        fiscal_year=2027,
        seq=0,
        title="相談",
        body="",
        category=Category.BPR,
        confidence=1.0,
        category_source=CategorySource.AUTO,
        status=Status.RECEIVED,
        requester=Person("aad-r", "依頼者"),
        department="総務課",
        created_at=datetime(2027, 1, 1, tzinfo=UTC),
        updated_at=datetime(2027, 1, 1, tzinfo=UTC),
    )
    out = []
    for i in range(count):
        created = datetime(2027, 5, 7, 1, tzinfo=UTC) - timedelta(days=730 * rng.random())
        status = rng.choice(OPEN)
        due = TODAY + timedelta(days=rng.randint(-30, 60)) if rng.random() < 0.33 else None
        assignee = None if status is Status.RECEIVED else Person(f"aad-s{i % 8}", "支援")
        out.append(
            replace(
                base,
                id=i + 1,
                number=f"R9-{i + 1:04d}",
                status=status,
                created_at=created,
                updated_at=created,
                desired_due=due,
                assignee=assignee,
            )
        )
    return out


def main() -> None:
    counts = [int(a) for a in sys.argv[1:]] or [1_000, 10_000]
    print(f"ageing report (holidays: {LIBRARY}), {RUNS} runs each; the first run also builds the calendar")
    for count in counts:
        consultations = generate(count)
        held = {c.id: c.created_at + timedelta(days=3) for c in consultations if c.status is Status.ON_HOLD}
        rules = AgeingRules(BusinessCalendar(JapaneseHolidays(), Closure.parse("12-29..01-03")))
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            r = report(consultations, today=TODAY, rules=rules, tz=JST, on_hold_since=held)
            times.append(time.perf_counter() - start)
        median = statistics.median(times[1:])
        print(
            f"{count:>7,} open: first {times[0] * 1000:7.1f} ms, then median {median * 1000:7.1f} ms"
            f" ({median / count * 1e6:5.1f} µs each); {len(r.flagged):,} flagged"
        )


if __name__ == "__main__":
    main()
