"""Builds the web application (settings, database, adapter, bot and routes) and runs it. Wiring only."""

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from aiohttp import web
from botbuilder.core import PrivateConversationState
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

import bot
from bot.agents.agent import ConsultationAgent
from bot.agents.agent import reference_of as agents_reference_of
from bot.agents.conversation_runner import ConversationRunner
from bot.agents.host import AgentsHost, agents_adapter
from bot.agents.proactive import AgentsNotifier, AgentsTransport
from bot.agents.roster import read_team as agents_read_team
from bot.agents.storage import SqlAgentsStorage
from bot.cards.digest_card import digest_card
from bot.cards.links import thread_link
from bot.cards.summary_card import summary_card
from bot.classifier.watch import ModelWatcher
from bot.deps import Deps, SystemClock
from bot.directory.graph import GraphDirectory
from bot.domain.ageing import Aged, AgeingReport
from bot.domain.daily_schedule import DailySchedule
from bot.domain.people import Names
from bot.domain.ports import ChannelSetting, Clock, Directory
from bot.domain.schedule import WeeklySchedule
from bot.domain.scope import Contacts
from bot.domain.stats import Summary
from bot.edge.channel_posts import ChannelPoster
from bot.edge.notify import Transport
from bot.edge.outbox import OutboxNotifier
from bot.edge.roster import SupportRoster, sync_support_team
from bot.edge.spool import IntakeSpool
from bot.handlers import build_router
from bot.handlers.intake_conversation import INTAKE
from bot.holidays_jp import ageing_rules
from bot.jobs import DailyAgeingJob, WeeklySummaryJob
from bot.logging_setup import configure_logging
from bot.services import similar
from bot.settings import Settings
from bot.teams.activity_handler import ConsultationBot
from bot.teams.adapter import ConsultAdapter
from bot.teams.conversation_refs import reference_of as teams_reference_of
from bot.teams.errors import make_on_turn_error
from bot.teams.proactive import BotbuilderTransport, TeamsNotifier
from bot.teams.roster import read_team
from bot.teams.state_storage import SqlBotStorage
from bot.texts import local_date
from bot.views.ageing import nudge_text
from bot.web import consultation_page, links, routes
from bot.workers import supervise
from dialogs.intake_dialog import ConversationDialog
from storage.db import database_ok, make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory

log = logging.getLogger("consult.app")
MAX_REQUEST_BYTES = 1024 * 1024


class ClosableDirectory(Directory, Protocol):
    """A directory the app closes at shutdown (GraphDirectory, or one a test hands in)."""

    async def close(self) -> None: ...


@dataclass(frozen=True)
class BotbuilderEdge:
    adapter: ConsultAdapter
    bot: ConsultationBot


@dataclass(frozen=True)
class Runtime:
    """The running app: its dependencies, database engine, the edge of the chosen host (BOT_HOST), that host's
    transport for messages outside a turn, and the spool (requests kept while the database is down)."""

    deps: Deps
    engine: AsyncEngine
    edge: BotbuilderEdge | AgentsHost
    transport: Transport
    spool: IntakeSpool

    @property
    def host(self) -> str:
        return "botbuilder" if isinstance(self.edge, BotbuilderEdge) else "agents"

    @property
    def poster(self) -> ChannelPoster:
        """Posts into channels (the weekly summary)."""
        return ChannelPoster(self.transport, self.deps.uow)

    async def drain(self, grace: float) -> None:
        """Wait for the turns' background work (notices, roster syncs) at most `grace` seconds; the rest is
        cancelled."""
        if isinstance(self.edge, BotbuilderEdge):
            await self.edge.bot.drain(grace)
        else:
            await self.edge.agent.drain(grace)

    def _botbuilder(self) -> BotbuilderEdge:
        if not isinstance(self.edge, BotbuilderEdge):
            raise RuntimeError("only the botbuilder host has this")
        return self.edge

    @property
    def adapter(self) -> ConsultAdapter:
        return self._botbuilder().adapter

    @property
    def bot(self) -> ConsultationBot:
        return self._botbuilder().bot


