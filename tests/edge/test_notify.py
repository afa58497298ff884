"""The proactive notifier (bot/edge/notify.py) on each host's transport (TEST_HOSTS): botbuilder's TeamsNotifier and
the Agents SDK's AgentsNotifier, each through its SDK's real CloudAdapter, the fake connector on loopback and a real
database."""

import logging
from typing import Any

import pytest

from bot.agents.host import agents_adapter
from bot.agents.proactive import AgentsNotifier
from bot.domain.ports import Recipient
from bot.edge.notify import ProactiveNotifier
from bot.settings import Settings
from bot.teams.proactive import TeamsNotifier
from storage.uow import SqlUnitOfWorkFactory
from tests.support import activities as a
from tests.support.fake_connector import FakeConnector
from tests.support.harness import HOSTS
from tests.support.teams import make_adapter, personal_ref, thread_ref

CARD_TYPE = "application/vnd.microsoft.card.adaptive"
PERSONAL = "a:personal-requester"
THREAD = f"{a.CHANNEL};messageid=1700000000001"
SECRET = "総務課の山田さんの秘密の相談"
REQUESTER = Recipient(
    person_id="aad-requester", teams_id="29:requester", tenant_id=a.TENANT, via_conversation_id=THREAD
)
CARD = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "状況: 対応中"}]}


@pytest.fixture
def fake(connector: tuple[FakeConnector, str]) -> FakeConnector:
    return connector[0]


def make_notifier(host: str, uow: Any, clock: Any, **options: Any) -> ProactiveNotifier:
    """The host's notifier as app.py builds it (empty app id: no tokens)."""
    if host == "agents":
        adapter = agents_adapter(Settings(database_url="sqlite://", bot_host="agents"))
        return AgentsNotifier(adapter, "", uow, clock, **options)
    return TeamsNotifier(make_adapter(), "", uow, clock, **options)


@pytest.fixture(params=HOSTS)
def notifier(request: pytest.FixtureRequest, uow: SqlUnitOfWorkFactory, clock) -> ProactiveNotifier:  # type: ignore[no-untyped-def]
    return make_notifier(request.param, uow, clock, backoff_base=0.01)


async def store(uow: SqlUnitOfWorkFactory, clock, ref: dict, user_id: str = "") -> None:  # type: ignore[no-untyped-def]
    conversation = ref["conversation"]
    async with uow() as u:
        await u.conversation_refs.save(
            conversation["id"],
            ref,
            now=clock.now(),
            tenant_id=a.TENANT,
            user_id=user_id,
            conversation_type=conversation["conversationType"],
        )


async def test_existing_personal_reference_gets_the_message(notifier, uow, clock, fake) -> None:  # type: ignore[no-untyped-def]
    await store(uow, clock, personal_ref(fake.url), user_id="aad-requester")
    assert await notifier.notify(REQUESTER, "相談 R8-0001 が対応中になりました。") is True
    [sent] = fake.sent
    assert sent.conversation_id == PERSONAL and sent.text == "相談 R8-0001 が対応中になりました。"
    assert sent.body["recipient"]["id"] == "29:requester" and not fake.created


async def test_card_goes_as_an_adaptive_card_attachment(notifier, uow, clock, fake) -> None:  # type: ignore[no-untyped-def]
    await store(uow, clock, personal_ref(fake.url), user_id="aad-requester")
    assert await notifier.notify(REQUESTER, "更新されました", CARD) is True
    [sent] = fake.sent
    assert [att["contentType"] for att in sent.body["attachments"]] == [CARD_TYPE]
    assert sent.cards == [CARD] and sent.text == "更新されました"


async def test_without_personal_reference_a_chat_is_created_stored_and_reused(notifier, uow, clock, fake) -> None:  # type: ignore[no-untyped-def]
    await store(uow, clock, thread_ref(fake.url))
    assert await notifier.notify(REQUESTER, "一通目") is True
    [params] = fake.created
    assert params["isGroup"] is False
    assert params["bot"]["id"] == a.BOT["id"]
    assert [m["id"] for m in params["members"]] == ["29:requester"]
    tenant = params.get("tenantID") or params.get("tenantId")  # botbuilder's msrest spells it tenantID
    assert tenant == a.TENANT and params["channelData"] == {"tenant": {"id": a.TENANT}}
    assert [(s.conversation_id, s.text) for s in fake.sent] == [("a:new-1", "一通目")]
    async with uow() as u:
        stored = await u.conversation_refs.personal_for("aad-requester")
    assert stored is not None
    conversation = stored["conversation"]
    assert (conversation["id"], conversation["conversationType"]) == ("a:new-1", "personal")
    assert (conversation.get("tenantID") or conversation.get("tenantId")) == a.TENANT
    assert (stored["channelId"], stored["serviceUrl"]) == ("msteams", fake.url)
    assert (stored["bot"]["id"], stored["user"]["id"], stored["user"]["aadObjectId"]) == (
        a.BOT["id"],
        "29:requester",
        "aad-requester",
    )

    assert await notifier.notify(REQUESTER, "二通目") is True
    assert len(fake.created) == 1
    assert [(s.conversation_id, s.text) for s in fake.sent] == [("a:new-1", "一通目"), ("a:new-1", "二通目")]


