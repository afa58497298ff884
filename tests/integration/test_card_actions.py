"""Card actions through the real aiohttp route: database, events, the invoke body and the in-place update."""

import asyncio

from app import runtime_key
from storage.orm import ConsultationRow, EventRow
from tests.support import activities as a
from tests.support.cards import action_titles, visible_text
from tests.support.conversation import click, new_consultation, rows
from tests.support.harness import both_hosts

CARD = "application/vnd.microsoft.card.adaptive"


@both_hosts
async def test_in_progress_updates_db_event_invoke_body_and_original_message(harness) -> None:
    cid, card_id = await new_consultation(harness)
    status, body = await click(harness, "consultation.start", {"consultation_id": cid}, card_id)
    assert status == 200
    assert body["statusCode"] == 200 and body["type"] == CARD
    shown = visible_text(body["value"])
    assert "状況: 対応中" in shown and "担当者: 佐藤 一郎" in shown
    [row] = await rows(harness, ConsultationRow)
    assert (row.status, row.assignee_id, row.version) == ("in_progress", "aad-support", 2)
    kinds = [(e.kind, e.from_value, e.to_value, e.actor_id) for e in await rows(harness, EventRow)]
    assert kinds[1:] == [
        ("assigned", "", "aad-support", "aad-support"),
        ("status_changed", "received", "in_progress", "aad-support"),
    ]
    await harness.connector.wait_for(lambda: harness.connector.updated)
    [update] = harness.connector.updated
    assert update.activity_id == card_id
    assert "状況: 対応中" in visible_text(update.cards[0])


@both_hosts
async def test_each_working_button(harness) -> None:
    cid, card_id = await new_consultation(harness)
    data = {"consultation_id": cid}
    _, body = await click(harness, "consultation.assign_self", data, card_id)
    assert "担当決定" in visible_text(body["value"])
    _, body = await click(harness, "consultation.hold", data, card_id)
    assert "状況: 保留" in visible_text(body["value"])
    _, body = await click(harness, "consultation.reclassify", data, card_id)
    assert "アプリ・自動化（手動設定）" in visible_text(body["value"])
    _, body = await click(harness, "consultation.close", {**data, "resolution": "押印欄を削除しました"}, card_id)
    assert "状況: 完了" in visible_text(body["value"])
    assert action_titles(body["value"]) == ["再開", "区分変更", "横展開候補にする", "詳細"]
    [row] = await rows(harness, ConsultationRow)
    assert (row.status, row.category, row.category_source) == ("done", "app", "manual") and row.closed_at


@both_hosts
async def test_a_completed_consultation_becomes_a_reusable_solution(harness) -> None:
    """横展開候補にする on the closed card: the line is stored, the card shows it, and 事例集 lists it."""
    cid, card_id = await new_consultation(harness)
    data = {"consultation_id": cid}
    await click(harness, "consultation.close", {**data, "resolution": "押印欄を削除しました"}, card_id)
    line = "押印欄を削除した様式は他課の申請にもそのまま使える"
    status, body = await click(harness, "consultation.mark_reuse", {**data, "reuse_note": line}, card_id)

    assert status == 200 and f"横展開候補: {line}" in visible_text(body["value"])
    assert action_titles(body["value"]) == ["再開", "区分変更", "横展開候補", "詳細"]
    [row] = await rows(harness, ConsultationRow)
    assert (row.reuse_note, row.reuse_marked_by) == (line, "aad-support") and row.reuse_marked_at is not None
    async with harness.app[runtime_key].deps.uow() as u:
        [entry] = await u.catalogue.entries()
    assert (entry.consultation_id, entry.note, entry.resolution) == (cid, line, "押印欄を削除しました")


@both_hosts
async def test_outdated_card_action_is_refused_with_current_state(harness) -> None:
    cid, card_id = await new_consultation(harness)
    data = {"consultation_id": cid}
    await click(harness, "consultation.close", {**data, "resolution": "解決"}, card_id)
    status, body = await click(harness, "consultation.hold", data, card_id)  # a stale card still shows 保留
    assert status == 200
    shown = visible_text(body["value"])
    assert "「完了」の相談を「保留」にはできません" in shown and "状況: 完了" in shown
    [row] = await rows(harness, ConsultationRow)
    assert row.status == "done"


