"""詳細 shows the whole request and every note, never cut; a record too big for one Teams message comes in parts that
say so and link to each other."""

import json
import re

from bot.cards.details_card import details_card
from bot.cards.elements import MAX_CARD_BYTES, split_text, utf16_size
from bot.cards.verbs import Verb
from bot.domain.consultation import Note, Role
from tests.support.cards import as_shown, walk
from tests.support.factories import NOW, REQUESTER, a_consultation

SENTENCE = "窓口で受け付けた申請書を、毎日手作業で台帳に転記しています（1件あたり約5分）。"


def a_long_request(chars: int) -> str:
    """A request of `chars` characters in paragraphs, each sentence numbered so that nothing can go missing."""
    lines, n = [], 0
    while sum(map(len, lines)) + len(lines) < chars:
        n += 1
        lines.append(f"{n}. {SENTENCE}" * 3)
    return "\n".join(lines)[:chars]


def shown_texts(card: dict) -> list[str]:
    return [as_shown(n["text"]) for n in walk(card["body"]) if n.get("type") == "TextBlock"]


def shown_body(card: dict, heading: str = "内容") -> str:
    """The request as the card shows it: the TextBlocks after `heading` up to the next section or the end of the part."""
    texts = shown_texts(card)
    start = texts.index(heading) + 1
    ends = ("やり取り", "As-Is/To-Be ワークシート")
    end = next(i for i in range(start, len(texts)) if texts[i] in ends or texts[i].startswith("記録が長いため"))
    return "\n".join(texts[start:end])


def test_a_5000_character_request_is_shown_in_full_on_one_card() -> None:
    body = a_long_request(5000)
    card = details_card(a_consultation(body=body), [], [], None)
    assert shown_body(card) == body
    assert "…" not in "".join(shown_texts(card))
    assert utf16_size(card) < MAX_CARD_BYTES
    assert [a["title"] for a in card["actions"]] == ["戻る"]  # one part: no continuation


def test_long_notes_are_shown_in_full() -> None:
    note = a_long_request(4000)  # the longest note the bot stores
    c = a_consultation()
    card = details_card(c, [Note(c.id, REQUESTER, Role.REQUESTER, note, NOW)], [], None)
    texts = shown_texts(card)
    start = next(i for i, text in enumerate(texts) if text.startswith("山田 花子（依頼者）")) + 1
    assert "\n".join(texts[start : texts.index("履歴")]) == note


def test_a_request_too_big_for_one_message_comes_in_parts_that_say_so() -> None:
    body = a_long_request(60_000)  # e.g. imported from CSV, where no length limit applies
    c = a_consultation(body=body)
    first = details_card(c, [], [], None)
    count = int(re.search(r"（1/(\d+)）", as_shown(first["body"][0]["text"])).group(1))
    assert count >= 2
    shown, pieces = [], []
    for part in range(1, count + 1):
        card = details_card(c, [], [], None, part=part)
        assert utf16_size(card) < MAX_CARD_BYTES
        texts = shown_texts(card)
        assert texts[0] == f"相談 R8-0001 の詳細（{part}/{count}）"
        assert f"記録が長いため、{count}回に分けて表示しています（{part}/{count}）。" in texts
        buttons = {a["title"]: a for a in card["actions"]}
        assert ("続きを表示" in buttons) == (part < count) and ("前の部分" in buttons) == (part > 1)
        if part < count:
            assert buttons["続きを表示"]["verb"] == Verb.DETAILS
            assert buttons["続きを表示"]["data"] == {"consultation_id": c.id, "part": part + 1}
        heading = "内容" if part == 1 else "内容（続き）"
        pieces.append(shown_body(card, heading))
        shown.append(card)
    assert "\n".join(pieces) == body  # every character, in order
    assert json.loads(json.dumps(shown)) == shown


def test_parts_out_of_range_show_the_nearest_part() -> None:
    c = a_consultation(body=a_long_request(60_000))
    assert details_card(c, [], [], None, part=0) == details_card(c, [], [], None, part=1)
    last = details_card(c, [], [], None, part=10**6)
    assert "続きを表示" not in [a["title"] for a in last["actions"]]


def test_long_text_is_split_at_line_ends_and_never_inside_an_emoji() -> None:
    family = "👨\u200d👩\u200d👧"
    text = "あ" * 997 + family + "い" * 10
    pieces = split_text(text, 1000)
    assert "".join(pieces) == text and all(len(p) <= 1000 for p in pieces)
    assert pieces[0] == "あ" * 997 and pieces[1].startswith(family)
    lines = "\n".join(["う" * 600, "え" * 600])
    assert split_text(lines, 1000) == ["う" * 600, "え" * 600]
