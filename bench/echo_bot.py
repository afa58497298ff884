"""The canonical botbuilder echo bot (the shape of botbuilder-samples 02.echo-bot on CloudAdapter), the benchmark's
baseline: stock CloudAdapter + ActivityHandler + `turn_context.send_activity`, no optimisation.

A card click (Action.Execute) is answered as the Universal Actions samples do: the clicked message is replaced
(`update_activity`, one PUT) and the invoke is answered with a card. The invoke is handled in `on_invoke_activity`
returning an `InvokeResponse` whose body is still a model: the SDK hook `on_adaptive_card_invoke` would be answered
with HTTP 500 by stock 4.17.1 (the body is serialized twice), which is a bug, not a baseline.

Run: PORT=3991 .venv/bin/python -m bench.echo_bot   (no MicrosoftAppId: authentication off, as in local samples)
"""

import os
import sys
import traceback

from aiohttp import web
from aiohttp.web import Request, Response
from botbuilder.core import ActivityHandler, CardFactory, InvokeResponse, MessageFactory, TurnContext
from botbuilder.core.integration import aiohttp_error_middleware
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import AdaptiveCardInvokeResponse


class DefaultConfig:
    PORT = int(os.environ.get("PORT", "3978"))
    APP_ID = os.environ.get("MicrosoftAppId", "")
    APP_PASSWORD = os.environ.get("MicrosoftAppPassword", "")
    APP_TYPE = os.environ.get("MicrosoftAppType", "MultiTenant")
    APP_TENANTID = os.environ.get("MicrosoftAppTenantId", "")


def echo_card(text: str) -> dict:
    return {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": text, "wrap": True}]}


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext):
        return await turn_context.send_activity(MessageFactory.text(f"Echo: {turn_context.activity.text}"))

    async def on_invoke_activity(self, turn_context: TurnContext):
        if turn_context.activity.name != "adaptiveCard/action":
            return await super().on_invoke_activity(turn_context)
        action = (turn_context.activity.value or {}).get("action") or {}
        card = echo_card(f"Echo: {action.get('verb')}")
        updated = MessageFactory.attachment(CardFactory.adaptive_card(card))
        updated.id = turn_context.activity.reply_to_id
        await turn_context.update_activity(updated)
        body = AdaptiveCardInvokeResponse(status_code=200, type="application/vnd.microsoft.card.adaptive", value=card)
        return InvokeResponse(status=200, body=body)


def build_app(config: object, adapter: CloudAdapter | None = None) -> web.Application:
    """The sample's app; `adapter` replaces its stock CloudAdapter (bench/floor_bot.py passes the project's)."""
    adapter = adapter or CloudAdapter(ConfigurationBotFrameworkAuthentication(config))

    async def on_error(context: TurnContext, error: Exception):
        print(f"\n [on_turn_error] unhandled error: {error}", file=sys.stderr)
        traceback.print_exc()
        await context.send_activity("The bot encountered an error or bug.")

    adapter.on_turn_error = on_error
    bot = EchoBot()

    async def messages(req: Request) -> Response:
        return await adapter.process(req, bot)

    app = web.Application(middlewares=[aiohttp_error_middleware])
    app.router.add_post("/api/messages", messages)
    return app


def main() -> None:
    config = DefaultConfig()
    web.run_app(build_app(config), host=os.environ.get("HOST", "127.0.0.1"), port=config.PORT, access_log=None)


if __name__ == "__main__":
    main()
