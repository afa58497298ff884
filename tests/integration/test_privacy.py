"""Privacy of the logs: a full day's flow (intake with the dialog, card actions, notes from a thread, details,
search, summary) with every logger at DEBUG (SQLAlchemy, aiosqlite, asyncpg, botbuilder, msrest, urllib3, aiohttp
included), on SQLite and PostgreSQL. No consultation text, person name or department may appear in any record as
the production JsonFormatter writes it, in any spelling a library might use (raw, JSON-escaped, UTF-8 bytes, URL)."""

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest

from bot.logging_setup import PAYLOAD_LOGGERS, JsonFormatter, configure_logging
from storage.orm import ConsultationRow, NoteRow
from tests.support import activities as a
from tests.support.cards import visible_text
from tests.support.conversation import click, rows, say
from tests.support.factories import CLEAR_APP, CLEAR_BPR
from tests.support.harness import both_hosts

LIBRARIES = (
    "sqlalchemy",
    "sqlalchemy.engine",
    "sqlalchemy.engine.Engine",
    "sqlalchemy.pool",
    "sqlalchemy.orm",
    "aiosqlite",
    "asyncpg",
    "alembic",
    "botbuilder",
    "botframework",
    "msrest",
    "msrest.http_logger",
    "msal",
    "urllib3",
    "requests",
    "aiohttp",
    "aiohttp.access",
    "aiohttp.server",
    "aiohttp.client",
    "microsoft_agents",
    "aiohttp.web",
    "asyncio",
    "consult",
)
NOTE = "様式の写しを添付します。押印欄は三箇所です。"
RESOLUTION = "電子申請に切り替え押印欄を削除しました"
THREAD_REPLY = "フローの実行履歴を確認します。"
SEARCH_WORDS = "押印 決裁ルート"
PRIVATE = [
    CLEAR_BPR,
    CLEAR_APP,
    NOTE,
    RESOLUTION,
    THREAD_REPLY,
    a.REQUESTER["name"],
    a.SUPPORT["name"],
    "山田",
    "佐藤",
    "総務課",
    "市民課",
]


def spellings(secret: str) -> list[str]:
    """How a library could write it: as is, JSON-escaped, as repr'd UTF-8 bytes, URL-quoted (first 8 characters)."""
    head = secret[:8]
    return [head, json.dumps(head)[1:-1], str(head.encode())[2:-1], quote(head)]


@contextmanager
def every_logger_at_debug(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Every logger that exists now (the app has started, so the engines' loggers exist) plus the libraries'."""
    names = set(LIBRARIES) | set(logging.root.manager.loggerDict)
    caplog.set_level(logging.DEBUG)
    for name in sorted(names):
        caplog.set_level(logging.DEBUG, logger=name)
    isolated = [logging.getLogger(n) for n in names if not logging.getLogger(n).propagate]
    for logger in isolated:
        logger.addHandler(caplog.handler)
    try:
        yield
    finally:
        for logger in isolated:
            logger.removeHandler(caplog.handler)


@both_hosts
async def test_no_text_names_or_departments_in_any_log_record(harness, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    support_chat = {"sender": a.SUPPORT, "conversation": a.personal("a:personal-support")}
    with every_logger_at_debug(caplog):
        # intake through the dialog: the department is asked, then the consultation is created
        await say(harness, CLEAR_BPR)
        await say(harness, "総務課")
        [row] = await rows(harness, ConsultationRow)
        data = {"consultation_id": row.id}
        # card actions by the support team and the requester
        status, body = await click(harness, "consultation.start", data, row.card_activity_id)
        assert status == 200 and "状況: 対応中" in visible_text(body["value"])
        await click(harness, "consultation.add_note", {**data, "note": NOTE}, row.card_activity_id, sender=a.REQUESTER)
        await click(harness, "consultation.close", {**data, "resolution": RESOLUTION}, row.card_activity_id)
        # a channel consultation and a support reply in its thread (a note, told to the requester)
        await harness.post(a.channel_mention(harness.service_url, CLEAR_APP, post_id="1700000000500"))
        await harness.connector.wait_for(lambda: len(harness.connector.cards_sent()) >= 2)
        reply = a.channel_mention(harness.service_url, THREAD_REPLY, sender=a.SUPPORT, post_id="x")
        reply["id"], reply["conversation"] = "1700000000501", a.channel_thread("1700000000500")
        assert (await harness.post(reply)).status == harness.accepted
        await harness.connector.wait_for(lambda: any("返信がありました" in t for t in harness.connector.texts_sent()))
        # details, search, list and summary
        await say(harness, "詳細 R8-0001", **support_chat)
        assert "総務課" in visible_text(harness.connector.cards_sent()[-1])
        await say(harness, f"検索 {SEARCH_WORDS}", **support_chat)
        assert "（1件）" in visible_text(harness.connector.cards_sent()[-1])
        await say(harness, "一覧", **support_chat)
        await say(harness, "集計 今年度", **support_chat)
        assert "DX相談 集計" in visible_text(harness.connector.cards_sent()[-1])
        sent = harness.connector.texts_sent
        await harness.connector.wait_for(lambda: any("完了しました" in t for t in sent()))  # 1:1 notices go last
    assert [n.body for n in await rows(harness, NoteRow)] == [NOTE, THREAD_REPLY]
    formatter = JsonFormatter()
    records = caplog.records
    libraries = {r.name.split(".")[0] for r in records}
    assert {"sqlalchemy", "aiohttp"} <= libraries, libraries  # the loud loggers did speak
    logged = [formatter.format(r) for r in records]
    for secret in PRIVATE:
        for spelling in spellings(secret):
            leaks = [line[:300] for line in logged if spelling in line]
            assert not leaks, f"{spelling!r} (from {secret[:8]!r}) is in the logs: {leaks[:3]}"


def test_debug_level_keeps_payload_loggers_quiet_and_library_arguments_out() -> None:
    """In production (configure_logging) LOG_LEVEL=DEBUG is for the project's loggers: SQLAlchemy, aiosqlite,
    msrest... stay at WARNING; and a library record that does get through is written as its template only."""
    root = logging.getLogger()
    saved = (root.level, root.handlers[:], {n: logging.getLogger(n).level for n in PAYLOAD_LOGGERS})
    try:
        configure_logging("DEBUG")
        assert logging.getLogger("consult.turn").isEnabledFor(logging.DEBUG)
        for name in ("sqlalchemy.engine.Engine", "aiosqlite", "asyncpg", "msrest.http_logger", "urllib3", "msal"):
            assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
        for name, level in saved[2].items():
            logging.getLogger(name).setLevel(level)
    row = logging.makeLogRecord({"name": "sqlalchemy.engine.Engine", "msg": "Row %r", "args": ((1, CLEAR_BPR),)})
    own = logging.makeLogRecord({"name": "consult.bot", "msg": "card %s", "args": ("R8-0001",), "verb": "start"})
    assert json.loads(JsonFormatter().format(row))["msg"] == "Row %r"
    assert json.loads(JsonFormatter().format(own))["msg"] == "card R8-0001"
    assert json.loads(JsonFormatter().format(own))["verb"] == "start"
