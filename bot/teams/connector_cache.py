"""Bot Connector clients made once and reused: per (app id, audience, service URL), over kept-alive connections.

Stock botbuilder 4.17.1 builds, on every turn, a ConnectorClient (with new credentials, so an empty MSAL token
cache) and a TokenApiClient; each costs about 5 ms of CPU, mostly msrest's ClientRetryPolicy rebuilding a
999-item list. `PooledAuthentication` wraps the configured BotFrameworkAuthentication: authentication itself is
untouched, but the connector factories it hands out return a cached client, signed by credentials that
botbuilder's own credential factory made (so the bot's token is attached and cached as MSAL caches it), and the
user-token client (OAuth sign-in, unused by this bot) is only built if something calls it. The clients serialise
request bodies with `wire_json.WireSerializer`: the same JSON, without msrest's node-by-node walk of every card.
"""

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from botframework.connector.auth._connector_factory_impl import USER_AGENT, _ConnectorFactoryImpl
from botframework.connector.bot_framework_sdk_client_async import BotFrameworkConnectorConfiguration

from bot.edge.http_pool import HttpPool
from bot.teams.connector_http import connector_pipeline
from bot.teams.wire_json import use_wire_serializer

MAX_CLIENTS = 64  # service URLs are a handful per cloud region; the bound only guards against odd input


class ConnectorPool:
    """ConnectorClients by (app id, audience, login endpoint, service URL), least recently used dropped first."""

    def __init__(self, http: HttpPool, max_clients: int = MAX_CLIENTS) -> None:
        self.http, self._max = http, max_clients
        self._clients: OrderedDict[tuple, ConnectorClient] = OrderedDict()

    async def client(self, stock: ConnectorFactory, service_url: str, audience: str | None) -> ConnectorClient:
        """What `stock.create(service_url, audience)` would return, made once. A factory that is not botbuilder's
        plain one (streaming, or a custom client configuration) is used as it is."""
        if type(stock) is not _ConnectorFactoryImpl or stock._connector_client_configuration is not None:
            return await stock.create(service_url, audience)
        scope = audience or stock._to_channel_from_bot_oauth_scope
        key = (stock._app_id, scope, stock._login_endpoint, stock._validate_authority, service_url)
        client = self._clients.get(key)
        if client is not None:
            self._clients.move_to_end(key)
            return client
        credentials = await stock._credential_factory.create_credentials(
            stock._app_id, scope, stock._login_endpoint, stock._validate_authority
        )
        configuration = BotFrameworkConnectorConfiguration(
            credentials, service_url, pipeline_type=lambda config: connector_pipeline(config, self.http)
        )
        client = ConnectorClient(credentials, base_url=service_url, custom_configuration=configuration)
        client.config.add_user_agent(USER_AGENT)
        use_wire_serializer(client)  # same request bodies, without msrest's node-by-node walk of the cards
        self._clients[key] = client
        while len(self._clients) > self._max:
            self._clients.popitem(last=False)
        return client


class PooledConnectorFactory(ConnectorFactory):
    def __init__(self, stock: ConnectorFactory, pool: ConnectorPool) -> None:
        self._stock, self._pool = stock, pool

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        return await self._pool.client(self._stock, service_url, audience)


class PooledAuthentication(BotFrameworkAuthentication):
    """`inner` with cached connector clients and a lazily built user-token client; everything else is `inner`'s."""

    def __init__(self, inner: BotFrameworkAuthentication, *, max_clients: int = MAX_CLIENTS) -> None:
        self.inner = inner
        self.connectors = ConnectorPool(HttpPool(), max_clients)
        self._token_clients: dict[str | None, LazyUserTokenClient] = {}

    async def authenticate_request(self, activity: Any, auth_header: str) -> AuthenticateRequestResult:
        result = await self.inner.authenticate_request(activity, auth_header)
        if result.connector_factory is not None:
            result.connector_factory = PooledConnectorFactory(result.connector_factory, self.connectors)
        return result

    async def authenticate_streaming_request(self, auth_header: str, channel_id_header: str) -> Any:
        return await self.inner.authenticate_streaming_request(auth_header, channel_id_header)

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return PooledConnectorFactory(self.inner.create_connector_factory(claims_identity), self.connectors)

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        """One per app id (what the stock client depends on), built on first use."""
        app_id = claims_identity.get_claim_value(AuthenticationConstants.AUDIENCE_CLAIM)
        if app_id is None:
            app_id = claims_identity.get_claim_value(AuthenticationConstants.APP_ID_CLAIM)
        client = self._token_clients.get(app_id)
        if client is None:
            client = LazyUserTokenClient(lambda: self.inner.create_user_token_client(claims_identity))
            if len(self._token_clients) < MAX_CLIENTS:
                self._token_clients[app_id] = client
        return client

    def create_bot_framework_client(self) -> Any:
        return self.inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return self.inner.get_originating_audience()

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self.inner.authenticate_channel_request(auth_header)

    async def close(self) -> None:
        """Close the kept-alive connections (at shutdown; the loop's end closes them too)."""
        await self.connectors.http.close()


class LazyUserTokenClient(UserTokenClient):
    """Builds botbuilder's user-token client (a TokenApiClient) the first time one of its methods is called."""

    def __init__(self, make: Callable[[], Awaitable[UserTokenClient]]) -> None:
        self._make = make
        self._client: UserTokenClient | None = None

    async def _real(self) -> UserTokenClient:
        if self._client is None:
            self._client = await self._make()
        return self._client

    async def get_user_token(self, *args: Any, **kwargs: Any) -> Any:
        return await (await self._real()).get_user_token(*args, **kwargs)

    async def get_sign_in_resource(self, *args: Any, **kwargs: Any) -> Any:
        return await (await self._real()).get_sign_in_resource(*args, **kwargs)

    async def sign_out_user(self, *args: Any, **kwargs: Any) -> Any:
        return await (await self._real()).sign_out_user(*args, **kwargs)

    async def get_token_status(self, *args: Any, **kwargs: Any) -> Any:
        return await (await self._real()).get_token_status(*args, **kwargs)

    async def get_aad_tokens(self, *args: Any, **kwargs: Any) -> Any:
        return await (await self._real()).get_aad_tokens(*args, **kwargs)

    async def exchange_token(self, *args: Any, **kwargs: Any) -> Any:
        return await (await self._real()).exchange_token(*args, **kwargs)
