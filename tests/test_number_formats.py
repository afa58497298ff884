"""One way to write numbers (bot/views/numbers.py) in cards, `consult report` text and the dashboard: decimals only
when there are some, thousands grouped; and charts of counts never show fractional ticks."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.cards.details_card import details_card
from bot.cards.summary_card import summary_card
from bot.domain.consultation import Worksheet
from bot.domain.periods import date_range
from bot.domain.stats import ConsultationFact, Summary, summarize
from bot.views.summary import report_text
from bot.web.pages import metric
from tests.support.cards import visible_text, walk
from tests.support.clocks import DEFAULT_NOW
from tests.support.factories import a_consultation

JST = ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (600.0, 1, "600"),
        (12.5, 1, "12.5"),
        (0.0, 1, "0"),
        (-0.0, 1, "0"),
        (1234567.0, 1, "1,234,567"),
        (1200, 1, "1,200"),
        (2.04, 1, "2"),
        (30.55, 2, "30.55"),
        (0.25, 2, "0.25"),
        (12.50, 2, "12.5"),
        (None, 1, "—"),
    ],
)
def test_a_number_shows_decimals_only_when_it_has_some(value: float | None, decimals: int, shown: str) -> None:
    from bot.views.numbers import number  # here, so that the other tests of this module run without it

    assert number(value, decimals=decimals) == shown


def same_day_summary() -> Summary:
    """Three BPR consultations closed the day they came in (0 days to close), 600 hours saved a month."""
    created = DEFAULT_NOW - timedelta(days=3)
    facts = [ConsultationFact("bpr", "done", "総務課", created, created, 200.0) for _ in range(3)]
    period = date_range(date(2026, 4, 1), date(2026, 11, 30))
    return summarize(facts, period, as_of=DEFAULT_NOW, tz=JST)


def test_cli_text_card_and_dashboard_write_days_and_hours_alike() -> None:
    s = same_day_summary()
    bpr = s.categories[0]
    assert bpr.lead_time_median_days == 0.0 and s.hours_saved_per_month == 600.0

    text = report_text(s)  # what `consult report` prints
    assert "BPR 完了までの日数：中央値 0日／90%値 0日" in text and "0.0" not in text
    assert "削減時間の見込み（月）：600時間" in text

    card = visible_text(summary_card(s))
    assert "BPR 完了までの日数: 中央値 0日／90%値 0日" in card and "0.0" not in card
    assert "削減時間の見込み（月）: 600時間" in card

    days = metric("categories.bpr.lead_time_median_days", bpr.lead_time_median_days, "dashboard.unit.days", "ja")
    assert ">0</span>" in days  # the dashboard's figure, as on the card and in the text


def test_the_worksheet_hours_are_whole_when_they_are() -> None:
    sheet = Worksheet(yearly_count=2400, minutes_per_case=15)
    shown = visible_text(details_card(a_consultation(), [], [], sheet))
    assert "年間の作業時間（計算）: 600時間" in shown and "年間件数: 2,400" in shown
    assert "1件あたり時間（分）: 15" in shown
    odd = visible_text(details_card(a_consultation(), [], [], Worksheet(yearly_count=3, minutes_per_case=250)))
    assert "年間の作業時間（計算）: 12.5時間" in odd


def test_summary_charts_of_counts_have_no_value_axis_to_tick() -> None:
    """Teams divides a bar chart's value axis into quarters of the largest count (0.75, 1.5, 2.25 for 3) and takes
    no bounds for it; the done/open chart is a stacked horizontal bar (no value axis) and the mix a donut."""
    card = summary_card(same_day_summary())
    charts = {n["type"]: n for n in walk(card["body"]) if n.get("type", "").startswith("Chart.")}
    assert set(charts) == {"Chart.Donut", "Chart.HorizontalBar.Stacked"}
    stacked = charts["Chart.HorizontalBar.Stacked"]
    assert [(bar["title"], [(d["legend"], d["value"]) for d in bar["data"]]) for bar in stacked["data"]] == [
        ("BPR", [("完了", 3), ("未完了", 0)]),
        ("アプリ", [("完了", 0), ("未完了", 0)]),
    ]
    assert all(isinstance(d["value"], int) for bar in stacked["data"] for d in bar["data"])
