"""What a department answer (所属) may be: a short name shaped like a department's, not a sentence; and what looks
like another consultation instead (people answer the 所属 question with their next request)."""

import re
import unicodedata

from bot.domain.intake import MIN_DETAIL_CHARS, clean_line, meaningful_length

DEPARTMENT_NAME_CHARS = 30  # "健康福祉部高齢者支援課地域包括ケア推進係" is 20
LONG_ANSWER_CHARS = 30  # an answer with more letters than any department name is a request, whatever its shape
# The last word of a department's name (Japanese city halls), and of an English one.
SUFFIXES = (
    "課", "係", "室", "部", "局", "所", "署", "館", "センター", "事務所", "委員会", "班", "担当", "グループ",
    "チーム", "庁", "院", "園", "場", "会", "団", "隊", "区", "本部", "事務局", "支所", "出張所", "公民館",
)  # fmt: skip
ENGLISH_SUFFIXES = (
    "division", "department", "dept", "dept.", "section", "office", "bureau", "center", "centre", "unit", "team",
    "group", "branch", "agency", "board", "committee",
)  # fmt: skip
SENTENCE_PUNCTUATION = re.compile(r"[。、，,！？!?「」『』…：:；;]")
_TRAILING_NOTE = re.compile(r"\s*[（(][^（()）]*[)）]$")  # 市民課（窓口） -> 市民課 for the suffix check
_POLITE = re.compile(  # 「所属は市民課です。」 -> 市民課
    r"^(?:所属は|所属\s*[:：]\s*|部署は)?\s*(.*?)\s*(?:です|でございます|になります|の所属です)?[。．.]?$"
)
_REQUEST_CUES = re.compile(r"たい|ください|下さい|ほしい|欲しい|困っ|困り|できな|できませ|教えて|相談|について|[?？]")


def normalised(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def department_candidate(answer: str) -> str:
    """The answer as a department name: one line, trimmed, without 「所属は」 or a closing 「です。」."""
    line = clean_line(answer, DEPARTMENT_NAME_CHARS * 4)
    match = _POLITE.fullmatch(line)
    return (match.group(1) if match else line).strip()


def plausible_department(name: str) -> bool:
    """Short and not a sentence: worth keeping (also said of names remembered before answers were checked)."""
    text = normalised(name).strip()
    return 0 < len(text) <= DEPARTMENT_NAME_CHARS and not SENTENCE_PUNCTUATION.search(text)


def shaped_like_department(name: str) -> bool:
    """Plausible, and ends like a department's name (課, 係, 室, 部, 局, 所, センター, 館 …; Division, Office …)."""
    if not plausible_department(name):
        return False
    text = _TRAILING_NOTE.sub("", normalised(name).strip())
    return text.endswith(SUFFIXES) or text.casefold().endswith(ENGLISH_SUFFIXES)


def looks_like_consultation(answer: str) -> bool:
    """Long, or long enough and phrased as a request: a new consultation sent where a department was asked for."""
    letters = meaningful_length(answer)
    if letters > LONG_ANSWER_CHARS:
        return True
    return letters >= MIN_DETAIL_CHARS and bool(_REQUEST_CUES.search(normalised(answer)))
