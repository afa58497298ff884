"""The support team's day through the real app: per-role views, assignment, closing, withdrawal, notifications,
notes from the thread, details, queue and search, the worksheet, and channel setup."""

from app import runtime_key
from bot.domain.consultation import Person
from storage.orm import ConsultationRow, EventRow, NoteRow, WorksheetRow
from tests.support import activities as a
from tests.support.cards import action_titles, visible_text
from tests.support.conversation import click, new_consultation, remember_department, rows, say
from tests.support.factories import CLEAR_APP, CLEAR_BPR
from tests.support.harness import both_hosts

MEMBER = Person("aad-member", "田中 三郎", "29:member")


async def add_member(harness, person: Person = MEMBER) -> None:  # type: ignore[no-untyped-def]
    deps = harness.app[runtime_key].deps
    async with deps.uow() as uow:
        await uow.support_members.upsert(person, "roster", deps.clock.now())
    deps.roster.invalidate()


async def test_each_role_gets_its_own_view_on_refresh(harness) -> None:
    cid, card_id = await new_consultation(harness)
    data = {"consultation_id": cid}
    _, body = await click(harness, "consultation.refresh", data, card_id, sender=a.REQUESTER)
    assert action_titles(body["value"]) == ["追記", "取り下げ", "As-Is/To-Be ワークシート", "詳細"]
    _, body = await click(harness, "consultation.refresh", data, card_id, sender=a.SUPPORT)
    assert action_titles(body["value"])[:2] == ["担当する", "対応中"]
    refresh = body["value"]["refresh"]
    assert refresh["action"]["verb"] == "consultation.refresh" and "29:requester" in refresh["userIds"]
    _, body = await click(harness, "consultation.refresh", data, card_id, sender=a.OUTSIDER)
    shown = visible_text(body["value"])  # someone else may not read it: the reason, not the consultation
    assert action_titles(body["value"]) == [] and "依頼者と支援チームのみ" in shown and "山田 花子" not in shown
    assert not harness.connector.updated  # a refresh changes nobody else's card


@both_hosts
async def test_assign_to_a_member_and_unassign_and_requester_is_told(harness) -> None:
    await add_member(harness)
    cid, card_id = await new_consultation(harness)  # the requester has a 1:1 chat with the bot
    before = len(harness.connector.sent)
    status, body = await click(
        harness, "consultation.assign", {"consultation_id": cid, "assignee": "aad-member"}, card_id
    )
    assert status == 200 and "担当者: 田中 三郎" in visible_text(body["value"])
    await harness.connector.wait_for(lambda: len(harness.connector.sent) > before)
    told = harness.connector.sent[-1]
    assert told.conversation_id == "a:personal-requester" and "田中 三郎 さんに決まりました" in told.text
    _, body = await click(harness, "consultation.assign", {"consultation_id": cid, "assignee": "aad-nobody"}, card_id)
    assert "支援チームのメンバーではありません" in visible_text(body["value"])
    _, body = await click(harness, "consultation.unassign", {"consultation_id": cid}, card_id)
    assert "担当者: 未定" in visible_text(body["value"]) and "状況: 受付" in visible_text(body["value"])
    kinds = [e.kind for e in await rows(harness, EventRow)]
    assert kinds.count("assigned") == 1 and kinds.count("unassigned") == 1


@both_hosts
async def test_closing_needs_a_resolution_and_records_the_outcome(harness) -> None:
    cid, card_id = await new_consultation(harness)
    data = {"consultation_id": cid}
    _, body = await click(harness, "consultation.close", {**data, "resolution": "  "}, card_id)
    assert "解決内容を入力してください" in visible_text(body["value"])
    _, body = await click(harness, "consultation.close", {**data, "resolution": "x", "hours_saved": "-3"}, card_id)
    assert "0以上の数値" in visible_text(body["value"])
    before = len(harness.connector.sent)
    _, body = await click(
        harness, "consultation.close", {**data, "resolution": "押印欄を削除", "hours_saved": "12.5"}, card_id
    )
    shown = visible_text(body["value"])
    assert "状況: 完了" in shown and "解決内容: 押印欄を削除" in shown and "削減時間（月）: 12.5時間" in shown
    [row] = await rows(harness, ConsultationRow)
    assert (row.status, row.resolution, row.hours_saved_per_month) == ("done", "押印欄を削除", 12.5)
    await harness.connector.wait_for(lambda: len(harness.connector.sent) > before)
    assert "完了しました" in harness.connector.sent[-1].text
    _, body = await click(harness, "consultation.reopen", data, card_id)
    assert "状況: 対応中" in visible_text(body["value"])


