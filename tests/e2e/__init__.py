"""Browser tests: the real bot, driven through the Microsoft 365 Agents Playground (local Teams emulator)."""
