"""Reading card inputs defensively: anything a client sends may be missing, the wrong type or too long."""

import math
from typing import Any

from bot.domain.errors import InvalidInput
from bot.domain.intake import clean_text


def text(inputs: dict[str, Any], key: str, *, limit: int = 4000) -> str:
    value = inputs.get(key, "")
    return clean_text(value)[:limit] if isinstance(value, str) else ""


def number(inputs: dict[str, Any], key: str, label: str, *, maximum: float = 1_000_000) -> float | None:
    """Input.Number arrives as a string (or a number); empty means not given."""
    raw = inputs.get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        value = float(raw) if not isinstance(raw, bool) else math.nan
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or value < 0 or value > maximum:
        raise InvalidInput("error.bad_number", field=label)
    return value
