"""The canonical Agents SDK echo agent (the shape of Agents-for-python's quickstart samples), the benchmark's baseline
for BOT_HOST=agents: stock aiohttp `CloudAdapter` + `AgentApplication[TurnState]` with `MemoryStorage`, the SDK's JWT
middleware (anonymous: no app id, as in local samples), `start_agent_process`, no optimisation.

A card click (Action.Execute) is answered as the Universal Actions samples do: the clicked message is replaced
(`update_activity`, one PUT) and the invoke is answered with a card (`adaptive_card.action_execute`).

Run: PORT=3993 .venv/bin/python -m bench.agents_echo_bot
"""

import os
import re
from typing import Any

from aiohttp.web import Application, Request, Response, run_app
from microsoft_agents.activity import Activity, AdaptiveCardInvokeResponse, Attachment
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_middleware, start_agent_process
from microsoft_agents.hosting.core import (
    AgentApplication,
    AgentAuthConfiguration,
    MemoryStorage,
    TurnContext,
    TurnState,
)

CARD = "application/vnd.microsoft.card.adaptive"


def echo_card(text: str) -> dict:
    return {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": text, "wrap": True}]}


ANONYMOUS = AgentAuthConfiguration(anonymous_allowed=True)  # no app id: what the samples' .env holds for a local run


def connections() -> MsalConnectionManager:
    """The samples' MSAL connection manager over the service connection (here without an app id)."""
    return MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": ANONYMOUS})


def build_agent(adapter: CloudAdapter | None = None) -> AgentApplication[TurnState]:
    """The sample's agent; `adapter` replaces its stock CloudAdapter (bench/agents_floor_bot.py passes ours)."""
    manager = connections()
    agent = AgentApplication[TurnState](
        storage=MemoryStorage(), adapter=adapter or CloudAdapter(connection_manager=manager), connection_manager=manager
    )

    async def on_message(context: TurnContext, _state: TurnState) -> None:
        await context.send_activity(f"Echo: {context.activity.text}")

    async def on_action(context: TurnContext, _state: TurnState, data: Any) -> AdaptiveCardInvokeResponse:
        verb = (context.activity.value or {}).get("action", {}).get("verb")
        card = echo_card(f"Echo: {verb}")
        updated = Activity(type="message", attachments=[Attachment(content_type=CARD, content=card)])
        updated.id = context.activity.reply_to_id
        await context.update_activity(updated)
        return AdaptiveCardInvokeResponse(status_code=200, type=CARD, value=card)

    agent.activity("message")(on_message)
    agent.adaptive_card.action_execute(re.compile(".*"))(on_action)
    return agent


def build_app(agent: AgentApplication[TurnState]) -> Application:
    async def messages(request: Request) -> Response:
        response = await start_agent_process(request, agent, agent.adapter)
        return response or Response(status=202)

    app = Application(middlewares=[jwt_authorization_middleware])
    app.router.add_post("/api/messages", messages)
    app["agent_configuration"] = ANONYMOUS
    return app


def main() -> None:
    port = int(os.environ.get("PORT", "3978"))
    run_app(build_app(build_agent()), host=os.environ.get("HOST", "127.0.0.1"), port=port, access_log=None)


if __name__ == "__main__":
    main()
