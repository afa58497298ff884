"""User-facing strings of messages that are not a DX consultation (対象外): where to go instead, and the offer to
register it as a consultation after all. Merged into bot.texts.CATALOGUE."""

from collections.abc import Mapping

SCOPE_TEXTS: Mapping[str, Mapping[str, str]] = {}
