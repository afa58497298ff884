"""The floor on the Agents SDK: the agents echo agent (bench/agents_echo_bot.py) on the project's agents adapter
(`AnonymousCapableAdapter`: connector clients over kept-alive connections, the Teams send budget, each turn's
tenant). It answers the same load with the same replies and does none of the project's own work: project-agents −
agents-floor is what that work costs on this host.

Run: PORT=3994 .venv/bin/python -m bench.agents_floor_bot
"""

import os

from aiohttp import web

from bench.agents_echo_bot import build_agent, build_app
from bot.agents.host import agents_adapter
from bot.settings import Settings


def main() -> None:
    adapter = agents_adapter(Settings(_env_file=None))  # type: ignore[call-arg]  # reason: pydantic-settings' own keyword
    app = build_app(build_agent(adapter))

    async def close(_: web.Application) -> None:
        await adapter.close()

    app.on_cleanup.append(close)
    web.run_app(
        app, host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "3978")), access_log=None
    )


if __name__ == "__main__":
    main()
