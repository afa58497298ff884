"""The app's own links: a consultation's link is built from PUBLIC_BASE_URL and read back; a pasted URL is told
apart (consultation, dashboard, anything else)."""

import pytest

from bot.domain.app_links import DASHBOARD_PATH, LinkTarget, consultation_url, link_target
from bot.web.links import DASHBOARD_PATH as SERVED_DASHBOARD

BASE = "https://consult.example.lg.jp"


def test_a_consultation_link_round_trips() -> None:
    url = consultation_url(BASE + "/", "R8-0042")
    assert url == "https://consult.example.lg.jp/c/R8-0042"
    assert link_target(BASE, url) == LinkTarget("consultation", number="R8-0042")
    assert consultation_url("", "R8-0042") == ""  # no public URL, no link


@pytest.mark.parametrize(
    ("url", "number"),
    [
        ("https://consult.example.lg.jp/c/r8-42", "R8-0042"),
        ("HTTPS://Consult.Example.LG.JP/c/%EF%BC%B28%EF%BC%8D42", "R8-0042"),  # Ｒ８－４２, percent-encoded
        ("https://consult.example.lg.jp/c/R8-0042?x=1#top", "R8-0042"),
    ],
)
def test_consultation_links_are_read_as_users_paste_them(url: str, number: str) -> None:
    assert link_target(BASE, url) == LinkTarget("consultation", number=number)


def test_the_dashboard_link_gives_its_period() -> None:
    assert DASHBOARD_PATH == SERVED_DASHBOARD
    url = f"{BASE}/dashboard?period=%E4%BB%8A%E6%9C%88&exp=9&sig=ab"
    assert link_target(BASE, url) == LinkTarget("dashboard", period="今月")
    assert link_target(BASE, f"{BASE}/dashboard") == LinkTarget("dashboard")


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/c/R8-0001",
        "http://consult.example.lg.jp/c/R8-0001",  # another scheme is another origin
        "https://consult.example.lg.jp.evil.example/c/R8-0001",
        f"{BASE}/c/",
        f"{BASE}/c/R0-0001",
        f"{BASE}/c/R8-0",
        f"{BASE}/cases",
        f"{BASE}/dashboard/data.json",
        "not a url",
        "",
    ],
)
def test_anything_else_is_no_link_of_the_app(url: str) -> None:
    assert link_target(BASE, url) is None


def test_without_a_public_url_nothing_is_the_apps() -> None:
    assert link_target("", f"{BASE}/c/R8-0001") is None


def test_a_base_url_with_a_path_prefixes_the_links() -> None:
    base = "https://intra.example.lg.jp/consult"
    assert consultation_url(base, "R8-0001") == "https://intra.example.lg.jp/consult/c/R8-0001"
    assert link_target(base, "https://intra.example.lg.jp/consult/c/R8-0001") == LinkTarget("consultation", "R8-0001")
    assert link_target(base, "https://intra.example.lg.jp/other/c/R8-0001") is None