async def test_a_failed_first_send_is_retried_in_the_created_chat(notifier, uow, clock, fake) -> None:  # type: ignore[no-untyped-def]
    await store(uow, clock, thread_ref(fake.url))
    fake.failures = [(0, {}), (429, {"Retry-After": "0"})]  # the create passes, the first send is throttled
    assert await notifier.notify(REQUESTER, "届くまで") is True
    assert len(fake.created) == 1 and [s.conversation_id for s in fake.sent] == ["a:new-1"]
    async with uow() as u:
        assert (await u.conversation_refs.personal_for("aad-requester"))["conversation"]["id"] == "a:new-1"  # type: ignore[index]


async def test_the_tenant_may_come_from_the_shared_conversation(notifier, uow, clock, fake) -> None:  # type: ignore[no-untyped-def]
    reference = thread_ref(fake.url)
    reference["conversation"]["tenantID"] = a.TENANT  # how the SDK serializes ConversationAccount.tenant_id
    await store(uow, clock, reference)
    recipient = Recipient(person_id="aad-requester", teams_id="29:requester", via_conversation_id=THREAD)
    assert await notifier.notify(recipient, "テナントは会話から") is True
    assert fake.created[0]["channelData"] == {"tenant": {"id": a.TENANT}}


async def test_a_blocked_new_chat_is_still_remembered(notifier, uow, clock, fake) -> None:  # type: ignore[no-untyped-def]
    await store(uow, clock, thread_ref(fake.url))
    fake.failures = [(0, {}), (403, {})]  # created, then the user has blocked the bot
    assert await notifier.notify(REQUESTER, SECRET) is False
    assert [h.status for h in fake.hits] == [201, 403] and not fake.sent
    async with uow() as u:
        assert (await u.conversation_refs.personal_for("aad-requester"))["conversation"]["id"] == "a:new-1"  # type: ignore[index]


@pytest.mark.parametrize(
    "recipient",
    [
        Recipient(person_id="aad-requester", teams_id="29:requester", tenant_id=a.TENANT),  # no via conversation
        Recipient(person_id="aad-requester", teams_id="29:requester", via_conversation_id="19:unknown@thread.tacv2"),
        Recipient(person_id="aad-requester", via_conversation_id=THREAD, tenant_id=a.TENANT),  # no Teams id
        Recipient(person_id="aad-requester", teams_id="29:requester", via_conversation_id=THREAD),  # no tenant
    ],
)
async def test_no_route_gives_false_without_any_request(notifier, uow, clock, fake, recipient, caplog) -> None:  # type: ignore[no-untyped-def]
    await store(uow, clock, thread_ref(fake.url))
    caplog.set_level(logging.INFO, "consult.notify")
    assert await notifier.notify(recipient, SECRET) is False
    assert not fake.hits
    assert [r.getMessage() for r in caplog.records] == ["no route"]


async def test_429_retry_after_is_honoured_and_delivered_once(notifier, uow, clock, fake) -> None:  # type: ignore[no-untyped-def]
    await store(uow, clock, personal_ref(fake.url), user_id="aad-requester")
    fake.failures = [(429, {"Retry-After": "1"})]
    assert await notifier.notify(REQUESTER, "混雑時") is True
    assert [h.status for h in fake.hits] == [429, 200]
    assert fake.hits[1].at - fake.hits[0].at >= 0.95  # waited as told, not less
    assert [s.text for s in fake.sent] == ["混雑時"]


@pytest.mark.parametrize("status", [412, 502, 503, 504])
async def test_transient_statuses_are_retried_with_backoff(notifier, uow, clock, fake, status) -> None:  # type: ignore[no-untyped-def]
    await store(uow, clock, personal_ref(fake.url), user_id="aad-requester")
    fake.failures = [(status, {}), (status, {})]
    assert await notifier.notify(REQUESTER, "三度目") is True
    assert [h.status for h in fake.hits] == [status, status, 200] and len(fake.sent) == 1


async def test_403_is_not_retried(notifier, uow, clock, fake, caplog) -> None:  # type: ignore[no-untyped-def]
    await store(uow, clock, personal_ref(fake.url), user_id="aad-requester")
    fake.failures = [(403, {}), (403, {})]
    with caplog.at_level(logging.INFO):
        assert await notifier.notify(REQUESTER, SECRET) is False
    assert [h.status for h in fake.hits] == [403]  # no retry, and on_turn_error posted nothing
    [warning] = [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("consult")]
    assert warning.getMessage() == "cannot write to conversation"
    assert (warning.conversation_id, warning.status) == (PERSONAL, 403)  # type: ignore[attr-defined]


