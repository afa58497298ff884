"""Channel posts (the weekly summary) through botbuilder (bot/edge/channel_posts.py)."""

from botbuilder.integration.aiohttp import CloudAdapter

from bot.domain.ports import UnitOfWorkFactory
from bot.edge.channel_posts import ChannelPoster
from bot.teams.proactive import BotbuilderTransport


class TeamsChannelPoster(ChannelPoster):
    def __init__(self, adapter: CloudAdapter, app_id: str, uow: UnitOfWorkFactory) -> None:
        super().__init__(BotbuilderTransport(adapter, app_id), uow)
