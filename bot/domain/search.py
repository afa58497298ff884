"""Search over Japanese text without word boundaries: normalised substrings (全角/半角, case, kana width)."""

import unicodedata


def normalize_for_search(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def search_text(title: str, body: str) -> str:
    """What is stored with a consultation and matched against normalised keywords."""
    return normalize_for_search(f"{title}\n{body}")


def keywords(query: str) -> list[str]:
    """Every whitespace-separated keyword must occur (AND); at most five, each at least one character."""
    return [k for k in normalize_for_search(query).split(" ") if k][:5]
