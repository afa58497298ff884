"""Text normalisation and sparse features for the consultation classifier (standard library only).

Features are *binary* keys, L2-normalised per text (with a floor for short texts, see `scale`).  The norm is taken
over every key the text produces (not only those the model knows), so a text's vector does not depend on any
vocabulary: the model file needs nothing but its weights.

Keys (the prefixes keep the families apart; character n-grams never contain a space, tab or \\x01):
  * character 1–3-grams of the prepared text with whitespace and punctuation removed and every digit mapped to "0"
    ("Power Automate" and "PowerAutomate" share n-grams, "3件" and "12件" share "0件", a trailing "？" carries no
    weight; emoji and symbols are dropped);
  * " word" and " word word": ASCII words and adjacent pairs ("the flow run failed", "400 bad request" → " bad
    request"), plus the canonical English name of a product written in katakana or hiragana ("パワオト",
    "ぱわーあっぷす", "シェアポ" → " power automate", " power apps", " sharepoint");
  * "\\t" + a whole run of kanji or of katakana ("\\t決裁", "\\tフロー"): a cheap stand-in for words;
  * "\\x01" + a 1–3-gram of the last sentence: what the writer asks for usually comes last, after any greeting
    or background, so the model may weigh it separately.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict

from bot.domain.filler import mask_filler

MAX_CHARS = 5_000  # characters of prepared text considered; keeps huge inputs cheap
RAW_CAP = 4 * MAX_CHARS  # raw characters normalised at most (NFKC rarely expands a character beyond 4)
KIND = "binary-char-ngrams/2"

_WHITESPACE = re.compile(r"\s+")
ASCII_RUN = re.compile(r"[a-z][a-z0-9]*(?:\s+[a-z][a-z0-9]*)*")
WORD_CHARS = re.compile(r"[^\W_]+")  # what survives in the character stream
SCRIPT_RUN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff々〆]+|[\u30a1-\u30fa\u30fc]+")
SENTENCE_END = re.compile(r"[。！？!?\n]+")
DIGITS = str.maketrans("123456789", "000000000")

# Product names as staff write them in katakana or hiragana (after NFKC and lower case) -> English name.  The
# patterns are written in katakana; `_kana_pattern` lets each katakana letter match its hiragana too.
ALIASES: tuple[tuple[str, str], ...] = (
    ("パワー?オートメ(?:ー|イ)ト|パワオト|パワーオートメーション", "power automate"),
    ("パワー?アップス|パワーアプリ|パワアプ", "power apps"),
    ("シェアポイント|シェアポ", "sharepoint"),
    ("フォームズ", "forms"),
    ("チームズ", "teams"),
    ("パワー ?bi|パワービーアイ", "power bi"),
    ("コパイロット ?スタジオ", "copilot studio"),
    ("コパイロット(?! ?スタジオ)", "copilot"),
    ("エクセル", "excel"),
    ("アウトルック", "outlook"),
    ("ワンドライブ", "onedrive"),
    ("データバース", "dataverse"),
)


def _kana_pattern(pattern: str) -> str:
    return "".join(f"[{c}{chr(ord(c) - 0x60)}]" if "\u30a1" <= c <= "\u30f6" else c for c in pattern)


ALIAS_RE = re.compile(
    f"(?=[{''.join(sorted({p[0] for p, _ in ALIASES}))}{''.join(sorted({chr(ord(p[0]) - 0x60) for p, _ in ALIASES}))}])"
    + "(?:"
    + "|".join(f"(?P<a{i}>{_kana_pattern(pattern)})" for i, (pattern, _) in enumerate(ALIASES))
    + ")"
)


def alias_name(m: re.Match[str]) -> str:
    """The canonical English name of an `ALIAS_RE` match: its alternative is the group a<index into ALIASES>."""
    group = m.lastgroup
    if group is None:  # every alternative of ALIAS_RE is a named group, so a match always has one
        raise AssertionError(f"ALIAS_RE matched {m.group()!r} outside its named groups")
    return ALIASES[int(group[1:])][1]


def prepare(text: str, config: FeatureConfig | None = None) -> str:
    """NFKC (full-/half-width ASCII and katakana) and lower case, truncated; whitespace is kept as it is.  With a
    `config` that drops filler, filler segments (「相談です」「お疲れ様です」, bot.domain.filler) become spaces of the
    same length: they are not read, so they can neither tip the decision nor be shown as a reason."""
    s = unicodedata.normalize("NFKC", text[:RAW_CAP]).lower()[:MAX_CHARS]
    return mask_filler(s) if config is not None and config.drop_filler else s


def normalize(text: str) -> str:
    """`prepare` with whitespace collapsed to single spaces and stripped (for display and tests)."""
    return _WHITESPACE.sub(" ", prepare(text)).strip()


def alias_words(name: str) -> list[str]:
    """The word keys a canonical product name stands for: " power", " automate", " power automate"."""
    words = name.split(" ")
    return [" " + w for w in words] + ([" " + name] if len(words) > 1 else [])


@functools.lru_cache(maxsize=4)  # asked twice per text: by the features, then by the reasons
def last_sentence(s: str) -> tuple[int, int] | None:
    """(start, end) of the last sentence of a prepared text that holds a word character, if any."""
    end = len(s)
    for m in reversed(list(SENTENCE_END.finditer(s))):
        if WORD_CHARS.search(s, m.end(), end):
            return m.end(), end
        end = m.start()
    return (0, end) if WORD_CHARS.search(s, 0, end) else None


class FeatureDict(TypedDict):
    """`FeatureConfig` as the model file stores it ("features")."""

    kind: str
    ngram_min: int
    ngram_max: int
    ascii_words: bool
    max_chars: int
    min_norm: int
    aliases: bool
    script_runs: bool
    last_sentence_max: int
    drop_filler: NotRequired[bool]  # absent in model files written before filler was dropped (they read it)


@dataclass(frozen=True)
class FeatureConfig:
    ngram_min: int = 1
    ngram_max: int = 3
    ascii_words: bool = True
    min_norm: int = 100  # evidence floor, see `scale`
    aliases: bool = True
    script_runs: bool = True
    last_sentence_max: int = 3  # n-grams of the last sentence, 1..this (0: none)
    drop_filler: bool = True  # mask filler segments before reading (models written before it existed: False)

    def to_dict(self) -> FeatureDict:
        return {
            "kind": KIND,
            "ngram_min": self.ngram_min,
            "ngram_max": self.ngram_max,
            "ascii_words": self.ascii_words,
            "max_chars": MAX_CHARS,
            "min_norm": self.min_norm,
            "aliases": self.aliases,
            "script_runs": self.script_runs,
            "last_sentence_max": self.last_sentence_max,
            "drop_filler": self.drop_filler,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> FeatureConfig:
        """The config of a model file's "features" (read from JSON, so checked and converted here)."""
        if d.get("kind") != KIND:
            raise ValueError(f"unsupported feature kind: {d.get('kind')!r}")
        return cls(
            int(d["ngram_min"]),
            int(d["ngram_max"]),
            bool(d["ascii_words"]),
            int(d["min_norm"]),
            bool(d["aliases"]),
            bool(d["script_runs"]),
            int(d["last_sentence_max"]),
            bool(d.get("drop_filler", False)),
        )


