"""The Microsoft 365 Agents SDK edge (BOT_HOST=agents): the same router, handlers, services, storage, cards and
declared intake conversation as bot/teams, hosted on microsoft-agents-hosting-aiohttp. Imports no botbuilder."""
