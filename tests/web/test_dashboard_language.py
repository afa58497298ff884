"""The dashboard's language (Japanese unless the browser's Accept-Language puts English first) and its summary
sentences, which are the summary card's and `consult report`'s."""

import html
import json
import re
from collections.abc import AsyncIterator

import pytest

from bot.cards.summary_card import summary_card
from bot.domain.periods import fiscal_year_of
from bot.services.reports import build_summary
from bot.texts import LOCALES, t
from bot.views.summary import headline, rate_text, report_text, this_week, week_counts
from bot.web.routes import page_locale
from tests.support.dashboard import HOSTILE, seed
from tests.support.dashboard_site import JAPANESE, JST, NOW, TOKEN, Site, bearer, metrics, start

SEEDED_NAMES = ("市民課", "税務課", "福祉課", "会計課", "都市計画課", HOSTILE)
ENGLISH = {"Accept-Language": "en-US,en;q=0.9,ja;q=0.8"}


@pytest.fixture
async def site(database_url: str) -> AsyncIterator[Site]:
    s = await start(database_url, dashboard_token=TOKEN)
    await seed(s.uow, NOW, JST)
    yield s
    await s.client.close()


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        ("", "ja"),
        ("ja", "ja"),
        ("en", "en"),
        ("en-GB", "en"),
        ("EN-us", "en"),
        ("ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7", "ja"),
        ("en-US,en;q=0.9,ja;q=0.8", "en"),
        ("ja;q=0.5, en;q=0.8", "en"),  # by q-value, not by order
        ("en;q=0.8, ja;q=0.8", "en"),  # equal: the first listed
        ("fr-FR, en;q=0.5", "en"),  # French is not offered: English is the reader's next choice
        ("fr-FR, de;q=0.8", "ja"),  # neither language listed
        ("*", "ja"),
        ("en;q=0, ja;q=0.1", "ja"),  # q=0: not acceptable
        ("en;q=0", "ja"),
        ("english", "ja"),
        ("en;q=abc, ja;q=0.5", "en"),  # a broken weight counts as 1
        (";;;,,,", "ja"),
    ],
)
def test_the_page_language_follows_accept_language(header: str, locale: str) -> None:
    assert page_locale(header) == locale


def visible_text(page: str) -> str:
    """The page without its JSON block (the summary data, as /dashboard/data.json serves it)."""
    page = re.sub(r'<script type="application/json".*?</script>', "", page, flags=re.S)
    return html.unescape(page)


async def test_an_english_browser_gets_the_page_in_english_with_the_same_figures(site: Site) -> None:
    japanese = await site.get("/dashboard", headers=bearer())
    assert japanese.headers["Content-Language"] == "ja" and japanese.headers["Vary"] == "Accept-Language"
    english = await site.get("/dashboard", headers=bearer() | ENGLISH)
    assert english.status == 200
    assert english.headers["Content-Language"] == "en" and english.headers["Vary"] == "Accept-Language"
    assert english.headers["Content-Security-Policy"] == japanese.headers["Content-Security-Policy"]
    ja_page, en_page = await japanese.text(), await english.text()
    assert en_page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert metrics(en_page) == metrics(ja_page)  # the same figures, in the same places
    for text in ("DX consultations dashboard", "FY2026 (Apr 2026 – Mar 2027)", "Download this period as CSV"):
        assert text in en_page
    assert 'value="This week" class="preset" aria-pressed="false"' in en_page
    assert 'value="This FY" class="preset" aria-pressed="true"' in en_page
    words = visible_text(en_page)
    for name in SEEDED_NAMES:  # the data stays as it was entered
        words = words.replace(name, "")
    assert not JAPANESE.findall(words), JAPANESE.findall(words)
    assert JAPANESE.search(visible_text(ja_page))


async def test_an_english_preset_link_keeps_working(site: Site) -> None:
    r = await site.get("/dashboard", params={"token": TOKEN, "period": "Last FY"}, headers=ENGLISH)
    page = await r.text()
    assert r.status == 200 and 'data-period="FY2025"' in page
    assert 'value="Last FY" class="preset" aria-pressed="true"' in page


async def test_error_pages_and_json_errors_are_in_the_readers_language(site: Site) -> None:
    r = await site.get("/dashboard", headers=ENGLISH)
    assert r.status == 401 and r.headers["Content-Language"] == "en"
    page = await r.text()
    assert '<html lang="en">' in page and "Your access to this page could not be confirmed" in page
    assert not JAPANESE.search(page)
    r = await site.get("/dashboard/data.json", params={"period": "someday"}, headers=bearer() | ENGLISH)
    assert r.status == 400
    assert (await r.json())["error"] == "The period could not be read"
    r = await site.get("/dashboard/data.json", params={"period": "someday"}, headers=bearer())
    assert (await r.json())["error"] == "期間を読み取れませんでした"


@pytest.mark.parametrize("locale", LOCALES)
async def test_the_page_says_what_the_summary_card_and_consult_report_say(site: Site, locale: str) -> None:
    page = await (await site.get("/dashboard", headers=bearer() | {"Accept-Language": locale})).text()
    words = html.unescape(re.sub(r"<[^>]+>", "", page))  # the figures' <span>s out
    local_now = NOW.astimezone(JST)  # as `consult report` reads its clock
    summary = await build_summary(site.uow, fiscal_year_of(local_now.date()), now=local_now, tz=JST)
    card, report = json.dumps(summary_card(summary, locale), ensure_ascii=False), report_text(summary, locale)
    assert summary.withdrawn_this_week == 1  # the seeded withdrawal: 新規 says it is left out
    shared = [
        headline(summary, locale),
        *(rate_text(c, locale) for c in (*summary.categories, summary.total)),
        this_week(summary, locale, JST),
        week_counts(summary, locale),
        t("summary.withdrawn", locale),
    ]
    for sentence in shared:
        assert sentence in words, sentence
        assert sentence in card and sentence in report, sentence
