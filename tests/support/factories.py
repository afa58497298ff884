"""Domain objects for tests: people, actors and consultations with readable defaults, and sample consultation texts.

Every factory takes keyword overrides, so a test names only what it is about:
`a_consultation(status=Status.DONE, closed_at=NOW)`, `an_actor(SUPPORT, is_support=True)`.
"""

from typing import Any

from bot.domain.category import Category
from bot.domain.consultation import CategorySource, Consultation, Person, Status
from bot.turn import Actor
from tests.support.clocks import DEFAULT_NOW

NOW = DEFAULT_NOW  # Saturday 2026-11-28 10:00 JST, fiscal year 令和8 (R8)

# The people of the suite (the same ids as the Teams users in tests/support/activities.py).
REQUESTER = Person("aad-requester", "山田 花子")
SUPPORT = Person("aad-support", "佐藤 一郎")
OTHER = Person("aad-other", "田中 三郎")

# Requests the classifier files without asking for details: a 業務改善 (BPR) one and an アプリ (app) one.
CLEAR_BPR = "申請書の押印を廃止して、決裁ルートを見直したいです。紙の申請が月200件あり、窓口で毎日確認しています。"
CLEAR_APP = "Power Automateのフローで、Formsの回答をSharePointリストに自動で登録したいです。作り方を教えてください。"


def a_person(person_id: str = "aad-person", name: str = "職員 一", teams_id: str = "") -> Person:
    return Person(person_id, name, teams_id)


def an_actor(person: Person = REQUESTER, *, locale: str = "ja", is_support: bool = False) -> Actor:
    """Who acts in a turn; `is_support` is what the roster would have said."""
    return Actor(person, locale, is_support)


def a_consultation(**overrides: Any) -> Consultation:
    """R8-0001, a received 業務改善 consultation of 山田 花子 (総務課), created at NOW; `overrides` replace fields."""
    values: dict[str, Any] = dict(
        id=1,
        number="R8-0001",
        fiscal_year=2026,
        seq=1,
        title="押印の見直し",
        body="押印を廃止したい",
        category=Category.BPR,
        confidence=0.8,
        category_source=CategorySource.AUTO,
        status=Status.RECEIVED,
        requester=REQUESTER,
        department="総務課",
        created_at=NOW,
        updated_at=NOW,
    )
    values.update(overrides)
    return Consultation(**values)
