"""Reasons: the phrases of a text that pushed the classifier most towards its label, from the model's own weights.

The CANDIDATES readable feature keys of the text (keys with a kanji, katakana or Latin letter: particles alone such
as 「ていて」 are style, not a reason) with the largest contribution towards the label (weight × sign), one per
surface, are located in the text.  Each occurrence loses the hiragana at its ends (particles, okurigana) and is
widened to the ASCII word, katakana run or short kanji run it falls in; overlapping or touching occurrences are
merged into the longest contributing substrings (「決」「決裁」「ルート」 → 「決裁ルート」), each scored by the sum
of its keys' contributions, and the best MAX_REASONS are returned as substrings of the original text (of its
prepared form in the rare case the two cannot be aligned).
"""

from __future__ import annotations

import bisect
import functools
import heapq
import itertools
import re
import unicodedata
from collections.abc import Callable

from bot.classifier.features import ALIAS_RE, ALIASES, RAW_CAP, alias_name, alias_words, last_sentence
from bot.domain.filler import mask_filler

CANDIDATES = 6  # distinct keys looked for in the text
POOL = 3_000
MAX_REASONS = 3
MIN_SHARE = 0.15  # a phrase scoring below this share of the best phrase is not shown
MAX_PHRASE = 16  # longer merged phrases are cut down to their strongest key
MAX_KANJI = 6  # a hit is widened to the kanji run it falls in only if the run is this short
READABLE = re.compile(r"[a-z\u30a1-\u30fa\u4e00-\u9fff]")
WORD_RUN = re.compile(r"([a-z0-9]+)|([\u30a1-\u30fa\u30fc]+)|([\u4e00-\u9fff々〆]+)")


def reason_pool(weights: dict[str, float]) -> dict[str, tuple[float, str, str]]:
    """The keys that can be reasons, computed once per model: the POOL readable keys of largest |weight| (a key
    outside them is too weak to be among a text's strongest pushes, and a small pool keeps `explain` cheap), as
    key -> (weight, key, the text the key stands for)."""
    pool = sorted(((abs(w), k) for k, w in weights.items() if READABLE.search(k)), key=lambda x: (-x[0], x[1]))
    return {k: (weights[k], k, k.lstrip(" \t\x01")) for _, k in pool[:POOL]}


class _Runs:
    """The ASCII words, katakana runs and kanji runs of a prepared text, to widen hits to whole words."""

    def __init__(self, s: str) -> None:
        self.s = s
        self.spans = [(m.start(), m.end(), m.lastindex) for m in WORD_RUN.finditer(s)]
        self.starts = [a for a, _, _ in self.spans]

    def _at(self, i: int) -> tuple[int, int] | None:
        n = bisect.bisect_right(self.starts, i) - 1
        if n < 0:
            return None
        a, b, kind = self.spans[n]
        return (a, b) if i < b and (kind != 3 or b - a <= MAX_KANJI) else None

    def widen(self, span: tuple[int, int]) -> tuple[int, int]:
        """Trim hiragana (particles, okurigana) off both ends, then widen each end to its whole word."""
        a, b = span
        while a < b - 1 and "\u3041" <= self.s[a] <= "\u309f":
            a += 1
        while b > a + 1 and "\u3041" <= self.s[b - 1] <= "\u309f":
            b -= 1
        left, right = self._at(a), self._at(b - 1)
        return (left[0] if left else a), (right[1] if right else b)


@functools.lru_cache(maxsize=8192)
def _nfkc_lower(piece: str) -> str:
    return unicodedata.normalize("NFKC", piece).lower()


def _origin(text: str, s: str) -> Callable[[int, int], str]:
    """A function (start, end) in the prepared text -> the corresponding substring of the original text."""
    raw = text[:RAW_CAP]
    head = raw[: len(s)].lower()
    if head == s or mask_filler(head) == s:
        return lambda a, b: raw[a:b]  # the usual case: NFKC changed nothing (filler masked or not)
    mapped: list[Callable[[int, int], str]] = []

    def find(a: int, b: int) -> str:
        if m := re.search(re.escape(s[a:b]), raw, re.IGNORECASE):
            return m.group()  # the phrase is written as is (only "…", "（" and the like changed elsewhere)
        if not mapped:
            mapped.append(_mapping(raw, s))
        return mapped[0](a, b)

    return find