async def test_requester_withdraws_but_cannot_work_it_and_support_cannot_withdraw(harness) -> None:
    cid, card_id = await new_consultation(harness)
    data = {"consultation_id": cid}
    _, body = await click(harness, "consultation.start", data, card_id, sender=a.REQUESTER)
    assert "支援チームのメンバーのみ" in visible_text(body["value"])
    _, body = await click(harness, "consultation.withdraw", data, card_id, sender=a.SUPPORT)
    assert "依頼者ご本人のみ" in visible_text(body["value"])
    _, body = await click(harness, "consultation.withdraw", data, card_id, sender=a.REQUESTER)
    assert "状況: 取り下げ" in visible_text(body["value"])
    [row] = await rows(harness, ConsultationRow)
    assert row.status == "withdrawn" and row.closed_at is not None


@both_hosts
async def test_requester_adds_details_from_the_card(harness) -> None:
    cid, card_id = await new_consultation(harness)
    _, body = await click(
        harness,
        "consultation.add_note",
        {"consultation_id": cid, "note": "添付の様式も見てください"},
        card_id,
        sender=a.REQUESTER,
    )
    assert "追記しました" in visible_text(body["value"])
    [note] = await rows(harness, NoteRow)
    assert (note.author_role, note.body) == ("requester", "添付の様式も見てください")
    _, body = await click(
        harness, "consultation.add_note", {"consultation_id": cid, "note": "横から失礼"}, card_id, sender=a.OUTSIDER
    )
    assert "依頼者と支援チームのみ" in visible_text(body["value"]) and len(await rows(harness, NoteRow)) == 1


@both_hosts
async def test_thread_replies_become_notes_and_support_replies_reach_the_requester(harness) -> None:
    await harness.post(a.channel_mention(harness.service_url, CLEAR_APP, post_id="1700000000200"))
    await harness.connector.wait_for(lambda: harness.connector.cards_sent())
    thread = a.channel_thread("1700000000200")
    reply = a.channel_mention(harness.service_url, "フローの実行履歴を確認します。", sender=a.SUPPORT, post_id="x")
    reply["id"], reply["conversation"] = "1700000000201", thread
    assert (await harness.post(reply)).status == harness.accepted
    assert (await harness.post(reply)).status == harness.accepted  # redelivered: one note
    await harness.connector.wait_for(lambda: harness.connector.created)
    [created] = harness.connector.created
    assert created["members"][0]["id"] == a.REQUESTER["id"]
    await harness.connector.wait_for(lambda: any("返信がありました" in t for t in harness.connector.texts_sent()))
    told = next(r for r in harness.connector.sent if "返信がありました" in r.text)
    assert "フローの実行履歴を確認します。" in told.text and "teams.microsoft.com/l/message/" in told.text
    requester_reply = a.channel_mention(harness.service_url, "ありがとうございます", post_id="y")
    requester_reply["id"], requester_reply["conversation"] = "1700000000202", thread
    await harness.post(requester_reply)
    notes = await rows(harness, NoteRow)
    assert [(n.author_role, n.body) for n in notes] == [
        ("support", "フローの実行履歴を確認します。"),
        ("requester", "ありがとうございます"),
    ]
    assert len(await rows(harness, ConsultationRow)) == 1  # replies are not new consultations
    await say(harness, "詳細 R8-0001", sender=a.SUPPORT, conversation=a.personal("a:personal-support"))
    shown = visible_text(harness.connector.cards_sent()[-1])
    assert "フローの実行履歴を確認します。" in shown and "佐藤 一郎（支援チーム）" in shown and "履歴" in shown