settings_key = web.AppKey("settings", Settings)
runtime_key = web.AppKey("runtime", Runtime)
directory_key: web.AppKey[ClosableDirectory] = web.AppKey("directory")  # tests may hand in a directory instead of Graph
clock_key: web.AppKey[Clock] = web.AppKey("clock")  # tests hand in their clock; production uses the system clock


async def runtime_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[settings_key]
    engine = make_engine(settings.database_url)
    if settings.migrate_on_start:
        await upgrade(engine)
    classifier = ModelWatcher(
        settings.classifier_model_path or None,
        threshold=settings.classifier_threshold,
        interval=settings.classifier_reload_seconds,
    )
    uow, clock = SqlUnitOfWorkFactory(make_sessionmaker(engine)), app.get(clock_key) or SystemClock()
    directory = app.get(directory_key) or _directory(settings)
    deps = Deps(
        uow=uow,
        classify=classifier.classify,
        clock=clock,
        tz=ZoneInfo(settings.timezone),
        roster=SupportRoster(uow, clock, frozenset(settings.support_team_ids)),
        open_support=not settings.auth_enabled and not settings.support_team_ids and not settings.support_team_id,
        logger=logging.getLogger("consult"),
        directory=directory,
        channel_messages_without_mention=settings.channel_messages_without_mention,
        configured_channels=configured_channels(settings),
        dashboard_link=links.link_factory(settings, clock),
        ageing=ageing_rules(settings),
        out_of_scope=contacts_of(settings),
        public_base_url=settings.public_base_url,
    )
    uow.after_write(deps.library.note)  # what this instance writes is similar-case material at once (no read)
    edge: BotbuilderEdge | AgentsHost
    spool = IntakeSpool(Path(settings.spool_dir), edge_reference_of(settings))
    if settings.bot_host == "agents":
        deps, edge = _agents_edge(settings, deps, spool)
        transport: Transport = AgentsTransport(edge.adapter, settings.microsoft_app_id)
    else:
        deps, edge = _botbuilder_edge(settings, deps, spool)
        transport = BotbuilderTransport(edge.adapter, settings.microsoft_app_id)
    app[runtime_key] = Runtime(deps, engine, edge, transport, spool)
    app[routes.dashboard_key] = routes.Dashboard(deps, settings)
    _log_start(settings, deps, classifier.version)
    yield
    await app[runtime_key].drain(grace=5.0)
    await edge.adapter.close()  # the kept-alive connections to the Bot Connector
    if directory is not None:
        await directory.close()
    await engine.dispose()


def contacts_of(settings: Settings) -> Contacts | None:
    """Where 対象外 messages are sent instead; None when OUT_OF_SCOPE_ENABLED is off."""
    if not settings.out_of_scope_enabled:
        return None
    return Contacts(
        helpdesk=settings.helpdesk_contact,
        helpdesk_url=settings.helpdesk_url,
        facilities=settings.facilities_contact,
        personnel=settings.personnel_contact,
    )


def edge_reference_of(settings: Settings) -> Callable[[Any], dict[str, Any]]:
    """The chosen SDK's conversation reference of an activity (stored by the spool)."""
    return agents_reference_of if settings.bot_host == "agents" else teams_reference_of


def _botbuilder_edge(settings: Settings, deps: Deps, spool: IntakeSpool) -> tuple[Deps, BotbuilderEdge]:
    """botbuilder 4.17 (bot/teams): the adapter, proactive notices through the outbox, roster sync."""
    adapter = ConsultAdapter(
        ConfigurationBotFrameworkAuthentication(settings.bot_auth()),
        allowed_tenants=frozenset(settings.allowed_tenant_ids),
    )
    adapter.on_turn_error = make_on_turn_error(logging.getLogger("consult.turn"))
    notifier = TeamsNotifier(adapter, settings.microsoft_app_id, deps.uow, deps.clock)
    deps = replace(deps, notifier=OutboxNotifier(notifier, deps.uow, deps.clock))
    read = partial(read_team, adapter, settings.microsoft_app_id)
    deps = replace(deps, sync_roster=partial(sync_support_team, deps, read_team=read))
    state = PrivateConversationState(SqlBotStorage(deps))
    transport = BotbuilderTransport(adapter, settings.microsoft_app_id)
    dialog = ConversationDialog(INTAKE, deps)
    consultation_bot = ConsultationBot(deps, build_router(), state, INTAKE, dialog, spool, transport=transport)
    return deps, BotbuilderEdge(adapter, consultation_bot)


