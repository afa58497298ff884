"""Sheet names, headers and labels of the PDCA workbook (xlsx). Merged into bot.texts.CATALOGUE."""

from collections.abc import Mapping

WORKBOOK_TEXTS: Mapping[str, Mapping[str, str]] = {}