async def test_support_queue_filters_pages_and_search(harness) -> None:
    await remember_department(harness, "aad-requester", "総務課")
    for i in range(10):
        await say(harness, f"{CLEAR_BPR}（{i}件目）")
    await say(harness, CLEAR_APP)
    support_chat = {"sender": a.SUPPORT, "conversation": a.personal("a:personal-support")}
    await say(harness, "一覧", **support_chat)
    queue = harness.connector.cards_sent()[-1]
    shown = visible_text(queue)
    assert "未完了すべて（11件）" in shown and "1 / 2 ページ" in shown and "R8-0001" in shown and "R8-0009" not in shown
    status, body = await click(harness, "list.show", {"page": 2, "filter": "open"}, "queue-card", **support_chat)
    assert status == 200 and "2 / 2 ページ" in visible_text(body["value"]) and "R8-0011" in visible_text(body["value"])
    await say(harness, "一覧 アプリ", **support_chat)
    assert "アプリ（1件）" in visible_text(harness.connector.cards_sent()[-1])
    await say(harness, "一覧", **support_chat)  # requesters only see their own list; support sees the workload too
    await say(harness, "検索 ＳｈａｒｅＰｏｉｎｔ　フォーム", **support_chat)
    found = visible_text(harness.connector.cards_sent()[-1])
    assert "（0件）" in found
    await say(harness, "検索 ｓｈａｒｅｐｏｉｎｔ リスト", **support_chat)
    assert "（1件）" in visible_text(harness.connector.cards_sent()[-1])
    await say(harness, "検索 押印 3件目", **support_chat)
    assert "（1件）" in visible_text(harness.connector.cards_sent()[-1])
    await say(harness, "検索 押印", sender=a.OUTSIDER, conversation=a.personal("a:outsider"))
    assert "（0件）" in visible_text(harness.connector.cards_sent()[-1])  # others see only their own


async def test_worksheet_for_bpr_is_saved_and_shown_in_details(harness) -> None:
    cid, card_id = await new_consultation(harness)
    data = {"consultation_id": cid}
    _, body = await click(harness, "consultation.worksheet", data, card_id, sender=a.REQUESTER)
    assert "現状の業務" in str(body["value"])
    inputs = {
        "as_is": "紙の申請書を窓口で受付",
        "problems": "押印と転記",
        "to_be": "電子申請",
        "gap": "様式",
        "effects": "待ち時間短縮",
        "yearly_count": "2400",
        "minutes_per_case": "15",
    }
    _, body = await click(harness, "consultation.save_worksheet", {**data, **inputs}, card_id, sender=a.REQUESTER)
    assert "ワークシートを保存しました" in visible_text(body["value"])
    [ws] = await rows(harness, WorksheetRow)
    assert (ws.yearly_count, ws.minutes_per_case, ws.as_is) == (2400, 15.0, "紙の申請書を窓口で受付")
    _, body = await click(harness, "consultation.details", data, card_id, sender=a.SUPPORT)
    shown = visible_text(body["value"])
    assert "現状の業務: 紙の申請書を窓口で受付" in shown and "年間の作業時間（計算）: 600時間" in shown
    _, body = await click(harness, "consultation.save_worksheet", {**data, "yearly_count": "たくさん"}, card_id)
    assert "0以上の数値" in visible_text(body["value"])


@both_hosts
async def test_setup_in_a_channel_by_the_support_team(harness) -> None:
    harness.connector.members = [
        {"id": f"29:m{i}", "name": f"メンバー{i}", "aadObjectId": f"aad-m{i}"} for i in range(3)
    ]
    setup = a.channel_mention(harness.service_url, "設定 相談", sender=a.SUPPORT, post_id="1700000000300")
    await harness.post(setup)
    await harness.connector.wait_for(lambda: "相談窓口に設定しました" in "".join(harness.connector.texts_sent()))
    team = a.channel_mention(harness.service_url, "setup team", sender=a.SUPPORT, post_id="1700000000301")
    await harness.post(team)
    await harness.connector.wait_for(lambda: "メンバー（3名）" in "".join(harness.connector.texts_sent()))
    refused = a.channel_mention(harness.service_url, "設定 集計", sender=a.OUTSIDER, post_id="1700000000302")
    await harness.post(refused)
    await harness.connector.wait_for(lambda: "支援チームのメンバーのみ" in "".join(harness.connector.texts_sent()))
    # a roster member may now work consultations
    cid, card_id = await new_consultation(harness)
    member = {"id": "29:m1", "name": "メンバー1", "aadObjectId": "aad-m1"}
    _, body = await click(harness, "consultation.start", {"consultation_id": cid}, card_id, sender=member)
    assert "担当者: メンバー1" in visible_text(body["value"])


