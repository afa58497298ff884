"""Settings from the environment, the four names botbuilder's authentication reads, and the host (BOT_HOST)."""

import pytest
from pydantic import ValidationError

from bot.settings import Settings


def test_microsoft_names_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MicrosoftAppId", "app-id")
    monkeypatch.setenv("MicrosoftAppPassword", "s3cret")
    monkeypatch.setenv("MicrosoftAppType", "SingleTenant")
    monkeypatch.setenv("MicrosoftAppTenantId", "tenant")
    monkeypatch.setenv("SUPPORT_TEAM_IDS", "a, b;c")
    monkeypatch.setenv("PORT", "4000")
    s = Settings()
    auth = s.bot_auth()
    assert (auth.APP_ID, auth.APP_PASSWORD, auth.APP_TYPE, auth.APP_TENANTID) == (
        "app-id",
        "s3cret",
        "SingleTenant",
        "tenant",
    )
    assert s.auth_enabled and s.support_team_ids == ("a", "b", "c") and s.port == 4000
    assert "s3cret" not in repr(s)


def test_defaults_are_local_development() -> None:
    s = Settings()
    assert not s.auth_enabled and s.host == "127.0.0.1" and s.port == 3978
    assert s.database_url.startswith("sqlite+aiosqlite:///./data/")


def test_the_host_is_botbuilder_unless_agents_is_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().bot_host == "botbuilder"
    monkeypatch.setenv("BOT_HOST", "agents")
    assert Settings().bot_host == "agents"
    monkeypatch.setenv("BOT_HOST", "teams-ai")
    with pytest.raises(ValidationError, match="BOT_HOST"):
        Settings()


def test_the_agents_host_refuses_an_openid_metadata_url_it_cannot_honour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_OPENID_METADATA_URL", "https://127.0.0.1:9/openid")
    assert Settings().bot_openid_metadata_url  # the botbuilder host reads it
    monkeypatch.setenv("BOT_HOST", "agents")
    with pytest.raises(ValidationError, match="not supported with BOT_HOST=agents"):
        Settings()