def _agents_edge(settings: Settings, deps: Deps, spool: IntakeSpool) -> tuple[Deps, AgentsHost]:
    """The Microsoft 365 Agents SDK (bot/agents): proactive notices through the outbox, roster sync."""
    adapter = agents_adapter(settings)
    notifier = AgentsNotifier(adapter, settings.microsoft_app_id, deps.uow, deps.clock)
    deps = replace(deps, notifier=OutboxNotifier(notifier, deps.uow, deps.clock))
    read = partial(agents_read_team, adapter, settings.microsoft_app_id)
    deps = replace(deps, sync_roster=partial(sync_support_team, deps, read_team=read))
    runner = ConversationRunner(INTAKE, SqlAgentsStorage(deps), deps)
    transport = AgentsTransport(adapter, settings.microsoft_app_id)
    agent = ConsultationAgent(deps, build_router(), INTAKE, runner, spool, transport=transport)
    return deps, AgentsHost(settings, adapter, agent)


async def background_ctx(app: web.Application) -> AsyncIterator[None]:
    """Background loops: the outbox (retries notifications), the weekly summary (a missed slot at start-up, then one
    per week; claims in SQL make it once) and the daily ageing digest and nudges (the same, per business day).
    Cancelled cleanly at shutdown."""
    settings, runtime = app[settings_key], app[runtime_key]
    deps = runtime.deps
    tasks = [asyncio.create_task(deps.notifier.run_forever())] if isinstance(deps.notifier, OutboxNotifier) else []
    tasks.append(asyncio.create_task(runtime.spool.run_forever(deps, runtime.transport)))
    tasks.append(asyncio.create_task(_read_past_consultations(deps)))
    if settings.summary_enabled:
        tasks.append(asyncio.create_task(_weekly_job(settings, runtime).run_forever()))
    if settings.digest_enabled or settings.nudges_enabled:
        tasks.append(asyncio.create_task(ageing_job(settings, runtime).run_forever()))
    yield
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def _read_past_consultations(deps: Deps) -> None:
    """Read every consultation into the similarity index at start-up, so that the first support card does not wait
    for it (a turn arriving meanwhile waits for this read instead of making its own). A database that is not up yet
    only means the first similar-consultations query reads them."""
    try:
        await similar.refresh(deps.library, deps.uow)
    except (SQLAlchemyError, OSError) as error:
        deps.logger.warning("similar consultations not read at start-up (%s); read on first use", type(error).__name__)


def _weekly_job(settings: Settings, runtime: Runtime) -> WeeklySummaryJob:
    deps = runtime.deps
    schedule = WeeklySchedule.parse(
        settings.summary_weekday, settings.summary_time, ZoneInfo(settings.summary_timezone)
    )

    def card_for(summary: Summary) -> dict:
        link = deps.dashboard_link(summary.period) if deps.dashboard_link else ""
        return summary_card(summary, "ja", dashboard_url=link, heading_key="summary.weekly_heading")

    return WeeklySummaryJob(deps, runtime.poster, card_for, schedule)


def ageing_job(settings: Settings, runtime: Runtime) -> DailyAgeingJob:
    """The daily ageing digest and nudges, as the settings describe them (the background loop; tests run it once)."""
    deps = runtime.deps
    rules = deps.ageing or ageing_rules(settings)
    schedule = DailySchedule.parse(settings.digest_time, deps.tz, rules.calendar)

    def card_for(report: AgeingReport, names: Names) -> dict:
        return digest_card(report, "ja", names)

    def nudge(items: Sequence[Aged], day: date) -> str:
        return nudge_text(items, local_date(day, "ja"), "ja", [thread_link(a.consultation.place) for a in items])

    return DailyAgeingJob(
        deps,
        runtime.poster,
        card_for,
        nudge,
        schedule,
        rules,
        digest_channel_id=settings.digest_channel_id,
        digest_enabled=settings.digest_enabled,
        nudges_enabled=settings.nudges_enabled,
    )


