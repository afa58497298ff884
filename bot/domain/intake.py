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

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028\u2029\u202a-\u202e\ufeff]")
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
    """Drop control and bidi characters, normalise line ends, trim; keeps the user's words as written."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text).strip()


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
