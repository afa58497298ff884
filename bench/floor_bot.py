"""The floor: the echo bot's handler (bench/echo_bot.py) on the project's Teams plumbing, `ConsultAdapter` (connector
clients reused per service URL, kept-alive HTTP, the one-pass JSON writer, the Teams send budget, the 401/400/403
checks). It answers the same load with the same replies and does none of the project's own work (no classifier, no
SQL, no status card): its CPU per request is what any turn costs before that work starts, so project − floor is what
the work itself costs.

Run: PORT=3992 .venv/bin/python -m bench.floor_bot
"""

import os

from aiohttp import web
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication

from bench.echo_bot import DefaultConfig, build_app
from bot.teams.adapter import ConsultAdapter


def main() -> None:
    config = DefaultConfig()
    adapter = ConsultAdapter(ConfigurationBotFrameworkAuthentication(config))
    app = build_app(config, adapter)

    async def close(_: web.Application) -> None:
        await adapter.close()

    app.on_cleanup.append(close)
    web.run_app(app, host=os.environ.get("HOST", "127.0.0.1"), port=config.PORT, access_log=None)


if __name__ == "__main__":
    main()