def configured_channels(settings: Settings) -> tuple[ChannelSetting, ...]:
    """Channels named in configuration; 設定 in Teams adds more (stored in SQL)."""
    intake = tuple(ChannelSetting("intake", cid) for cid in settings.consultation_channel_ids)
    summary = (ChannelSetting("summary", settings.summary_channel_id),) if settings.summary_channel_id else ()
    team = (ChannelSetting("support_team", settings.support_team_id),) if settings.support_team_id else ()
    return intake + summary + team


def _directory(settings: Settings) -> GraphDirectory | None:
    if not settings.graph_configured:
        return None
    return GraphDirectory(
        client_id=settings.microsoft_app_id,
        client_secret=settings.microsoft_app_password.get_secret_value(),
        tenant_id=settings.microsoft_app_tenant_id,
        authority_host=settings.graph_authority_host,
        graph_base_url=settings.graph_base_url,
        ca_file=settings.graph_ca_file or None,
    )


def _log_start(settings: Settings, deps: Deps, model_version: str) -> None:
    if settings.auth_enabled:
        log.info("Bot Framework authentication is ON", extra={"app_type": settings.microsoft_app_type})
    else:
        log.warning("Bot Framework authentication is OFF: no MicrosoftAppId is set. Local development only.")
    if settings.bot_host == "agents":
        log.info("the Microsoft 365 Agents SDK hosts the bot (BOT_HOST=agents)")
    if deps.open_support:
        log.warning("No support team is configured and authentication is off: every user may work consultations.")
    if deps.directory is None:
        log.info("Microsoft Graph look-ups are off (no app credentials): departments are asked once and remembered.")
    database = settings.database_url.split(":", 1)[0]
    log.info("ready", extra={"database": database, "classifier": model_version, "host": settings.bot_host})


async def messages(request: web.Request) -> web.StreamResponse:
    runtime = request.app[runtime_key]
    if isinstance(runtime.edge, AgentsHost):
        return await runtime.edge.process(request)
    response = await runtime.adapter.process(request, runtime.bot)
    if response is None:  # only a web socket connection (a GET, not routed here) is answered without one
        raise RuntimeError("the adapter answered a POST with no response")
    return response


async def healthz(request: web.Request) -> web.Response:
    runtime = request.app[runtime_key]
    db_ok = await database_ok(runtime.engine)
    body = {
        "status": "ok" if db_ok else "degraded",
        "version": bot.__version__,
        "database": "ok" if db_ok else "unavailable",
        "host": runtime.host,
    }
    return web.json_response(body, status=200)


def create_app(
    settings: Settings | None = None, *, directory: ClosableDirectory | None = None, clock: Clock | None = None
) -> web.Application:
    """`directory` replaces the Microsoft Graph directory the settings would build, `clock` the system clock
    (both for tests)."""
    app = web.Application(client_max_size=MAX_REQUEST_BYTES)
    app[settings_key] = settings or Settings()
    if directory is not None:
        app[directory_key] = directory
    if clock is not None:
        app[clock_key] = clock
    app.cleanup_ctx.append(runtime_ctx)
    app.cleanup_ctx.append(background_ctx)
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    routes.register(app)
    consultation_page.register(app)
    return app


def serve(settings: Settings | None = None) -> int:
    """Run the bot on HOST:PORT until SIGINT or SIGTERM, with the project's logging (`consult serve`,
    `python app.py`); with WEB_WORKERS > 1, migrate once and supervise that many server processes
    (bot/workers.py). Returns the exit code."""
    settings = settings or Settings()
    configure_logging(settings.log_level)
    if settings.web_workers > 1:
        if settings.migrate_on_start:
            asyncio.run(_migrate_once(settings.database_url))
        return supervise(settings.web_workers, settings.spool_dir)
    web.run_app(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        reuse_port=settings.web_reuse_port or None,
        access_log=None,
        shutdown_timeout=settings.shutdown_timeout,
        print=lambda _: print(f"Consult Bot listening on http://{settings.host}:{settings.port}", flush=True),
    )
    return 0


async def _migrate_once(database_url: str) -> None:
    engine = make_engine(database_url, null_pool=True)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


def main() -> None:
    raise SystemExit(serve())


if __name__ == "__main__":
    main()