def prepared_keys(s: str, config: FeatureConfig) -> list[str]:
    """Distinct feature keys of a `prepare`d text, in first-seen order (deterministic; no set iteration)."""
    keys: list[str] = []
    if config.ascii_words:
        for run in ASCII_RUN.findall(s):
            words = run.split()
            keys += [" " + w for w in words]
            keys += [f" {a} {b}" for a, b in itertools.pairwise(words)]
    if config.aliases:
        for m in ALIAS_RE.finditer(s):
            keys += alias_words(alias_name(m))
    chars = "".join(WORD_CHARS.findall(s)).translate(DIGITS)
    grams: list[list[str]] = [list(chars)]
    for n in range(2, max(config.ngram_max, config.last_sentence_max) + 1):
        grams.append(list(map(operator.add, grams[-1], chars[n - 1 :])))  # n-grams = (n-1)-grams + next char
    for n in range(config.ngram_min, config.ngram_max + 1):
        keys += grams[n - 1]
    if config.script_runs:
        keys += map("\t".__add__, SCRIPT_RUN.findall(s))
    if config.last_sentence_max and (span := last_sentence(s)):
        start = len(chars) - len("".join(WORD_CHARS.findall(s, *span)))  # the last sentence ends the stream
        for n in range(1, config.last_sentence_max + 1):
            keys += map("\x01".__add__, grams[n - 1][start:])
    return list(dict.fromkeys(keys))


def feature_keys(text: str, config: FeatureConfig) -> list[str]:
    """Distinct feature keys of `text`."""
    return prepared_keys(prepare(text, config), config)


def scale(n_keys: int, config: FeatureConfig) -> float:
    """Value of each present feature: 1/sqrt(n) (L2 normalisation) with n floored at `min_norm`.

    The floor is an evidence prior: a text with fewer keys than a typical consultation is not blown up to unit
    length, so "あ" or a five-character fragment stays near the neutral decision value instead of looking as sure
    as a full message.  100 was chosen by cross-validation together with short written examples (a one-line
    request has about 100 keys).
    """
    return 1.0 / math.sqrt(max(n_keys, config.min_norm, 1))


def score(weights: dict[str, float], keys: list[str], config: FeatureConfig) -> float:
    """Linear decision value w·x for a text given its `feature_keys` (no intercept: 0 is neutral)."""
    get = weights.get
    return sum(get(k, 0.0) for k in keys) * scale(len(keys), config)


def gram_matrix(keysets: list[list[str]], config: FeatureConfig) -> list[list[float]]:
    """K[i][j] = xᵢ·xⱼ = |Sᵢ ∩ Sⱼ|·scaleᵢ·scaleⱼ for the binary vectors (exact integer counts: deterministic)."""
    sets = [frozenset(k) for k in keysets]
    sc = [scale(len(s), config) for s in sets]
    K = [[0.0] * len(sets) for _ in sets]
    for i, si in enumerate(sets):
        for j in range(i + 1):
            K[i][j] = K[j][i] = len(si & sets[j]) * sc[i] * sc[j]
    return K
