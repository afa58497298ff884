"""Filler: the words around a request that carry none of it — 「相談です」, 「お疲れ様です」, 「すみません」,
「お世話になっております」, 「市民課の佐藤です」, 「よろしくお願いします」.

A *filler segment* is a piece of text between separators (sentence ends, commas, colons, brackets, line breaks,
spaces) that consists only of such phrases.  Filler is not content: a consultation's title skips it, it does not
count towards the details a request needs, and the classifier does not read it (so it is never shown as a reason).
The body is kept as the person wrote it.

The same patterns match the raw text and the classifier's prepared text (NFKC, lower case): they are written in
kana and kanji, English is matched without regard to case, and full- and half-width separators are both listed.
"""

import re

_PUNCTUATION = "。．.！!？?、，,：:；;…・【】「」『』（）()[]<>＜＞〈〉《》―〜~"
SEPARATOR = "[" + re.escape(_PUNCTUATION) + r"\s]"

_WORD = r"(?:(?![がをはにでもと])\w)"  # a letter of a department's name: no particle, no punctuation
_NAME = r"[\u4e00-\u9fff々\u30a1-\u30fa\u30fca-zA-Z]"  # a person's name: kanji, katakana or Latin letters

# Each entry is one phrase (a regular expression without separators inside, except English spaces).
_PHRASES: tuple[str, ...] = (
    # "a consultation / a question": the request itself has not been said yet
    r"(?:ご|御)?(?:相談|質問|問い合わせ|問合せ|お問い合わせ)"
    r"(?:です|になります|があります|がございます|があるのですが|があるんですが|したいことがあります"
    r"|させてください|させて下さい|させていただきたいです|させていただけますか|したいです|したいのですが"
    r"|したいんですが|なのですが|なんですが|ですが|です(?:けど|けれど|けれども)|お願いします)?",
    # greetings
    r"お(?:疲|つか)れ(?:様|さま)(?:です|でございます)",
    r"お疲れです",
    r"(?:いつも|大変)?お世話(?:に|様)?(?:なっております|なっています|になります|なります|です)",
    r"こんにちは|こんばんは|おはようございます|はじめまして|初めまして",
    # apologies and openers of a favour
    r"(?:お忙しいところ|突然|度々|たびたび|朝から|夜分)?"
    r"(?:すみません|すいません|申し訳(?:ありません|ございません)|恐れ入ります|失礼(?:します|いたします|致します)"
    r"|恐縮です)(?:が|けど)?",
    # sign-offs
    r"(?:どうぞ|何卒|なにとぞ)?よろしく(?:お願い(?:します|いたします|致します|申し上げます|できますか))?",
    r"お願い(?:します|いたします|致します)",
    # self-introduction: a department and a short name (「市民課の佐藤です」「情報政策課 田中と申します」)
    rf"(?:私は)?{_WORD}{{1,15}}(?:課|係|室|局|部|所|センター|館|園|担当)(?:の|\s)*{_NAME}{{1,8}}"
    r"(?:です|と申します|でございます)",
    rf"{_NAME}{{1,8}}と申します",
    # English
    r"hello|hi|hey|good (?:morning|afternoon|evening)|thanks|thank you|sorry to bother you",
)
_PHRASE = "(?:" + "|".join(_PHRASES) + ")"
# A run of filler phrases that fills a whole segment: it starts the text or follows a separator, and it ends the
# text or is followed by one.  Group 1 is the filler; the match also takes an opening bracket before it and the
# separators after it.
_SEGMENT = re.compile(
    rf"(?:^|(?<={SEPARATOR}))[【\[（(「『]?({_PHRASE}(?:[ \t\u3000]*{_PHRASE})*)(?={SEPARATOR}|$)({SEPARATOR}*)",
    re.IGNORECASE,
)


def filler_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each filler segment of `text` (the filler only, without the separators around it)."""
    return [m.span(1) for m in _SEGMENT.finditer(text)]


def mask_filler(text: str) -> str:
    """`text` with every filler segment replaced by spaces of the same length (positions stay aligned)."""
    spans = filler_spans(text)
    if not spans:
        return text
    parts, at = [], 0
    for a, b in spans:
        parts += [text[at:a], " " * (b - a)]
        at = b
    parts.append(text[at:])
    return "".join(parts)


def without_filler(text: str) -> str:
    """`text` without its filler segments and the separators that follow them, trimmed."""
    return _SEGMENT.sub("", text).strip()