def _mapping(raw: str, s: str) -> Callable[[int, int], str]:
    """Character-by-character alignment of the raw and the prepared text (half-width kana, full-width letters)."""
    pieces = list(map(_nfkc_lower, raw))  # NFKC is per character, except around combining marks
    if "".join(pieces)[: len(s)] == s:
        ends = list(itertools.accumulate(map(len, pieces)))  # raw character i ends at prepared position ends[i]
        return lambda a, b: raw[bisect.bisect_right(ends, a) : bisect.bisect_right(ends, b - 1) + 1]
    starts: list[int] = []
    stops: list[int] = []
    i = 0
    while i < len(raw) and len(starts) < len(s):  # clusters: a character and the combining marks that follow it
        j = i + 1
        while j < len(raw) and unicodedata.combining(_nfkc_lower(raw[j])[:1] or "a"):
            j += 1
        piece = _nfkc_lower(raw[i:j])
        starts += [i] * len(piece)
        stops += [j] * len(piece)
        i = j
    if len(starts) < len(s):
        return lambda a, b: s[a:b]  # cannot be aligned (rare): the prepared text itself
    return lambda a, b: raw[starts[a] : stops[b - 1]]


@functools.lru_cache(maxsize=4096)
def _pattern(key: str) -> re.Pattern[str]:
    """Where a key occurs in a prepared text: a character n-gram (digits stand as 0) or a run of words."""
    if key[0] == " ":
        return re.compile(r"(?<![a-z0-9])" + r"\s+".join(map(re.escape, key[1:].split(" "))) + r"(?![a-z0-9])")
    return re.compile("".join("[0-9]" if c == "0" else re.escape(c) for c in key.lstrip("\t\x01")))


def _spans(key: str, s: str, last: int) -> list[tuple[int, int]]:
    """Occurrences of a key in the prepared text (n-grams that straddle punctuation are not looked for)."""
    spans = [m.span() for m in _pattern(key).finditer(s, last if key[0] == "\x01" else 0)]
    if key in _ALIAS_KEYS:
        spans += [m.span() for m in ALIAS_RE.finditer(s) if key in alias_words(alias_name(m))]
    return spans


_ALIAS_KEYS = frozenset(k for _, name in ALIASES for k in alias_words(name))


# The strongest hit inside a phrase: (contribution, -start, -end), so `max` prefers the earlier, then longer, hit.
Best = tuple[float, int, int]
# (start, end, {key: contribution}, best hit) of a span of the prepared text.
Hit = tuple[int, int, dict[str, float], Best]


def _START(hit: Hit) -> tuple[int, int, Best]:
    return hit[0], hit[1], hit[3]


def _merge(hits: list[Hit]) -> list[Hit]:
    """Merge sorted (start, end, {key: contribution}, best hit) items that overlap or touch."""
    out: list[Hit] = []
    for a, b, keys, best in hits:
        if out and a <= out[-1][1]:
            pa, pb, pkeys, pbest = out[-1]
            pkeys.update(keys)
            out[-1] = (pa, max(pb, b), pkeys, max(pbest, best))
        else:
            out.append((a, b, dict(keys), best))
    return out


def explain(s: str, text: str, pairs: list[tuple[float, str, str]], sign: float) -> tuple[str, ...]:
    """Up to MAX_REASONS phrases of `text` (prepared as `s`) from the `reason_pool` entries of its keys, towards
    sign (+1: app, -1: bpr)."""
    top: list[tuple[float, str]] = []
    seen: list[str] = []
    joined = ""
    for w, key, surface in (heapq.nlargest if sign > 0 else heapq.nsmallest)(2 * CANDIDATES, pairs):
        if w * sign <= 0 or len(top) == CANDIDATES:
            break
        if surface not in joined and not any(map(surface.__contains__, seen)):  # one key per surface: アプ ⊂ アプリ
            top.append((w * sign, key))
            seen.append(surface)
            joined += "\x00" + surface
    if not top:
        return ()
    last = (last_sentence(s) or (0, 0))[0]
    hits = sorted(((a, b, {key: c}, (c, -a, -b)) for c, key in top for a, b in _spans(key, s, last)), key=_START)
    runs = _Runs(s)
    phrases = _merge([(*runs.widen((a, b)), keys, best) for a, b, keys, best in _merge(hits)])
    scored = sorted(((sum(p[2].values()), p) for p in phrases), key=lambda x: (-x[0], x[1][0]))
    origin = _origin(text, s)
    out: list[str] = []
    for total, (a, b, _, (_, na, nb)) in scored:
        if total < MIN_SHARE * scored[0][0] or len(out) == MAX_REASONS:
            break
        if b - a > MAX_PHRASE:
            a, b = runs.widen((-na, -nb))
        phrase = origin(a, b).strip()
        if len(phrase) > 1 and phrase not in out:
            out.append(phrase)
    return tuple(out)
