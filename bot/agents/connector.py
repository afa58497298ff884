"""The Agents SDK's connector clients over kept-alive connections, within Teams' send budget.

Stock 1.9.0 (`RestChannelServiceClientFactory.create_connector_client`) builds a `TeamsConnectorClient` with a new
aiohttp `ClientSession`, so a new connection pool, for every turn, and closes it when the turn ends: each turn opens
a new TCP (and TLS) connection to the Bot Connector, and nothing paces what the bot sends. `PooledConnectorFactory`
gives every Teams turn a client over one session per service URL, on the process's `HttpPool` connector (kept-alive
connections, the CA bundle and proxy settings botbuilder's host uses), whose requests first wait for Teams' send
budget (`SendBudget`, an aiohttp client middleware), as botbuilder's host does with an msrest pipeline step.

The token is got as the SDK gets it (the connection manager's provider for the service URL, or none when anonymous)
and set on the shared session, as the SDK's client sets it on its own: one app identity per process, so every turn's
token is the app's. The SDK closes a turn's client when the turn ends; a pooled client's `close()` leaves the shared
session open, and `close()` here closes the sessions at shutdown. Agentic and Copilot Studio (connector user)
requests keep the SDK's own clients."""

from typing import Any

from aiohttp import ClientHandlerType, ClientRequest, ClientResponse, ClientSession
from microsoft_agents.activity import RoleTypes
from microsoft_agents.hosting.core import ClaimsIdentity, RestChannelServiceClientFactory, TurnContext
from microsoft_agents.hosting.core.authorization import Connections
from microsoft_agents.hosting.core.connector import ConnectorClientBase
from microsoft_agents.hosting.core.connector.teams import TeamsConnectorClient

from bot.edge.http_pool import HttpPool


class PooledTeamsConnectorClient(TeamsConnectorClient):
    """The SDK's Teams client over a session shared by every turn to its service URL."""

    async def close(self) -> None:
        """Called by the SDK when a turn ends: the shared session stays open (PooledConnectorFactory closes it)."""


class PooledConnectorFactory(RestChannelServiceClientFactory):
    def __init__(self, connection_manager: Connections, pool: HttpPool) -> None:
        super().__init__(connection_manager)
        self._connections = connection_manager
        self.pool = pool
        self._sessions: dict[str, ClientSession] = {}  # service URL -> its session
        # service URL -> (token, client): a client holds nothing but its session, so it serves every turn until the
        # token changes (building one per turn costs a package-metadata look-up for its User-Agent, every time).
        self._clients: dict[str, tuple[str, PooledTeamsConnectorClient]] = {}

    async def create_connector_client(
        self,
        context: TurnContext | None,
        claims_identity: ClaimsIdentity,
        service_url: str,
        audience: str,
        scopes: list[str] | None = None,
        use_anonymous: bool = False,
    ) -> ConnectorClientBase:
        if not (service_url and audience) or (context is not None and _not_teams(context)):
            return await super().create_connector_client(
                context, claims_identity, service_url, audience, scopes, use_anonymous
            )
        provider = (
            self._ANONYMOUS_TOKEN_PROVIDER
            if use_anonymous
            else self._connections.get_token_provider(claims_identity, service_url)
        )
        token = await provider.get_access_token(audience, scopes or claims_identity.get_token_scope())
        session = self._session(service_url)
        known = self._clients.get(service_url)
        if known is not None and known[0] == token and known[1].client is session:
            return known[1]
        if len(token) <= 1:  # the SDK's own rule: no token, no header
            session.headers.pop("Authorization", None)
        client = PooledTeamsConnectorClient(service_url, token, session=session)
        self._clients[service_url] = (token, client)
        return client

    def _session(self, service_url: str) -> ClientSession:
        """The service URL's session on the pool's connector (made again when the pool made a new one, for a new
        event loop)."""
        pooled = self.pool.session()
        session = self._sessions.get(service_url)
        if session is None or session.closed or session.connector is not pooled.connector:
            base = service_url if service_url.endswith("/") else service_url + "/"
            session = ClientSession(
                base_url=base,
                connector=pooled.connector,
                connector_owner=False,
                timeout=pooled.timeout,
                trust_env=pooled.trust_env,
                middlewares=(self._within_budget,),
            )
            self._sessions[service_url] = session
        return session

    async def _within_budget(self, request: ClientRequest, handler: ClientHandlerType) -> ClientResponse:
        await self.pool.budget.before_send(request.method, str(request.url))
        return await handler(request)

    async def close(self) -> None:
        """Close the sessions and the kept-alive connections (at shutdown)."""
        sessions, self._sessions, self._clients = list(self._sessions.values()), {}, {}
        for session in sessions:
            await session.close()
        await self.pool.close()


def _not_teams(context: TurnContext) -> bool:
    """Requests the SDK serves with other clients: agentic ones, and Copilot Studio's (a connector user)."""
    activity: Any = context.activity
    recipient = activity.recipient
    return bool(activity.is_agentic_request()) or (recipient is not None and recipient.role == RoleTypes.connector_user)
