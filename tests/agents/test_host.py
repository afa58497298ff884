"""The agents host's configuration from the project's settings, and its answer to a turn that fails."""

import logging

import pytest
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import AuthTypes, TurnContext

from bot.agents.agent import ConsultationAgent
from bot.agents.conversation_runner import ConversationRunner
from bot.agents.host import BOT_FRAMEWORK_ISSUER, AgentsHost, agents_adapter, auth_configuration
from bot.agents.proactive import AgentsTransport
from bot.agents.storage import SqlAgentsStorage
from bot.handlers import build_router
from bot.handlers.intake_conversation import INTAKE
from bot.settings import Settings
from bot.texts import t
from tests.support import activities as a
from tests.support.memory import memory_deps


def settings(**values: object) -> Settings:
    return Settings(database_url="sqlite://", bot_host="agents", **values)  # type: ignore[arg-type]


def test_without_an_app_id_requests_are_anonymous() -> None:
    config = auth_configuration(settings())
    assert config.ANONYMOUS_ALLOWED and not config.CLIENT_ID


def test_the_microsoft_app_settings_become_the_service_connection() -> None:
    multi = auth_configuration(settings(microsoft_app_id="app", microsoft_app_password="pw"))
    assert (multi.CLIENT_ID, multi.CLIENT_SECRET, multi.AUTH_TYPE) == ("app", "pw", AuthTypes.client_secret)
    assert multi.TENANT_ID == "botframework.com" and not multi.ANONYMOUS_ALLOWED  # botbuilder's MultiTenant tenant
    assert multi.VALIDATE_ISSUER and multi.ISSUERS == [BOT_FRAMEWORK_ISSUER]
    single = auth_configuration(
        settings(
            microsoft_app_id="app",
            microsoft_app_password="pw",
            microsoft_app_type="SingleTenant",
            microsoft_app_tenant_id="tenant-1",
            bot_login_url="https://login.example.lg.jp/adfs",
        )
    )
    assert (single.TENANT_ID, single.AUTHORITY) == ("tenant-1", "https://login.example.lg.jp/adfs")
    msi = auth_configuration(
        settings(microsoft_app_id="app", microsoft_app_type="UserAssignedMSI", microsoft_app_tenant_id="tenant-1")
    )
    assert msi.AUTH_TYPE == AuthTypes.user_managed_identity and not msi.CLIENT_SECRET


@pytest.mark.parametrize("error", [RuntimeError("secret detail 山田"), KeyError("consultation_id")])
async def test_a_failed_invoke_is_answered_200_with_the_polite_card_never_the_error(
    error: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    deps = memory_deps()
    adapter = agents_adapter(settings())
    runner = ConversationRunner(INTAKE, SqlAgentsStorage(deps), deps)
    agent = ConsultationAgent(deps, build_router(), INTAKE, runner, transport=AgentsTransport(adapter, ""))
    host = AgentsHost(settings(), adapter, agent)
    invoke = a.card_invoke("http://127.0.0.1:9/", "consultation.start", {"consultation_id": 1}, reply_to_id="x")
    context = TurnContext(host.adapter, Activity.model_validate(invoke))
    assert host.adapter.on_turn_error is not None
    await host.adapter.on_turn_error(context, error)
    answer = context.turn_state[host.adapter.INVOKE_RESPONSE_KEY]
    assert isinstance(answer, Activity) and answer.type == "invokeResponse"
    assert isinstance(answer.value, dict) and answer.value["status"] == 200
    shown = str(answer.value["body"]["value"])
    [failure] = [r for r in caplog.records if r.name == "consult.turn" and r.levelno == logging.ERROR]
    assert t("error.generic", "ja", ref=failure.__dict__["ref"]) in shown  # the reference the log has
    assert "secret" not in shown and "山田" not in shown and "consultation_id" not in shown
