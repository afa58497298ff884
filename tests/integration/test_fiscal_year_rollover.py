"""The desk across April 1, when the fiscal year (and the consultation numbers) turn from 令和8 to 令和9.

The app's clock is the test's (`harness.clock`), moved to each instant; nothing here depends on the machine's date.
"""

from dataclasses import replace

from app import runtime_key
from bot.cards.summary_card import summary_card
from bot.domain.schedule import WeeklySchedule
from bot.jobs import WeeklySummaryJob
from storage.orm import ConsultationRow
from tests.support import activities as a
from tests.support.cards import visible_text
from tests.support.clocks import JST, FixedClock, jst
from tests.support.conversation import remember_department, rows, say
from tests.support.factories import CLEAR_APP, CLEAR_BPR

LAST_MINUTE_OF_R8 = jst(2027, 3, 31, 23, 59)
FIRST_MINUTE_OF_R9 = jst(2027, 4, 1, 0, 0)


async def test_numbers_restart_at_r9_0001_on_april_first(harness) -> None:
    await remember_department(harness, "aad-requester", "総務課")
    harness.clock.set(LAST_MINUTE_OF_R8)
    await say(harness, CLEAR_BPR)
    assert "相談 R8-0001" in visible_text(harness.connector.cards_sent()[-1])
    harness.clock.set(FIRST_MINUTE_OF_R9)
    await say(harness, CLEAR_APP)
    assert "相談 R9-0001" in visible_text(harness.connector.cards_sent()[-1])
    await say(harness, CLEAR_BPR)
    numbers = [r.number for r in await rows(harness, ConsultationRow)]
    assert numbers == ["R8-0001", "R9-0001", "R9-0002"]
    await say(harness, "状況 R8-0001")  # last year's number still opens its card
    assert "相談 R8-0001" in visible_text(harness.connector.cards_sent()[-1])


async def test_help_and_hints_use_the_current_years_prefix(harness) -> None:
    harness.clock.set(LAST_MINUTE_OF_R8)
    await say(harness, "ヘルプ")
    assert "状況 R8-0042" in harness.connector.texts_sent()[-1]
    harness.clock.set(FIRST_MINUTE_OF_R9)
    await say(harness, "help", locale="en-US")
    assert "status R9-0042" in harness.connector.texts_sent()[-1] and "R8-" not in harness.connector.texts_sent()[-1]
    await say(harness, "状況")
    assert "例：状況 R9-0042" in harness.connector.texts_sent()[-1]


async def test_weekly_summary_of_the_week_that_spans_april_first(harness) -> None:
    """Week 2027-W13 runs Monday March 29 to Sunday April 4. Its summary (posted Monday April 5) reports the new
    fiscal year to date (令和9年度: April 1-4 only), while the week's own counts take in the whole week."""
    await remember_department(harness, "aad-requester", "総務課")
    harness.clock.set(jst(2027, 3, 29, 10))  # Monday of the spanning week, fiscal year R8
    await say(harness, CLEAR_BPR)
    harness.clock.set(jst(2027, 3, 31, 23, 59))
    await say(harness, CLEAR_APP)
    harness.clock.set(jst(2027, 4, 1, 9))  # fiscal year R9
    await say(harness, CLEAR_BPR)
    harness.clock.set(jst(2027, 4, 5, 8))  # after the week: not in it
    await say(harness, CLEAR_APP)
    await harness.post(a.channel_mention(harness.service_url, "設定 集計", sender=a.SUPPORT, post_id="1700000000500"))
    await harness.connector.wait_for(lambda: "集計の送信先に設定しました" in "".join(harness.connector.texts_sent()))

    runtime = harness.app[runtime_key]
    deps = replace(runtime.deps, clock=FixedClock(jst(2027, 4, 5, 10)))  # Monday 10:00, after the 09:00 slot
    poster = runtime.poster
    job = WeeklySummaryJob(deps, poster, lambda s: summary_card(s), WeeklySchedule.parse(0, "09:00", JST))
    before = len(harness.connector.sent)
    assert await job.run_once() == 1
    shown = visible_text(harness.connector.sent[before].cards[0])
    assert "令和9年度" in shown and "令和8年度" not in shown
    assert "BPR 1件、完了0件（0%）／アプリ 0件、完了0件（0%）" in shown  # April 1-4 only
    assert "新規 3件" in shown  # March 29, March 31 and April 1; not April 5
