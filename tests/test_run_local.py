"""`make run` (scripts/run_local.py): a support team's view and a requester's view of the one bot, and the dashboard
turned on with a working local URL. The processes themselves are started in tests/e2e/test_local_views.py."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.web.links import link_factory
from bot.web.routes import dashboard_key
from scripts.playground import DEFAULT_CONFIG, ChildFailed
from scripts.run_local import MOCK_SUPPORT_TEAM_IDS, REQUESTER_CONFIG, plan, ready_message
from tests.support.clocks import FixedClock
from tests.support.dashboard_site import NOW, start
from tests.support.local_views import people, read_config

SHARED = ("version", "tenantId", "bot", "groupChat", "team")  # the same Teams, seen by another current user


def support_team(environ: dict[str, str]) -> set[str]:
    return {part.strip() for part in plan(environ).bot_env["SUPPORT_TEAM_IDS"].split(",") if part.strip()}


def test_the_requester_view_is_not_in_the_support_team_and_the_support_view_is() -> None:
    session = plan({})
    support_view, requester_view = session.views
    assert (support_view.role, support_view.config) == ("support", DEFAULT_CONFIG)
    assert (requester_view.role, requester_view.config) == ("requester", REQUESTER_CONFIG)
    staff, requester = read_config(support_view.config), read_config(requester_view.config)
    team = support_team({})
    assert team, "an empty support team would let everyone press every button"
    assert staff["currentUser"]["aadObjectId"] in team
    assert requester["currentUser"]["aadObjectId"] not in team and requester["currentUser"]["id"] not in team
    assert (support_view.user, requester_view.user) == (staff["currentUser"]["name"], requester["currentUser"]["name"])
    assert support_view.port != requester_view.port


def test_the_two_playground_configs_are_the_same_teams_seen_by_two_people() -> None:
    staff, requester = read_config(DEFAULT_CONFIG), read_config(REQUESTER_CONFIG)
    assert staff["currentUser"]["name"] == "山田 花子" and staff["team"]["channels"][0]["name"] == "相談窓口"
    for key in SHARED:
        assert requester[key] == staff[key], key
    assert sorted(people(requester), key=lambda p: p["id"]) == sorted(people(staff), key=lambda p: p["id"])
    assert requester["currentUser"] != staff["currentUser"]
    assert requester["personalChat"]["id"] != staff["personalChat"]["id"]  # each person's 1:1 chat with the bot
    for config in (staff, requester):  # the playground's schema: exactly five other users, ids unique
        assert len(config["users"]) == 5
        for field in ("id", "aadObjectId", "email"):
            assert len({p[field] for p in people(config)}) == 6, field


def test_explicit_settings_win_over_the_defaults() -> None:
    assert support_team({"SUPPORT_TEAM_IDS": "a, b"}) == {"a", "b"}
    assert support_team({}) == {MOCK_SUPPORT_TEAM_IDS}
    session = plan({"PLAYGROUND_PORT": "40000", "REQUESTER_PLAYGROUND_PORT": "40100", "PUBLIC_BASE_URL": "https://x"})
    assert [v.port for v in session.views] == [40000, 40100]
    assert session.bot_env["PUBLIC_BASE_URL"] == "https://x"
    assert [v.port for v in plan({"PLAYGROUND_PORT": "40000"}).views] == [40000, 40001]


def test_the_dashboard_is_on_with_a_token_made_for_the_session() -> None:
    first, second = plan({}), plan({})
    token = first.bot_env["DASHBOARD_TOKEN"]
    assert first.token_generated and len(token) >= 32 and token != second.bot_env["DASHBOARD_TOKEN"]
    assert first.bot_env["PUBLIC_BASE_URL"] == "http://127.0.0.1:3978"  # the summary card's button opens it
    assert first.dashboard_url == f"http://127.0.0.1:3978/dashboard?token={token}"
    printed = ready_message(first, ["http://localhost:56150", "http://localhost:56151"], [Path("a"), Path("b")], 2.0)
    assert "Support team view / 支援チームの画面 (山田 花子): http://localhost:56150" in printed
    assert "Requester view / 依頼者の画面 (佐藤 健一): http://localhost:56151" in printed
    assert f"Dashboard / ダッシュボード: {first.dashboard_url}" in printed


def test_a_token_of_ones_own_is_used_and_never_printed() -> None:
    session = plan({"DASHBOARD_TOKEN": "my-own-secret-token", "HOST": "0.0.0.0", "PORT": "4000"})
    assert not session.token_generated and session.bot_env["DASHBOARD_TOKEN"] == "my-own-secret-token"
    assert session.dashboard_url == "http://127.0.0.1:4000/dashboard"  # a wildcard bind is opened on loopback
    assert session.bot_env["PUBLIC_BASE_URL"] == "http://127.0.0.1:4000"
    printed = ready_message(session, ["http://localhost:1", "http://localhost:2"], [Path("a"), Path("b")], 2.0)
    assert "my-own-secret-token" not in printed and "?token=<your DASHBOARD_TOKEN>" in printed


async def test_the_printed_dashboard_url_opens_the_dashboard(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bot reads the session's variables from its environment, as `consult serve` under `make run` does."""
    session = plan({})
    for name in ("DASHBOARD_TOKEN", "PUBLIC_BASE_URL", "DASHBOARD_SIGNING_KEY", "MicrosoftAppPassword"):
        monkeypatch.delenv(name, raising=False)
    for name in ("DASHBOARD_TOKEN", "PUBLIC_BASE_URL"):
        monkeypatch.setenv(name, session.bot_env[name])
    site = await start(database_url)
    try:
        url = urlsplit(session.dashboard_url)
        r = await site.get(f"{url.path}?{url.query}")
        assert r.status == 200 and "DX相談 ダッシュボード" in await r.text()
        assert (await site.get(url.path)).status == 401  # the token is what opens it
        make_link = link_factory(site.app[dashboard_key].settings, FixedClock(NOW))
        assert make_link is not None  # the summary card gets its ダッシュボードを開く button
    finally:
        await site.client.close()


def test_either_sdk_hosts_the_bot_and_the_ready_message_says_which() -> None:
    assert plan({}).bot_env["BOT_HOST"] == "botbuilder"  # the default, as the project was specified
    agents = plan({"BOT_HOST": "Agents "})
    assert agents.bot_env["BOT_HOST"] == "agents"
    printed = ready_message(agents, ["http://localhost:1", "http://localhost:2"], [Path("a"), Path("b")], 2.0)
    assert "Microsoft 365 Agents SDK (BOT_HOST=agents; `BOT_HOST=botbuilder make run` for the other SDK)" in printed
    with pytest.raises(ChildFailed, match=r"use botbuilder .* or agents"):
        plan({"BOT_HOST": "bf4"})