async def test_500_is_a_failure_without_retry(notifier, uow, clock, fake) -> None:  # type: ignore[no-untyped-def]
    await store(uow, clock, personal_ref(fake.url), user_id="aad-requester")
    fake.failures = [(500, {})] * 3
    assert await notifier.notify(REQUESTER, "失敗") is False
    assert [h.status for h in fake.hits] == [500] and not fake.sent


async def test_persistent_throttling_gives_up_after_three_attempts(notifier, uow, clock, fake) -> None:  # type: ignore[no-untyped-def]
    await store(uow, clock, personal_ref(fake.url), user_id="aad-requester")
    fake.failures = [(503, {})] * 3 + [(429, {"Retry-After": "0"})]
    assert await notifier.notify(REQUESTER, "失敗") is False
    assert [h.status for h in fake.hits] == [503, 503, 503] and not fake.sent


async def test_logs_carry_ids_and_status_never_the_text(notifier, uow, clock, fake, caplog) -> None:  # type: ignore[no-untyped-def]
    await store(uow, clock, personal_ref(fake.url), user_id="aad-requester")
    fake.failures = [(429, {"Retry-After": "0"}), (500, {})]
    with caplog.at_level(logging.DEBUG):
        assert (
            await notifier.notify(REQUESTER, SECRET, {**CARD, "body": [{"type": "TextBlock", "text": SECRET}]}) is False
        )
    assert caplog.records
    for record in caplog.records:
        assert SECRET not in repr(record.__dict__)
        assert "山田" not in record.getMessage()


class OneRefUow:
    """A unit of work holding one personal reference (no database: this test is about the network)."""

    def __init__(self, reference: dict) -> None:
        self.conversation_refs = self
        self._reference = reference

    def __call__(self, **options: object) -> "OneRefUow":
        return self

    async def __aenter__(self) -> "OneRefUow":
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def personal_for(self, user_id: str) -> dict | None:
        return self._reference


@pytest.mark.parametrize("host", HOSTS)
async def test_an_unreachable_connector_gives_false(clock, host: str) -> None:  # type: ignore[no-untyped-def]
    """msrest retries refused connections itself (about 5 s), aiohttp does not; the notifier then gives up without
    raising."""
    notifier = make_notifier(host, OneRefUow(personal_ref("http://127.0.0.1:9/")), clock)
    assert await notifier.notify(REQUESTER, "届かない") is False


async def test_update_card_replaces_the_posted_activity(notifier, uow, clock, fake) -> None:  # type: ignore[no-untyped-def]
    await store(uow, clock, thread_ref(fake.url))
    fake.failures = [(429, {"Retry-After": "0"})]
    assert await notifier.update_card(THREAD, "bot-activity-7", CARD) is True
    [update] = fake.updated
    assert (update.method, update.conversation_id, update.activity_id) == ("PUT", THREAD, "bot-activity-7")
    assert update.cards == [CARD] and update.body["id"] == "bot-activity-7"
    assert not fake.sent


async def test_update_card_without_reference_or_when_blocked_gives_false(notifier, uow, clock, fake) -> None:  # type: ignore[no-untyped-def]
    assert await notifier.update_card(THREAD, "bot-activity-7", CARD) is False
    await store(uow, clock, thread_ref(fake.url))
    fake.failures = [(403, {})]
    assert await notifier.update_card(THREAD, "bot-activity-7", CARD) is False
    assert [h.status for h in fake.hits] == [403] and not fake.updated


async def test_personal_for_finds_the_latest_personal_chat_only(uow, clock, fake) -> None:  # type: ignore[no-untyped-def]
    await store(uow, clock, thread_ref(fake.url))
    async with uow() as u:
        assert await u.conversation_refs.personal_for("aad-requester") is None
        assert await u.conversation_refs.personal_for("") is None
    await store(uow, clock, personal_ref(fake.url, "a:old"), user_id="aad-requester")
    clock.value = clock.value.replace(hour=2)
    await store(uow, clock, personal_ref(fake.url, "a:new"), user_id="aad-requester")
    async with uow() as u:
        assert (await u.conversation_refs.personal_for("aad-requester"))["conversation"]["id"] == "a:new"  # type: ignore[index]
        assert (await u.conversation_refs.personal_for("aad-requester", a.TENANT)) is not None
        assert await u.conversation_refs.personal_for("aad-requester", "other-tenant") is None
        assert await u.conversation_refs.personal_for("aad-outsider") is None
