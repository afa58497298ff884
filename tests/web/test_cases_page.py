"""The dashboard's 事例集 (/cases) and its CSV over loopback against create_app: what the support team marked
横展開候補 is listed, filtered by category, tag and department, downloaded for Excel, and reached from the dashboard
with the page's authorisation. Text typed by people is shown literally."""

import csv
import html
import io
import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.domain.category import Category
from bot.domain.consultation import Reuse, Status
from tests.support.dashboard import HOSTILE
from tests.support.dashboard_site import NOW, TOKEN, Site, bearer, start
from tests.support.factories import a_consultation

MARKS = {  # consultation number -> (tags, the 横展開候補 line, department)
    "R8-0001": (("ms-forms", "power-automate"), "Formsとフローを複製すれば受付に使える", "市民課"),
    "R8-0002": (("paper-reduction",), "押印欄を削除した様式をそのまま使える", "税務課"),
    "R8-0003": (("paper-reduction",), HOSTILE, "福祉課"),
}


async def seed_catalogue(s: Site) -> None:
    """Three completed consultations marked 横展開候補 (MARKS), one completed but not marked, and an open one that
    was marked before it was reopened (not listed)."""
    async with s.uow() as u:
        for i, (number, category) in enumerate(
            (("R8-0001", "app"), ("R8-0002", "bpr"), ("R8-0003", "app"), ("R8-0004", "bpr"), ("R8-0005", "app"))
        ):
            fy, seq = 2026, i + 1
            c = a_consultation(
                id=0,
                number=number,
                fiscal_year=fy,
                seq=seq,
                title=f"相談 {number}",
                category=Category(category),
                status=Status.IN_PROGRESS if number == "R8-0005" else Status.DONE,
                created_at=NOW - timedelta(days=40),
                updated_at=NOW - timedelta(days=10),
                closed_at=None if number == "R8-0005" else NOW - timedelta(days=10),
            )
            tags, line, department = MARKS.get(number, ((), "", "人事課"))
            marked_at = NOW - timedelta(days=5 - i)
            c = replace(c, department=department, tags=tags)
            if line or number == "R8-0005":
                c = replace(c, reuse=Reuse(line or "再開前の候補", marked_at, "aad-support"))
            await u.consultations.add(c)
        await u.departments.add("市民課", NOW)
        await u.departments.add("税務課", NOW)


@pytest.fixture
async def site(database_url: str) -> AsyncIterator[Site]:
    s = await start(database_url, dashboard_token=TOKEN)
    await seed_catalogue(s)
    yield s
    await s.client.close()


def numbers_on(page: str) -> list[str]:
    return re.findall(r'data-number="([^"]+)"', page)


async def test_the_catalogue_lists_marked_completed_consultations_newest_mark_first(site: Site) -> None:
    r = await site.get("/cases", headers=bearer())
    page = await r.text()

    assert r.status == 200 and r.headers["Content-Type"].startswith("text/html")
    assert numbers_on(page) == ["R8-0003", "R8-0002", "R8-0001"]  # not R8-0004 (unmarked), nor R8-0005 (open)
    assert "事例集（横展開候補）" in page and "3件（全3件）" in page
    assert "Formsとフローを複製すれば受付に使える" in page and "Microsoft Forms、Power Automate" in page
    assert html.escape(HOSTILE) in page and HOSTILE not in page  # typed text shown literally, never as markup


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"category": "bpr"}, ["R8-0002"]),
        ({"tag": "paper-reduction"}, ["R8-0003", "R8-0002"]),
        ({"department": "市民課"}, ["R8-0001"]),
        ({"category": "app", "tag": "paper-reduction"}, ["R8-0003"]),
        ({"category": "nonsense", "department": "x" * 500}, []),
    ],
)
async def test_filters_by_category_tag_and_department(site: Site, query: dict[str, str], expected: list[str]) -> None:
    page = await (await site.get("/cases", params=query, headers=bearer())).text()
    assert numbers_on(page) == expected
    if not expected:
        assert "条件に合う事例はまだありません" in page


async def test_the_csv_is_for_excel_and_follows_the_filters(site: Site) -> None:
    r = await site.get("/cases.csv", params={"tag": "paper-reduction"}, headers=bearer())
    body = await r.read()

    assert r.status == 200 and r.headers["Content-Type"].startswith("text/csv")
    assert 'filename="reusable_solutions.csv"' in r.headers["Content-Disposition"]
    assert body.startswith("\ufeff".encode()) and b"\r\n" in body
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows[0] == [
        "番号",
        "件名",
        "所属",
        "区分",
        "タグ",
        "横展開できる点",
        "解決内容",
        "成果物",
        "完了日",
        "候補にした日",
        "削減時間（時間／月）",
    ]
    assert [r[0] for r in rows[1:]] == ["R8-0003", "R8-0002"]
    assert rows[2][3:6] == ["業務改善（BPR）", "紙の削減", "押印欄を削除した様式をそのまま使える"]
    assert rows[2][8:10] == ["2026-11-18", "2026-11-24"]  # 完了日, 候補にした日: dates in Japan


async def test_the_dashboard_links_to_the_catalogue_keeping_its_authorisation(site: Site) -> None:
    page = await (await site.get("/dashboard", params={"token": TOKEN})).text()
    href = html.unescape(re.search(r'href="(cases\?[^"]+)"', page)[1])
    assert parse_qs(urlsplit(href).query)["token"] == [TOKEN]
    cases = await (await site.get("/" + href)).text()
    assert numbers_on(cases) == ["R8-0003", "R8-0002", "R8-0001"]

    by_bearer = await (await site.get("/dashboard", headers=bearer())).text()
    signed = html.unescape(re.search(r'href="(cases\?[^"]+)"', by_bearer)[1])
    assert "sig" in parse_qs(urlsplit(signed).query) and TOKEN not in by_bearer
    assert (await site.get("/" + signed)).status == 200


async def test_in_english_when_the_browser_prefers_it(site: Site) -> None:
    page = await (await site.get("/cases", headers={**bearer(), "Accept-Language": "en-US,en;q=0.9"})).text()
    assert "Reusable solutions catalogue" in page and "3 of 3" in page and "What can be reused" in page
