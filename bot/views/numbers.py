"""Numbers as people read them, the same in cards, `consult report` text and the dashboard: thousands grouped,
decimals only when there are some (600.0 → 「600」, 12.5 → 「12.5」, 1234 → 「1,234」)."""

NO_VALUE = "—"


def number(value: float | None, *, decimals: int = 1) -> str:
    """`value` rounded to at most `decimals` places, without trailing zeros; the dash when there is none."""
    if value is None:
        return NO_VALUE
    rounded = round(float(value), decimals)
    if rounded.is_integer():
        return f"{int(rounded):,}"
    return f"{rounded:,.{decimals}f}".rstrip("0")
