"""What a text contributes to similarity: weighted keys, shared with the classifier's text preparation.

A text (title, request, resolution) becomes a set of keys, each with a weight:
  * character bigrams of its words (NFKC, lower case, filler masked, digits as "0"; a bigram never spans
    punctuation or a space): the surface, as in the classifier;
  * "~concept": the concepts of bot.similarity.concepts it mentions (ハンコ and 押印 both give "~seal"), weighted
    more, because two requests for the same improvement share their ideas far more than their words;
  * " word": product names in English whatever script they were typed in (パワオト -> " power automate").
The index (bot.similarity.index) weighs each key by how rare it is among the past consultations.
"""

from dataclasses import dataclass

from bot.classifier.features import ALIAS_RE, ASCII_RUN, DIGITS, WORD_CHARS, alias_name, alias_words, prepare
from bot.domain.filler import mask_filler
from bot.similarity.concepts import concepts_in

MAX_CHARS = 3_000  # characters of a text read; a longer text is cut (its opening says what it is about)
_HIRAGANA = frozenset(chr(c) for c in range(0x3041, 0x3097))


@dataclass(frozen=True)
class FeatureConfig:
    """How keys are made; `plain()` is character bigrams alone (the baseline the evaluation compares against)."""

    concepts: bool = True
    concept_weight: float = 6.0
    words: bool = True
    word_weight: float = 1.0
    kana_bigrams: bool = False  # bigrams of two hiragana (して, ます) are grammar, not content

    @classmethod
    def plain(cls) -> "FeatureConfig":
        return cls(concepts=False, words=False, kana_bigrams=True)


DEFAULT = FeatureConfig()


def text_of(*parts: str) -> str:
    """The parts of a consultation read together (title, body, resolution, artefact), one per line."""
    return "\n".join(p for p in parts if p)


def features(text: str, config: FeatureConfig = DEFAULT) -> dict[str, float]:
    """Weighted keys of `text` (see the module docstring); empty for a text with no word in it."""
    s = mask_filler(prepare(text[: MAX_CHARS * 2])[:MAX_CHARS])
    keys: dict[str, float] = {}
    for m in WORD_CHARS.finditer(s):
        run = m.group().translate(DIGITS)
        for i in range(len(run) - 1):
            gram = run[i : i + 2]
            if config.kana_bigrams or not (gram[0] in _HIRAGANA and gram[1] in _HIRAGANA):
                keys[gram] = 1.0
    if config.words:
        for m in ASCII_RUN.finditer(s):
            for word in m.group().split():
                keys[" " + word] = config.word_weight
        for m in ALIAS_RE.finditer(s):
            for key in alias_words(alias_name(m)):
                keys[key] = config.word_weight
    if config.concepts:
        for name in concepts_in(s):
            keys["~" + name] = config.concept_weight
    return keys
