"""clean_text keeps what people wrote, emoji sequences included, and drops what hides or disguises text."""

import pytest

from bot.domain.intake import Draft, clean_line, clean_text

KEPT = {
    "family (ZWJ sequence)": "家族👨\u200d👩\u200d👧で来庁",
    "rainbow flag (VS16 + ZWJ)": "🏳️\u200d🌈",
    "heart on fire": "❤️\u200d🔥",
    "skin tones": "👍🏽 👩🏽\u200d💻",
    "couple with skin tones": "🫱🏻\u200d🫲🏿",
    "hair component": "👨\u200d🦰",
    "gender sign": "🏃\u200d♂️",
    "flags (regional indicators)": "🇯🇵🇺🇸",
    "keycaps": "1️⃣ #️⃣ *️⃣",
    "England (tag sequence)": "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
    "ideographic variation selector in a name": "葛\U000e0100城 さん",
    "text presentation selector": "☎\ufe0e",
    "tabs and line breaks": "a\tb\nc",
    "private use (外字)": "\ue000",
}


@pytest.mark.parametrize("text", KEPT.values(), ids=KEPT.keys())
def test_what_people_write_is_kept(text: str) -> None:
    assert clean_text(text) == text


DROPPED = {
    "right-to-left override": ("請求書\u202efdp.exe", "請求書fdp.exe"),
    "embeddings and pop": ("\u202aa\u202bb\u202cc", "abc"),
    "isolates": ("\u2066x\u2067y\u2068z\u2069", "xyz"),
    "bidi marks": ("a\u200eb\u200fc\u061cd", "abcd"),
    "zero-width space inside a word": ("押\u200b印", "押印"),
    "word joiner, BOM, soft hyphen": ("\ufeff押\u2060印\u00ad", "押印"),
    "stray zero-width joiners": ("押\u200d印 \u200d👍 👍\u200d", "押印 👍 👍"),
    "zero-width non-joiner": ("a\u200cb", "ab"),
    "controls and escape sequences": ("a\x00b\x07c\x1b[31md\x7f\x9b", "abc[31md"),
    "tags outside a flag (hidden ASCII)": ("はい\U000e0069\U000e0067\U000e006e", "はい"),
    "half of a surrogate pair": ("a\ud800b", "ab"),
}


@pytest.mark.parametrize(("text", "clean"), DROPPED.values(), ids=DROPPED.keys())
def test_what_hides_or_disguises_text_is_dropped(text: str, clean: str) -> None:
    assert clean_text(text) == clean


def test_line_ends_are_normalised_and_the_text_trimmed() -> None:
    assert clean_text("\u200b  a\r\nb\rc\u2028d\u2029e  \n") == "a\nb\nc\nd\ne"


def test_cleaning_twice_changes_nothing() -> None:
    for text in [*KEPT.values(), *(t for t, _ in DROPPED.values())]:
        once = clean_text(text)
        assert clean_text(once) == once


def test_details_and_department_answers_keep_emoji_sequences() -> None:
    family = "👨\u200d👩\u200d👧"
    assert Draft(body="相談").with_details(f"家族{family}の手続き").body == f"相談\n家族{family}の手続き"
    assert clean_line(f" 子育て支援課{family}\u202e ", 60) == f"子育て支援課{family}"
