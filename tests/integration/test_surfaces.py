"""The Teams surfaces beyond the chat, through the real app on loopback on both hosts: 「相談として登録」 on a message
(composeExtension/fetchTask and /submitAction), 「相談を検索」 from the compose box (/query) and link unfurling
(/queryLink), each with good and bad input and with who may see what."""

import pytest

from app import runtime_key
from storage.orm import ConsultationRow
from tests.support import activities as a
from tests.support.cards import visible_text
from tests.support.conversation import remember_department, rows, say
from tests.support.harness import both_hosts
from tests.support.surfaces import (
    CARD,
    dialog_card,
    dialog_message,
    inputs_of,
    invoke,
    register_value,
    results,
    search_value,
)

pytestmark = pytest.mark.lean_matrix  # the Agents SDK × PostgreSQL pair is left out (tests/conftest.py)

BASE_URL = "https://consult.example.lg.jp"
MESSAGE = (
    "<p>お疲れ様です。<b>申請書</b>の押印欄を廃止して、紙の決裁を&amp;電子化したいです。</p><p>来月から始めたい</p>"
)
PLAIN = "お疲れ様です。申請書の押印欄を廃止して、紙の決裁を&電子化したいです。\n来月から始めたい"
COLLEAGUE = {"id": "29:colleague", "name": "高橋 四郎", "aadObjectId": "aad-colleague"}


@pytest.fixture
def harness_settings() -> dict[str, object]:
    return {"public_base_url": BASE_URL}


def submitted(**changes: str) -> dict:
    values = {"title": "押印欄の廃止", "body": PLAIN, "requester": "aad-requester", "department": ""}
    return {**values, **changes}


async def register(harness, payload=None, *, sender=a.SUPPORT, **changes: str):  # type: ignore[no-untyped-def]
    value = register_value(payload or a.message_payload(MESSAGE), submitted(**changes))
    return await invoke(harness, "submitAction", value, sender=sender)


@both_hosts
async def test_the_dialog_opens_prefilled_from_the_message(harness) -> None:
    await remember_department(harness, "aad-requester", "総務課")
    status, body = await invoke(harness, "fetchTask", register_value(a.message_payload(MESSAGE)))
    assert status == 200
    assert body["task"]["value"]["title"] == "相談として登録"
    card = dialog_card(body)
    values = inputs_of(card)
    assert values["body"] == PLAIN  # the HTML as the user sees it: tags gone, entities decoded, paragraphs as lines
    assert values["title"] == "申請書の押印欄を廃止して、紙の決裁を&電子化したいです"  # the first sentence, no greeting
    assert (values["requester"], values["department"]) == ("aad-requester", "総務課")
    [picker] = [n for n in card["body"] if n.get("id") == "requester"]
    assert [c["title"] for c in picker["choices"]] == ["山田 花子（投稿者）", "佐藤 一郎（自分）"]
    assert card["actions"][0]["type"] == "Action.Submit"


@both_hosts
async def test_registering_creates_it_as_intake_does_posts_the_card_and_tells_the_requester(harness) -> None:
    await say(harness, "ヘルプ")  # the requester has a 1:1 chat with the bot
    await remember_department(harness, "aad-requester", "総務課")
    before = len(harness.connector.sent)
    status, body = await register(harness)
    assert status == 200
    [row] = await rows(harness, ConsultationRow)
    assert dialog_message(body) == (
        f"相談 {row.number} として登録しました。状況カードをこの会話に投稿し、依頼者に個人チャットでお知らせします。"
    )
    assert (row.requester_id, row.requester_name, row.department) == ("aad-requester", "山田 花子", "総務課")
    assert (row.title, row.category, row.status) == ("押印欄の廃止", "bpr", "received")
    assert row.body == PLAIN and row.conversation_id == a.GROUP_CHAT["id"]
    await harness.app[runtime_key].drain(5.0)  # the post and the notice go out after the answer
    posted = [r for r in harness.connector.sent[before:] if r.conversation_id == a.GROUP_CHAT["id"]]
    [card_post] = posted
    assert row.number in visible_text(card_post.cards[0]) and "押印欄の廃止" in visible_text(card_post.cards[0])
    [told] = [r for r in harness.connector.sent[before:] if r.conversation_id == "a:personal-requester"]
    assert "佐藤 一郎さんがメッセージから相談" in told.text and f"{BASE_URL}/c/{row.number}" in told.text
    [row] = await rows(harness, ConsultationRow)
    assert row.card_activity_id == card_post.answered_id  # the card is updated in place later


def row_has_card(harness) -> bool:  # type: ignore[no-untyped-def]
    return any(r.conversation_id == a.GROUP_CHAT["id"] for r in harness.connector.sent)


