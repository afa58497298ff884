"""What a turn costs the database, through the real app on both hosts: a channel post that @mentions the bot starts
its own thread, so no conversation can be open in it yet — its intake reads no dialog state and writes none, and its
conversation reference is one upsert; an answer inside a thread still reads the state (a question may be open).
An intake is one transaction (the reference, the sender's name, the department, the consultation) and, after the
send, the card's place; a 1:1 intake reads the dialog state first."""

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


@contextmanager
def units_of_work(harness: Harness) -> Iterator[list[list[str]]]:
    """The statements the app runs inside the block, one list per connection taken from the pool (a unit of work)."""
    units: list[list[str]] = []
    engine = harness.app[runtime_key].engine.sync_engine

    def checkout(*args: object) -> None:
        units.append([])

    def record(conn, cursor, statement, *rest) -> None:  # type: ignore[no-untyped-def]
        if not statement.startswith("BEGIN"):
            units[-1].append(" ".join(statement.split()))

    event.listen(engine.pool, "checkout", checkout)
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield units
    finally:
        event.remove(engine, "before_cursor_execute", record)
        event.remove(engine.pool, "checkout", checkout)


def tables_written(unit: list[str]) -> list[str]:
    """`INSERT people`, `SELECT profiles`, … : what each statement of a unit of work did to which table."""
    shown = []
    for statement in unit:
        verb = statement.split()[0]
        table = statement.split(" INTO ")[1] if verb == "INSERT" else statement.split(" FROM ")[-1]
        table = statement.split()[1] if verb == "UPDATE" else table
        shown.append(f"{verb} {table.split()[0]}")
    return shown


NEWCOMER = {"id": "29:newcomer", "name": "新井 一", "aadObjectId": "aad-newcomer"}


async def after_a_first_intake(harness: Harness) -> None:
    """The process has answered once: it knows the support team and their names (read once a minute, not a turn)."""
    await remember_department(harness, "aad-requester", "総務課")
    await remember_department(harness, NEWCOMER["aadObjectId"], "総務課")
    await harness.post(a.channel_mention(harness.service_url, CLEAR_BPR, post_id="1700000000600"))
    await harness.connector.wait_for(lambda: len(harness.connector.sent) == 1)


@both_hosts
async def test_a_channel_intake_is_one_transaction_and_then_the_cards_place(harness: Harness) -> None:
    """A first post from someone the bot has not seen: their name, the thread's reference, their department and the
    consultation in one unit of work; the card's place (known once it is posted) in a second."""
    await after_a_first_intake(harness)
    with units_of_work(harness) as units:
        post = a.channel_mention(harness.service_url, CLEAR_BPR, post_id="1700000000601", sender=NEWCOMER)
        assert (await harness.post(post)).status == harness.accepted
        await harness.connector.wait_for(lambda: len(harness.connector.sent) == 2)
        await harness.connector.wait_for(lambda: any("card_activity_id" in s for u in units for s in u), timeout=5)

    assert [tables_written(unit) for unit in units] == [
        [
            "INSERT conversation_refs",
            "INSERT people",
            "SELECT profiles",
            "UPDATE number_sequences",
            "INSERT consultations",
            "INSERT consultation_events",
        ],
        ["UPDATE consultations"],
    ]
    newest = (await rows(harness, ConsultationRow))[-1]
    assert newest.department == "総務課" and newest.requester_name == "新井 一"


@both_hosts
async def test_a_1to1_intake_reads_the_dialog_state_then_writes_once(harness: Harness) -> None:
    """A question may be open in a 1:1 chat, so its state is read first (the reference and the name ride with that
    read); then the consultation's transaction, then the card's place."""
    await after_a_first_intake(harness)
    with units_of_work(harness) as units:
        message = a.message(harness.service_url, CLEAR_BPR, sender=NEWCOMER, conversation=a.personal("a:newcomer"))
        assert (await harness.post(message)).status == harness.accepted
        await harness.connector.wait_for(lambda: len(harness.connector.sent) == 2)
        await harness.connector.wait_for(lambda: any("card_activity_id" in s for u in units for s in u), timeout=5)

    assert [tables_written(unit) for unit in units] == [
        ["INSERT conversation_refs", "INSERT people", "SELECT bot_state"],
        ["SELECT profiles", "UPDATE number_sequences", "INSERT consultations", "INSERT consultation_events"],
        ["UPDATE consultations"],
    ]


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
