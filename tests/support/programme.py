"""The programme's own numbers as CSV, for `consult import`, `consult report` and the CSV import service: 179 BPR
consultations (105 done) and 32 app consultations (17 done), received from 2024-04-01 to 2025-06-30; and one week of
the desk with two withdrawals (`a_week_with_two_withdrawals`)."""

import csv
import io
import random
from datetime import date, timedelta

from bot.domain.fiscal_year import consultation_number, fiscal_year

FIRST_DAY, LAST_DAY = date(2024, 4, 1), date(2025, 6, 30)
BPR, BPR_DONE, APP, APP_DONE = 179, 105, 32, 17
DEPARTMENTS = ("総務課", "市民課", "税務課", "福祉課", "子育て支援課", "環境政策課", "建設課", "教育総務課")
OPEN = ("received", "assigned", "in_progress", "on_hold")
HEADER = ("number", "title", "body", "category", "status", "department", "created", "closed")


def programme_rows(seed: int = 20240401) -> list[dict[str, str]]:
    """211 consultations spread evenly over the 456 days, numbered per fiscal year in order of receipt."""
    rng = random.Random(seed)
    kinds = [("bpr", True)] * BPR_DONE + [("bpr", False)] * (BPR - BPR_DONE)
    kinds += [("app", True)] * APP_DONE + [("app", False)] * (APP - APP_DONE)
    rng.shuffle(kinds)
    span = (LAST_DAY - FIRST_DAY).days
    seqs: dict[int, int] = {}
    rows = []
    for i, (category, done) in enumerate(kinds):
        created = FIRST_DAY + timedelta(days=span * i // (len(kinds) - 1))
        fy = fiscal_year(created)
        seqs[fy] = seqs.get(fy, 0) + 1
        title = f"{'業務の見直し' if category == 'bpr' else 'アプリ作成'}の相談 {i + 1}"
        body = f"{title}です。\n月{rng.randint(5, 200)}件、手作業で処理しています。" if i % 7 == 0 else ""
        rows.append(
            {
                "number": consultation_number(fy, seqs[fy]),
                "title": title,
                "body": body,
                "category": category,
                "status": "done" if done else OPEN[i % len(OPEN)],
                "department": DEPARTMENTS[i % len(DEPARTMENTS)],
                "created": created.isoformat(),
                "closed": (created + timedelta(days=1 + i % 45)).isoformat() if done else "",
            }
        )
    return rows


def to_csv(rows: list[dict[str, str]], *, header: tuple[str, ...] = HEADER, encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[row.get(c, "") for c in HEADER] for row in rows])
    return out.getvalue().encode(encoding)


def programme_csv(encoding: str = "utf-8-sig") -> bytes:
    return to_csv(programme_rows(), encoding=encoding)


def a_week_with_two_withdrawals() -> list[dict[str, str]]:
    """Eleven consultations written in the week of Monday 2026-11-23 (fiscal year R8, the suite's week: see
    tests/support/clocks.py), three done and two withdrawn on Friday: received (受付) is 9, withdrawn 2."""
    statuses = ["done"] * 3 + ["withdrawn"] * 2 + ["received", "assigned", "in_progress", "on_hold"] * 2
    rows = []
    for i, status in enumerate(statuses[:11]):
        created = date(2026, 11, 23) + timedelta(days=i % 5)
        rows.append(
            {
                "number": consultation_number(2026, i + 1),
                "title": f"今週の相談 {i + 1}",
                "body": "",
                "category": "app" if i % 4 == 0 else "bpr",
                "status": status,
                "department": DEPARTMENTS[i % 3],
                "created": created.isoformat(),
                "closed": "2026-11-27" if status in ("done", "withdrawn") else "",
            }
        )
    return rows
