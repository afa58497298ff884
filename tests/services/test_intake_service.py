"""Creating a consultation: the classifier runs before the transaction that takes the fiscal-year number."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from bot.domain.category import Category
from bot.domain.consultation import Person, Place
from bot.domain.intake import Draft
from bot.services.intake import create_consultation
from tests.support.clocks import DEFAULT_NOW, JST


@dataclass(frozen=True)
class Verdict:
    label: Category = Category.BPR
    confidence: float = 0.9
    needs_triage: bool = False
    tags: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


class TransactionSpy:
    """A unit-of-work factory that counts the units of work open at any moment."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.open, self.entered = inner, 0, 0

    def __call__(self, **kwargs: Any) -> Any:
        @asynccontextmanager
        async def unit() -> AsyncIterator[Any]:
            self.open += 1
            self.entered += 1
            try:
                async with self.inner(**kwargs) as u:
                    yield u
            finally:
                self.open -= 1

        return unit()


async def test_classified_before_the_number_is_taken(uow) -> None:  # type: ignore[no-untyped-def]
    spy = TransactionSpy(uow)
    open_while_classifying: list[int] = []

    def classify(text: str) -> Verdict:
        open_while_classifying.append(spy.open)
        return Verdict()

    draft = Draft(body="申請書の押印を廃止して、決裁ルートを見直したいです。", department="総務課", place=Place())
    created, new = await create_consultation(
        spy, draft, Person("aad-1", "山田 花子"), classify=classify, now=DEFAULT_NOW, tz=JST
    )
    assert new and created.number == "R8-0001" and created.category is Category.BPR
    assert open_while_classifying == [0]  # no unit of work (so no lock on the counter row) while the model ran
    assert spy.entered == 1
