"""User-facing strings of ageing on business days: the daily digest, the assignee's nudge, ageing figures.
Merged into bot.texts.CATALOGUE."""

from collections.abc import Mapping

AGEING_TEXTS: Mapping[str, Mapping[str, str]] = {}
