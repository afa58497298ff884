"""What people type is shown as typed on every card: markdown, mention tags, template look-alikes, line breaks and
backslashes in titles, bodies, notes, departments, names and searches are text, never formatting or links."""

import json
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.cards.details_card import details_card
from bot.cards.elements import user_text
from bot.cards.list_card import consultation_list_card
from bot.cards.queue_card import queue_card, results_card
from bot.cards.status_card import status_card
from bot.cards.summary_card import summary_card
from bot.cards.worksheet_card import worksheet_form_card
from bot.domain.consultation import Consultation, Event, EventKind, Note, Outcome, Person, Role, Status, Worksheet
from bot.domain.queue import QueueFilter, Workload
from tests.support.card_samples import SUMMARY
from tests.support.cards import as_shown, visible_text, walk
from tests.support.factories import NOW, a_consultation

MARKDOWN = "**太字** [リンク](http://evil.example) _斜体_ ~~消~~ `code`"
HOSTILE_TEXTS = [
    MARKDOWN,
    "<at>山田 花子</at> さんへ <script>alert(1)</script> &amp; &lt;",
    "${x} {{x}} {{DATE(2017-02-14T06:00:00Z, SHORT)}} \\(^o^)/ \\\\ C:\\temp\\new",
    "1行目\n- 箇条書き\n1. 番号\n# 見出し\n> 引用\n    字下げ\n\n段落",
    "![画像](http://evil.example/x.png) <http://evil.example> | 表 | --- | #タグ",
]


@pytest.mark.parametrize("typed", HOSTILE_TEXTS)
def test_user_text_is_shown_as_typed(typed: str) -> None:
    assert as_shown(user_text(typed)) == typed
    assert as_shown(typed) != typed  # the test model does see the markup in the raw text


def test_text_without_markup_is_left_alone() -> None:
    plain = "押印の見直し（総務課）、年間1,200件。ご相談です！"
    assert user_text(plain) == plain


def hostile_consultation(typed: str) -> Consultation:
    who = Person("aad-x", typed)
    return a_consultation(
        title=typed.replace("\n", " "),
        body=typed,
        department=typed.replace("\n", " "),
        requester=who,
        assignee=who,
        status=Status.DONE,
        closed_at=NOW,
        outcome=Outcome(typed, 2.0, typed, typed, typed),
    )


def shown_lines(card: dict) -> list[str]:
    return visible_text(json.loads(json.dumps(card))).split("\n")


@pytest.mark.parametrize("locale", ["ja", "en"])
def test_the_status_card_shows_every_typed_field_as_typed(locale: str) -> None:
    c = hostile_consultation(MARKDOWN)
    shown = visible_text(status_card(c, locale, notice=f"{MARKDOWN} さんが担当になりました。"))
    # title, body, department, requester, assignee, resolution, artefact (name, environment, owner), notice
    assert shown.count(MARKDOWN) == 10, shown


def test_every_card_shows_typed_text_as_typed() -> None:
    typed = HOSTILE_TEXTS[3]  # line breaks, list markers, headings, indentation
    one_line = typed.replace("\n", " ")
    c = hostile_consultation(typed)
    notes = [Note(c.id, Person("aad-x", one_line), Role.REQUESTER, typed, NOW)]
    events = [Event(c.id, EventKind.ASSIGNED, "aad-x", one_line, NOW, "", one_line)]
    worksheet = Worksheet(as_is=typed, problems=typed)
    details = visible_text(details_card(c, notes, events, worksheet))
    # body, resolution, artefact (name, environment, owner), note, two worksheet fields
    assert details.count(typed) == 8
    assert details.count(one_line) == 2  # title, department
    # people's names are shown on one line with single spaces (bot.domain.people.shown_name): requester, assignee,
    # note author, history (assigned to, by)
    assert details.count(" ".join(one_line.split())) == 5
    for card in (
        consultation_list_card([c], "一覧"),
        queue_card([c], queue_filter=QueueFilter.OPEN, page=1, total=1, workload=[], locale="ja"),
        results_card([c], one_line),
    ):
        assert one_line in visible_text(card)
    queue = queue_card(
        [], queue_filter=QueueFilter.OPEN, page=1, total=0, workload=[Workload("aad-x", one_line, 1)], locale="ja"
    )
    assert f"{' '.join(one_line.split())}: 1" in visible_text(queue)  # a name, on one line
    saved = worksheet_form_card(c, worksheet, notice=one_line)
    assert one_line in visible_text(saved)


def test_the_summary_card_shows_department_names_as_typed() -> None:
    named = "総務課 **(庶務)** [係](http://x)"
    top = [replace(d, name=named) for d in SUMMARY.top_departments]
    summary = replace(SUMMARY, top_departments=top, silent_departments=(named, "市民課"))
    shown = visible_text(summary_card(summary))
    assert f"{named}: " in shown and f"{named}、市民課" in shown


def test_no_card_built_from_hostile_text_has_markup_outside_the_catalogue() -> None:
    """Every TextBlock and fact reads the same before and after markdown, except the bold 「**R8-0001**」 of list
    rows (the bot's own markup)."""
    for typed in HOSTILE_TEXTS:
        c = hostile_consultation(typed)
        later = NOW + timedelta(hours=1)
        cards = [
            status_card(c),
            details_card(c, [Note(c.id, c.requester, Role.REQUESTER, typed, later)], [], Worksheet(as_is=typed)),
            consultation_list_card([c], "一覧"),
            results_card([c], typed),
        ]
        for card in cards:
            for node in walk(card["body"]):
                texts = [node["text"]] if node.get("type") == "TextBlock" else []
                texts += [v for f in node.get("facts", []) for v in (f["title"], f["value"])]
                for text in texts:
                    own = text.replace(f"**{c.number}**", c.number)
                    assert as_shown(own) == _unescaped(own), text


def _unescaped(text: str) -> str:
    """`text` with the escapes resolved and nothing else: what markdown shows when it finds no markup."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and not text[i + 1].isalnum() and text[i + 1].isascii():
            out.append(text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out).replace("  \n", "\n").replace("\u00a0", " ")
