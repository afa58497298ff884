"""The organisation's directory: implementations of `bot.domain.ports.Directory` (Microsoft Graph)."""
