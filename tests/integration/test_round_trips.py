"""What a turn costs the database, through the real app on both hosts: a channel post that @mentions the bot starts
its own thread, so no conversation can be open in it yet — its intake reads no dialog state and writes none, and its
conversation reference is one upsert; an answer inside a thread still reads the state (a question may be open)."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from app import runtime_key
from storage.orm import ConsultationRow
from tests.support import activities as a
from tests.support.conversation import remember_department, rows
from tests.support.factories import CLEAR_BPR
from tests.support.harness import Harness, both_hosts

pytestmark = pytest.mark.lean_matrix  # the Agents SDK × PostgreSQL pair is left out (tests/conftest.py)


@contextmanager
def statements_of(harness: Harness) -> Iterator[list[str]]:
    """The SQL statements the app runs inside the block (BEGIN and savepoints included)."""
    seen: list[str] = []
    engine = harness.app[runtime_key].engine.sync_engine

    def record(conn, cursor, statement, *rest) -> None:  # type: ignore[no-untyped-def]
        seen.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


@both_hosts
async def test_a_new_channel_post_reads_and_writes_no_dialog_state(harness: Harness) -> None:
    await remember_department(harness, "aad-requester", "総務課")
    with statements_of(harness) as seen:
        response = await harness.post(a.channel_mention(harness.service_url, CLEAR_BPR, post_id="1700000000777"))
        assert response.status == harness.accepted
        await harness.connector.wait_for(lambda: bool(harness.connector.sent))
        await harness.connector.wait_for(lambda: any("card_activity_id" in s for s in seen), timeout=5)

    [row] = await rows(harness, ConsultationRow)
    assert row.thread_id == "1700000000777"
    assert not [s for s in seen if "bot_state" in s]  # neither read nor written
    references = [s for s in seen if "conversation_refs" in s]
    assert len(references) == 1 and references[0].startswith("INSERT") and "ON CONFLICT" in references[0]


@both_hosts
async def test_a_message_inside_a_thread_still_reads_the_dialog_state(harness: Harness) -> None:
    """Only the post that starts a thread is known to have no open question: a reply in the thread may answer one."""
    await remember_department(harness, "aad-requester", "総務課")
    reply = a.channel_mention(harness.service_url, "相談です", post_id="1700000000888")
    reply["id"] = "1700000000999"  # a reply inside the thread of post 1700000000888
    with statements_of(harness) as seen:
        response = await harness.post(reply)
        assert response.status == harness.accepted
        await harness.connector.wait_for(lambda: bool(harness.connector.sent))
    reads = [s for s in seen if "bot_state" in s and s.startswith("SELECT")]
    assert len(reads) == 1  # read once, though botbuilder's BotState asks again while a state is empty
    assert [s for s in seen if "bot_state" in s and s.startswith("INSERT")]  # the question it opened is kept


@both_hosts
async def test_a_channel_intake_after_the_first_reads_no_names_and_no_similar_cases(harness: Harness) -> None:
    """The channel card names the whole support team and shows 類似の相談: the names come from the process's
    NameCache and the similar cases from its library, which already holds what this instance wrote; so the second
    intake's statements are the reference, the department, the consultation's own transaction and the card's place."""
    await remember_department(harness, "aad-requester", "総務課")
    await harness.post(a.channel_mention(harness.service_url, CLEAR_BPR, post_id="1700000000701"))
    await harness.connector.wait_for(lambda: len(harness.connector.sent) == 1)
    with statements_of(harness) as seen:
        second = a.channel_mention(harness.service_url, CLEAR_BPR + "（2件目）", post_id="1700000000702")
        assert (await harness.post(second)).status == harness.accepted
        await harness.connector.wait_for(lambda: len(harness.connector.sent) == 2)
        await harness.connector.wait_for(lambda: any("card_activity_id" in s for s in seen), timeout=5)

    assert not [s for s in seen if "FROM people" in s]
    assert not [s for s in seen if s.startswith("SELECT consultations.")]  # no similar-case refresh, no re-read
    assert len(await rows(harness, ConsultationRow)) == 2