@both_hosts
async def test_a_redelivered_submit_creates_nothing_twice(harness) -> None:
    await say(harness, "ヘルプ")
    before = len(harness.connector.sent)
    await register(harness)
    await harness.connector.wait_for(lambda: len(harness.connector.sent) == before + 2)  # the card and the notice
    sent = len(harness.connector.sent)
    status, again = await register(harness)
    [row] = await rows(harness, ConsultationRow)
    assert status == 200 and dialog_message(again) == f"このメッセージは相談 {row.number} として登録済みです。"
    _, reopened = await invoke(harness, "fetchTask", register_value(a.message_payload(MESSAGE)))
    assert dialog_message(reopened) == dialog_message(again)
    await harness.app[runtime_key].drain(5.0)  # whatever the turns left running has finished
    assert len(harness.connector.sent) == sent


@both_hosts
async def test_bad_input_is_answered_in_the_dialog_keeping_what_was_typed(harness) -> None:
    await say(harness, "ヘルプ")
    status, body = await register(harness, body="", title="件名だけ")
    card = dialog_card(body)
    assert status == 200 and "相談の内容が空です。内容を入力してください。" in visible_text(card)
    assert inputs_of(card)["title"] == "件名だけ"
    _, body = await register(harness, requester="aad-someone-else")
    assert "依頼者を一覧から選んでください。" in visible_text(dialog_card(body))
    mentioned = a.message_payload(MESSAGE, mentions=(COLLEAGUE,))
    _, body = await register(harness, mentioned, requester="aad-colleague", department="総務課")
    card = dialog_card(body)
    assert "高橋 四郎さんにはボットから連絡できません" in visible_text(card)
    assert (inputs_of(card)["requester"], inputs_of(card)["department"]) == ("aad-colleague", "総務課")
    assert await rows(harness, ConsultationRow) == []


@both_hosts
async def test_a_deleted_message_is_answered_politely(harness) -> None:
    for payload in (
        {},
        {**a.message_payload(""), "id": "", "body": {}},
        {**a.message_payload(MESSAGE), "deleted": True},
    ):
        for kind, value in (
            ("fetchTask", register_value(payload)),
            ("submitAction", register_value(payload, submitted())),
        ):
            status, body = await invoke(harness, kind, value)
            assert status == 200
            assert dialog_message(body).startswith("このメッセージは削除されたか、内容を読み取れません。")
    assert await rows(harness, ConsultationRow) == []


async def two_consultations(harness) -> list:  # type: ignore[no-untyped-def]
    """One of the requester's and one of the outsider's, registered from messages."""
    await say(harness, "ヘルプ")
    await say(harness, "ヘルプ", sender=a.OUTSIDER, conversation=a.personal("a:personal-outsider"))
    await register(harness, a.message_payload(MESSAGE, message_id="1"))
    other = a.message_payload(
        "<p>庁内ポータルにアンケートのアプリを作りたいです。集計も自動にしたい</p>", author=a.OUTSIDER, message_id="2"
    )
    await register(
        harness,
        other,
        requester="aad-outsider",
        title="アンケートアプリ",
        body="庁内ポータルにアンケートのアプリを作りたいです。集計も自動にしたい",
    )
    return sorted(await rows(harness, ConsultationRow), key=lambda r: r.id)


@both_hosts
async def test_search_finds_words_and_numbers_and_the_support_team_sees_all(harness) -> None:
    mine, theirs = await two_consultations(harness)
    status, body = await invoke(harness, "query", search_value("押印"))
    [found] = results(body)
    assert status == 200 and found["preview"]["content"]["title"].startswith(mine.number)
    assert found["contentType"] == CARD and mine.title in visible_text(found["content"])
    assert found["content"]["refresh"]["action"]["verb"] == "consultation.refresh"
    assert found["content"].get("actions", []) == []  # whoever reads it in the chat: buttons come with their own view
    full_width = "Ｒ" + theirs.number[1:].replace("-", "－").replace("000", "")
    [by_number] = results((await invoke(harness, "query", search_value(full_width)))[1])
    assert by_number["preview"]["content"]["title"].startswith(theirs.number)
    recent = results((await invoke(harness, "query", search_value(None)))[1])
    assert [r["preview"]["content"]["title"][: len(theirs.number)] for r in recent] == [theirs.number, mine.number]


@both_hosts
async def test_others_find_only_their_own_consultations(harness) -> None:
    mine, theirs = await two_consultations(harness)
    recent = results((await invoke(harness, "query", search_value(None), sender=a.REQUESTER))[1])
    assert [r["preview"]["content"]["title"][: len(mine.number)] for r in recent] == [mine.number]
    assert results((await invoke(harness, "query", search_value(theirs.number), sender=a.REQUESTER))[1]) == []
    assert results((await invoke(harness, "query", search_value("アンケート"), sender=a.REQUESTER))[1]) == []


