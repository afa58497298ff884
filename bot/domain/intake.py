"""What a new consultation needs before it can be created: text limits, titles, and what is still missing."""

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from bot.domain.consultation import Place
from bot.domain.filler import without_filler

MIN_DETAIL_CHARS = 15  # shorter requests ("相談です") are too vague to act on; filler does not count
MAX_BODY_CHARS = 10_000
MAX_TITLE_CHARS = 80
MAX_DEPARTMENT_CHARS = 60
TITLE_CHARS = 40  # length of a title derived from the body

_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
ZWJ = "\u200d"
_TAGS = range(0xE0020, 0xE0080)  # emoji tag sequences (the flags of England, Scotland, Wales); alone: hidden text
_BLACK_FLAG = "\U0001f3f4"
_SENTENCE_END = re.compile(r"[。！？!?\n]")


class Missing(StrEnum):
    DETAILS = "details"
    DEPARTMENT = "department"


@dataclass(frozen=True)
class Draft:
    """A consultation as the requester has described it so far."""

    body: str
    title: str = ""
    department: str = ""
    desired_due: date | None = None
    place: Place = field(default_factory=Place)
    source_id: str = ""  # the Teams activity (or form message) it came from: one consultation per source

    def with_details(self, more: str) -> "Draft":
        body = f"{self.body}\n{more}".strip() if self.body else more
        return replace(self, body=clean_text(body))


def clean_text(text: str) -> str:
    """The user's words as written, without what can hide or disguise text: control characters (but line breaks and
    tabs), bidirectional overrides, embeddings, isolates and marks, zero-width spaces and joiners, byte order marks
    and other invisible format characters. Kept: what emoji are built of (the zero-width joiner inside a sequence
    such as 👨‍👩‍👧, variation selectors, skin tones, flags, keycaps, tag sequences), and the variation selectors
    of Japanese names. Line ends become \n; the text is trimmed."""
    text = _LINE_BREAKS.sub("\n", text)
    out: list[str] = []
    for i, ch in enumerate(text):
        if _kept(text, i, ch, out):
            out.append(ch)
    return "".join(out).strip()


def _kept(text: str, i: int, ch: str, kept: list[str]) -> bool:
    if ch in "\n\t":
        return True
    category = unicodedata.category(ch)
    if category in ("Cc", "Cs"):  # controls; halves of broken surrogate pairs
        return False
    if category != "Cf":
        return True
    if ch == ZWJ:  # kept between two emoji (👨‍👩‍👧, 🏳️‍🌈, ❤️‍🔥), dropped anywhere else
        return bool(kept) and _emoji_end(kept[-1]) and i + 1 < len(text) and _is_emoji(text[i + 1])
    if ord(ch) in _TAGS:  # kept inside 🏴 + tags (ending with the cancel tag)
        return _in_tag_sequence(text, i)
    return False  # bidi controls, zero-width spaces, word joiners, soft hyphens, BOM, invisible operators, ...


def _is_emoji(ch: str) -> bool:
    """A pictograph: a symbol from U+2000 up, anything in the emoji blocks (newer emoji than this Python's Unicode
    data included), or an arrow (🙂‍↔️)."""
    cp = ord(ch)
    return 0x1F000 <= cp <= 0x1FAFF or 0x2190 <= cp <= 0x21FF or (cp >= 0x2000 and unicodedata.category(ch) == "So")


def _emoji_end(ch: str) -> bool:
    """The last character of an emoji: the emoji itself, its variation selector or its skin tone."""
    return _is_emoji(ch) or ch == "\ufe0f" or 0x1F3FB <= ord(ch) <= 0x1F3FF


def _in_tag_sequence(text: str, i: int) -> bool:
    start = i
    while start > 0 and ord(text[start - 1]) in _TAGS:
        start -= 1
    end = i
    while end + 1 < len(text) and ord(text[end + 1]) in _TAGS:
        end += 1
    return start > 0 and text[start - 1] == _BLACK_FLAG and text[end] == "\U000e007f"


def clean_line(text: str, limit: int) -> str:
    return " ".join(clean_text(text).split())[:limit]


def meaningful_length(text: str) -> int:
    """Characters that carry content: no spaces or punctuation, width-normalised."""
    t = unicodedata.normalize("NFKC", text)
    return sum(1 for ch in t if unicodedata.category(ch)[0] in "LN")


def content_length(text: str) -> int:
    """`meaningful_length` of what the text says once its filler (「相談です」「お疲れ様です」…) is left out."""
    return meaningful_length(without_filler(text))


def derive_title(body: str) -> str:
    """The first sentence of what the body says, filler (「相談です」「お疲れ様です」…) left out; of the body as written
    when it is nothing but filler."""
    text = clean_text(body)
    text = without_filler(text) or text
    first = _SENTENCE_END.split(text, maxsplit=1)[0].strip() or text
    first = " ".join(first.split())
    return first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 1] + "…"


def missing(draft: Draft) -> list[Missing]:
    """What to ask before creating: details when the text is too short, the department when unknown."""
    needs = []
    if content_length(draft.body) < MIN_DETAIL_CHARS:
        needs.append(Missing.DETAILS)
    if not draft.department.strip():
        needs.append(Missing.DEPARTMENT)
    return needs


def too_long(text: str) -> bool:
    return len(text) > MAX_BODY_CHARS
