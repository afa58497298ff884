"""Talking to the app under test through a `Harness` (tests/support/harness.py), as Teams would: send a message and
wait for the bot's answer, click a card button, and read what the database holds afterwards."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import runtime_key
from storage.orm import ConsultationRow
from tests.support import activities as a
from tests.support.factories import CLEAR_BPR
from tests.support.harness import Harness


async def rows(harness: Harness, model: Any) -> list:
    """Every row of `model`'s table, in primary key order."""
    async with AsyncSession(harness.app[runtime_key].engine) as s:  # type: ignore[arg-type]
        return list((await s.execute(select(model).order_by(*model.__table__.primary_key.columns))).scalars())


async def remember_department(harness: Harness, person_id: str, department: str) -> None:
    """As if `person_id` had answered the 所属 question before: intake then asks nothing."""
    deps = harness.app[runtime_key].deps
    async with deps.uow() as uow:
        await uow.profiles.remember_department(person_id, department, deps.clock.now())


async def say(harness: Harness, text: str, **kw: Any) -> None:
    """Post a message (a.message keywords: sender, conversation, locale) and wait until the bot has sent something."""
    before = len(harness.connector.sent)
    response = await harness.post(a.message(harness.service_url, text, **kw))
    assert response.status == harness.accepted, await response.text()
    await harness.connector.wait_for(lambda: len(harness.connector.sent) > before)


async def new_consultation(harness: Harness) -> tuple[int, str]:
    """A received 業務改善 consultation of the requester (総務課): its id and the activity id of its status card."""
    await remember_department(harness, "aad-requester", "総務課")
    await say(harness, CLEAR_BPR)
    [row] = await rows(harness, ConsultationRow)
    return row.id, row.card_activity_id


async def click(
    harness: Harness,
    verb: str | None,
    data: Any,
    card_id: str,
    sender: dict = a.SUPPORT,
    locale: str = "ja-JP",
    conversation: dict | None = None,
) -> tuple[int, Any]:
    """Press a card's Action.Execute button: the HTTP status and the invoke response body."""
    activity = a.card_invoke(
        harness.service_url, verb, data, reply_to_id=card_id, sender=sender, locale=locale, conversation=conversation
    )
    response = await harness.post(activity)
    return response.status, await response.json()