@both_hosts
async def test_search_pages_through_results(harness) -> None:
    _, theirs = await two_consultations(harness)
    first = results((await invoke(harness, "query", search_value(None, count=1)))[1])
    second = results((await invoke(harness, "query", search_value(None, skip=1, count=1)))[1])
    third = results((await invoke(harness, "query", search_value(None, skip=2, count=1)))[1])
    assert [len(first), len(second), len(third)] == [1, 1, 0]
    assert first[0]["preview"]["content"]["title"].startswith(theirs.number)


@both_hosts
async def test_a_consultation_link_unfolds_for_those_who_may_see_it(harness) -> None:
    mine, _ = await two_consultations(harness)
    link = {"url": f"{BASE_URL}/c/{mine.number}"}
    for sender in (a.SUPPORT, a.REQUESTER):
        status, body = await invoke(harness, "queryLink", link, sender=sender)
        [card] = results(body)
        assert status == 200 and mine.title in visible_text(card["content"])
    [neutral] = results((await invoke(harness, "queryLink", link, sender=a.OUTSIDER))[1])
    shown = visible_text(neutral["content"])
    assert f"相談 {mine.number}" in shown and mine.title not in shown and "押印" not in shown
    [missing] = results((await invoke(harness, "queryLink", {"url": f"{BASE_URL}/c/R1-9999"}))[1])
    assert "内容は依頼者と支援チームだけが見られます" in visible_text(missing["content"])  # no hint it does not exist


@both_hosts
async def test_dashboard_links_unfold_without_figures_and_other_links_not_at_all(harness) -> None:
    url = f"{BASE_URL}/dashboard?period=%E4%BB%8A%E5%B9%B4%E5%BA%A6&exp=1&sig=x"
    [preview] = results((await invoke(harness, "queryLink", {"url": url}))[1])
    assert "相談ダッシュボード" in visible_text(preview["content"]) and "今年度" in visible_text(preview["content"])
    assert preview["content"]["actions"] == [{"type": "Action.OpenUrl", "title": "開く", "url": url}]
    for other in ("https://example.com/c/R8-0001", f"{BASE_URL}/cases", f"{BASE_URL}/c/nonsense", 42, None):
        status, body = await invoke(harness, "queryLink", {"url": other})
        assert status == 200 and results(body) == []


@both_hosts
async def test_malformed_extension_invokes_get_polite_answers_never_errors(harness) -> None:
    for kind in ("fetchTask", "submitAction", "query", "queryLink"):
        for value in (None, "junk", [], {"commandId": 7, "queryOptions": "x", "parameters": "y", "data": []}):
            status, body = await invoke(harness, kind, value)
            assert status == 200, (kind, value, body)
    _, body = await invoke(harness, "query", {**search_value("x"), "commandId": "unknownCommand"})
    assert body == {"composeExtension": {"type": "message", "text": "この操作には対応していません。"}}


async def test_the_consultation_link_page_shows_nothing_of_the_consultation(harness) -> None:
    mine, _ = await two_consultations(harness)
    page = await harness.client.get(f"/c/{mine.number}", headers={"Accept-Language": "ja"})
    text = await page.text()
    assert page.status == 200 and f"状況 {mine.number}" in text
    assert mine.title not in text and "押印" not in text and "山田" not in text
    assert (
        page.headers["Cache-Control"] == "no-store"
        and "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    )
    unknown = await harness.client.get("/c/r1-9999")  # the same page: a link tells nobody whether it exists
    assert unknown.status == 200 and "状況 R1-9999" in await unknown.text()
    assert (await harness.client.get("/c/nonsense")).status == 404


@both_hosts
async def test_a_message_that_is_no_dx_consultation_is_answered_as_intake_answers_it(harness) -> None:
    await say(harness, "ヘルプ")
    printer = "2階のプリンターが紙詰まりして印刷できません。見てもらえますか"
    payload = a.message_payload(f"<p>{printer}</p>", message_id="1700000000900")
    status, body = await register(harness, payload, body=printer, title="")
    card = dialog_card(body)
    assert status == 200 and "情報システム課ヘルプデスク" in visible_text(card)
    assert await rows(harness, ConsultationRow) == []
    [submit] = card["actions"]
    status, body = await register(harness, payload, body=printer, title="", **submit["data"])
    [row] = await rows(harness, ConsultationRow)
    assert dialog_message(body).startswith(f"相談 {row.number} として登録しました。") and row.body == printer
