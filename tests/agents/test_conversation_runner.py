"""The declared intake conversation (bot/handlers/intake_conversation.py) run by the agents host's runner, over the
SDK's MemoryStorage and in-memory Deps: the questions in order, retries, the channel hint, the finish, cancel, and
state kept as plain JSON."""

from typing import Any

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import MemoryStorage

from bot.agents.conversation_runner import ConversationRunner, ConversationTurn, state_key
from bot.agents.storage import JsonDocument
from bot.deps import Deps
from bot.domain.intake import Missing
from bot.handlers.intake_conversation import INTAKE
from bot.texts import t
from bot.turn import Actor, Reply
from tests.support.handler_kit import CHANNEL_THREAD, REQUESTER, actor, say
from tests.support.memory import memory_deps

DETAILS = "毎月の統計報告をExcelで手集計しています。Power Automateで自動化できないか相談したいです。"
KEY = "agents/msteams/conversations/a:dm-requester/users/29:requester/intake"


class Chat:
    """One user's turns with the runner: what the bot said, in order."""

    def __init__(self, deps: Deps, *, personal: bool = True) -> None:
        self.deps, self.personal = deps, personal
        self.storage = MemoryStorage()
        self.runner = ConversationRunner(INTAKE, self.storage, deps)
        self.said: list[Reply] = []
        self.actor: Actor = actor(REQUESTER)

    def turn(self) -> ConversationTurn:
        async def say_(reply: Reply) -> None:
            self.said.append(reply)

        async def who() -> Actor:
            return self.actor

        return ConversationTurn(key=KEY, personal=self.personal, locale="ja", say=say_, actor=who)

    async def start(self, text: str) -> None:
        place = {} if self.personal else {"place": CHANNEL_THREAD, "personal": False}
        reply = await INTAKE.entry(self.actor, say(text, **place), self.deps)
        assert reply.ask and reply.draft is not None, reply
        await self.runner.begin(self.turn(), reply.draft, reply.ask)

    async def answer(self, text: str) -> None:
        await self.runner.answer(self.turn(), text)

    async def state(self) -> dict[str, Any] | None:
        found = await self.storage.read([KEY], target_cls=JsonDocument)
        return found[KEY].data if KEY in found else None


async def test_details_then_department_then_the_card() -> None:
    chat = Chat(memory_deps())
    await chat.start("相談です")
    assert chat.said[-1].text == t("intake.ask_details", "ja")
    assert (await chat.state() or {})["asking"] == "details"
    await chat.answer("まだ短い")
    details = INTAKE.questions[Missing.DETAILS]
    assert chat.said[-1].text == t(details.retry, "ja", **details.retry_params)
    assert (await chat.state() or {})["asking"] == "details"  # the question stays open
    await chat.answer(DETAILS)
    assert chat.said[-1].text == t("intake.ask_department", "ja")
    await chat.answer("情報政策課")
    card = chat.said[-1]
    assert card.consultation_id and card.card is not None
    assert await chat.state() is None and not await chat.runner.is_open(chat.turn())
    async with chat.deps.uow() as uow:
        created = await uow.consultations.get(card.consultation_id)
    assert created is not None and created.department == "情報政策課"
    assert created.body.startswith("相談です\n毎月の統計報告")


async def test_the_state_is_plain_json_without_class_names() -> None:
    chat = Chat(memory_deps())
    await chat.start("相談です")
    state = await chat.state()
    assert state is not None and set(state) == {"draft", "needs", "asking"}
    assert state["needs"] == ["details", "department"] and state["draft"]["place"]["conversation_id"]
    assert "py/object" not in str(state)


async def test_in_a_channel_the_prompt_says_to_mention_the_bot() -> None:
    chat = Chat(memory_deps(), personal=False)
    await chat.start("相談です")
    assert chat.said[-1].text == t("intake.ask_details", "ja") + t("intake.mention_hint", "ja")


async def test_cancel_ends_it_with_the_declared_message() -> None:
    chat = Chat(memory_deps())
    await chat.start("相談です")
    await chat.runner.cancel(chat.turn())
    assert chat.said[-1].text == t(INTAKE.cancelled, "ja")
    assert await chat.state() is None


async def test_the_key_is_per_user_and_conversation_under_agents() -> None:
    activity = Activity.model_validate(
        {
            "type": "message",
            "channelId": "msteams",
            "conversation": {"id": "a:dm-requester"},
            "from": {"id": "29:requester"},
        }
    )
    assert state_key("intake", activity) == KEY
