"""Settings from the environment, and the four names botbuilder's authentication reads."""

import pytest

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