async def test_concurrent_actions_lose_no_update(harness) -> None:
    cid, card_id = await new_consultation(harness)
    data = {"consultation_id": cid}
    results = await asyncio.gather(
        click(harness, "consultation.reclassify", data, card_id),
        click(harness, "consultation.start", data, card_id),
    )
    assert all(status == 200 for status, _ in results)
    [row] = await rows(harness, ConsultationRow)
    assert (row.status, row.category, row.version) == ("in_progress", "app", 3)
    kinds = sorted(e.kind for e in await rows(harness, EventRow))
    assert kinds == ["assigned", "created", "reclassified", "status_changed"]


@both_hosts
async def test_non_support_member_is_refused_and_nothing_changes(harness) -> None:
    cid, card_id = await new_consultation(harness)
    status, body = await click(harness, "consultation.start", {"consultation_id": cid}, card_id, sender=a.OUTSIDER)
    assert status == 200
    assert "支援チームのメンバーのみ" in visible_text(body["value"])
    [row] = await rows(harness, ConsultationRow)
    assert (row.status, row.version) == ("received", 1)
    assert len(await rows(harness, EventRow)) == 1


async def test_english_locale_gets_english_card(harness) -> None:
    cid, card_id = await new_consultation(harness)
    _, body = await click(harness, "consultation.start", {"consultation_id": cid}, card_id, locale="en-US")
    assert "Status: In progress" in visible_text(body["value"])


async def test_unknown_consultation_gets_polite_message(harness) -> None:
    status, body = await click(harness, "consultation.start", {"consultation_id": 999}, "x")
    assert status == 200 and "該当する相談が見つかりません" in visible_text(body["value"])


@both_hosts
async def test_malformed_invokes_get_400_and_write_nothing(harness) -> None:
    cid, card_id = await new_consultation(harness)
    bad = [
        ("consultation.nope", {"consultation_id": cid}),
        ("consultation.start", {}),
        ("consultation.start", {"consultation_id": "DROP TABLE"}),
        ("consultation.start", "not an object"),
        (None, {"consultation_id": cid}),
    ]
    for verb, data in bad:
        status, body = await click(harness, verb, data, card_id)
        assert status == 400, (verb, data, body)
        assert body["type"] == "application/vnd.microsoft.error"
    broken = a.card_invoke(harness.service_url, "consultation.start", {"consultation_id": cid}, reply_to_id=card_id)
    broken["value"] = {"action": {"type": "Action.Submit"}}
    assert (await harness.post(broken)).status == 400
    broken["value"] = None
    response = await harness.post(broken)
    assert response.status == 400
    [row] = await rows(harness, ConsultationRow)
    assert (row.status, row.version) == ("received", 1)


@both_hosts
async def test_malformed_http_requests(harness) -> None:
    response = await harness.client.post(
        "/api/messages", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status == 400
    response = await harness.client.post("/api/messages", data="hello", headers={"Content-Type": "text/plain"})
    assert response.status == 415
    response = await harness.client.post("/api/messages", json={"text": "no type"})
    assert response.status == 400
    assert await rows(harness, ConsultationRow) == []


@both_hosts
async def test_healthz_reports_version_and_database(harness) -> None:
    response = await harness.client.get("/healthz")
    assert response.status == 200
    body = await response.json()
    assert body["database"] == "ok" and body["version"] and body["host"] == harness.host
    assert harness.app[runtime_key].deps is not None


async def test_a_redelivered_card_action_changes_nothing_twice(harness) -> None:
    cid, card_id = await new_consultation(harness)
    activity = a.card_invoke(harness.service_url, "consultation.reclassify", {"consultation_id": cid}, reply_to_id=card_id)
    first = await (await harness.post(activity)).json()
    again = await (await harness.post(activity)).json()  # Teams retried the same delivery: still アプリ, not back to BPR
    assert "区分: アプリ・自動化" in visible_text(first["value"]) and "区分: アプリ・自動化" in visible_text(again["value"])
    [row] = await rows(harness, ConsultationRow)
    assert (row.category, row.version) == ("app", 2)
    assert [e.kind for e in await rows(harness, EventRow)].count("reclassified") == 1
