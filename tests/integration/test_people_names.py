"""People's names through the real app over loopback HTTP (issue 12): the sender's name is stored from every turn
(written only when it changes), and cards, lists, search results and the history show people by that name, never by
id, also when the support team is configured by Entra object id only."""

from aiohttp.test_utils import TestClient, TestServer

from app import create_app
from storage.orm import ConsultationRow, PersonRow
from tests.support.cards import visible_text, walk
from tests.support.conversation import click, remember_department, rows, say
from tests.support.factories import CLEAR_BPR
from tests.support.harness import Harness, both_hosts, make_settings
from tests.support.people import guid, ids_shown

STAFF_ID = guid(21)
STAFF = {"id": "29:1sato-teams-id", "name": "佐藤 一郎", "aadObjectId": STAFF_ID}  # configured by id only


async def app_with_staff_by_id(harness: Harness, database_url: str) -> TestClient:
    """The app with the support team configured by Entra object id only (SUPPORT_TEAM_IDS), as in the emulator."""
    settings = make_settings(database_url, harness.host, support_team_ids=(STAFF_ID,))
    client = TestClient(TestServer(create_app(settings, clock=harness.clock), host="127.0.0.1"))
    await client.start_server()
    await harness.client.close()
    harness.client, harness.app = client, client.app
    return client


@both_hosts
async def test_people_are_shown_by_their_teams_names_never_by_id(harness, database_url) -> None:
    client = await app_with_staff_by_id(harness, database_url)
    try:
        await remember_department(harness, "aad-requester", "総務課")
        await say(harness, CLEAR_BPR)  # 山田 花子's consultation
        [row] = await rows(harness, ConsultationRow)
        await say(harness, f"状況 {row.number}", sender=STAFF)  # 佐藤 一郎 writes to the bot: his name is stored
        card = harness.connector.cards_sent()[-1]
        [picker] = [n for n in walk(card) if n.get("id") == "assignee"]
        assert [(c["title"], c["value"]) for c in picker["choices"]] == [("佐藤 一郎", STAFF_ID)]

        status, body = await click(
            harness,
            "consultation.assign",
            {"consultation_id": row.id, "assignee": STAFF_ID},
            row.card_activity_id,
            sender=STAFF,
        )
        assert status == 200 and "担当者: 佐藤 一郎" in visible_text(body["value"])
        await say(harness, "一覧", sender=STAFF)
        queue = harness.connector.cards_sent()[-1]
        await say(harness, "検索 押印", sender=STAFF)
        found = harness.connector.cards_sent()[-1]
        await say(harness, f"詳細 {row.number}", sender=STAFF)
        details = harness.connector.cards_sent()[-1]
        assert "佐藤 一郎: 1" in visible_text(queue) and "佐藤 一郎" in visible_text(found)
        assert "担当 → 佐藤 一郎（佐藤 一郎）" in visible_text(details)
        assert ids_shown(card, body["value"], queue, found, details) == []

        renamed = {**STAFF, "name": "佐藤 一郎（DX推進課）"}
        await say(harness, f"状況 {row.number}", sender=renamed)  # Teams now gives another name
        assert "担当者: 佐藤 一郎（DX推進課）" in visible_text(harness.connector.cards_sent()[-1])
    finally:
        await client.close()


async def test_an_unchanged_name_is_not_written_again(harness) -> None:
    await say(harness, "ヘルプ")
    first = [(p.display_name, p.updated_at) for p in await rows(harness, PersonRow)]
    for _ in range(3):
        await say(harness, "ヘルプ")
    people = await rows(harness, PersonRow)
    assert [(p.person_id, p.teams_id, p.display_name) for p in people] == [
        ("aad-requester", "29:requester", "山田 花子")
    ]
    assert [(p.display_name, p.updated_at) for p in people] == first  # the clock ticks: a write would show
