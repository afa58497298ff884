"""User-facing strings of the programme's memory: similar past consultations (類似の相談, 事例) and the catalogue of
reusable solutions (横展開候補). Merged into bot.texts.CATALOGUE."""

from collections.abc import Mapping

MEMORY_TEXTS: Mapping[str, Mapping[str, str]] = {}