@both_hosts
async def test_a_membership_change_in_the_support_team_reads_it_again(harness) -> None:
    harness.connector.members = [{"id": f"29:m{i}", "name": f"メンバー{i}", "aadObjectId": f"aad-m{i}"} for i in range(2)]
    setup = a.channel_mention(harness.service_url, "setup team", sender=a.SUPPORT, post_id="1700000000310")
    await harness.post(setup)
    await harness.connector.wait_for(lambda: "メンバー（2名）" in "".join(harness.connector.texts_sent()))
    reads = len(harness.connector.member_reads)
    harness.connector.members.append({"id": "29:m9", "name": "メンバー9", "aadObjectId": "aad-m9"})
    joined = a.message(harness.service_url, "", sender=a.SUPPORT)
    team = "19:team@thread.tacv2"
    joined.update(
        {
            "type": "conversationUpdate",
            "conversation": {"id": team, "conversationType": "channel", "tenantId": a.TENANT},
            "channelData": {"tenant": {"id": a.TENANT}, "team": {"id": team}, "eventType": "teamMemberAdded"},
            "membersAdded": [{"id": "29:m9", "aadObjectId": "aad-m9"}],
        }
    )
    del joined["text"], joined["textFormat"]
    assert (await harness.post(joined)).status == harness.accepted
    await harness.connector.wait_for(lambda: len(harness.connector.member_reads) > reads)
    await harness.app[runtime_key].drain(grace=5.0)
    assert await harness.app[runtime_key].deps.roster.is_member(["aad-m9"])


async def test_unsure_classification_is_triaged_and_the_choice_is_kept_for_training(harness) -> None:
    await remember_department_for(harness)
    await say(harness, "相談があります。よろしくお願いします。")  # no request in it: the bot asks for details
    assert "詳しく" in harness.connector.texts_sent()[-1]
    await say(harness, "打ち合わせの前に一度お話を聞いていただけますか。詳しくはまた連絡します。")  # still vague
    [row] = await rows(harness, ConsultationRow)
    card_id = row.card_activity_id
    if not row.needs_triage:  # the model is sure enough: the decision still gets recorded by 区分変更
        status, body = await click(harness, "consultation.reclassify", {"consultation_id": row.id}, card_id)
    else:
        _, body = await click(harness, "consultation.refresh", {"consultation_id": row.id}, card_id)
        assert "要確認" in visible_text(body["value"])
        assert {"BPRにする", "アプリにする"} <= set(action_titles(body["value"]))
        status, body = await click(harness, "consultation.set_app", {"consultation_id": row.id}, card_id)
    assert status == 200 and "手動設定" in visible_text(body["value"])
    from storage.orm import CorrectionRow

    [correction] = await rows(harness, CorrectionRow)
    assert correction.text.endswith("詳しくはまた連絡します。") and correction.label in ("bpr", "app")


async def remember_department_for(harness) -> None:  # type: ignore[no-untyped-def]
    await remember_department(harness, "aad-requester", "総務課")


async def test_card_shows_reasons_and_tags_from_the_model(harness) -> None:
    await remember_department_for(harness)
    await say(harness, CLEAR_BPR)
    shown = visible_text(harness.connector.cards_sent()[-1])
    assert "判定の根拠: 「" in shown and "→ BPR" in shown
    [row] = await rows(harness, ConsultationRow)
    assert row.reasons and all(r in CLEAR_BPR for r in row.reasons.split("|"))
