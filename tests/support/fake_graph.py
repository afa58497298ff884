"""A loopback HTTPS server standing in for Entra ID (OIDC discovery + client-credentials token) and Microsoft Graph.

The certificate chain (a throwaway CA and a leaf for 127.0.0.1/localhost) is generated with `cryptography` at start-up;
`ca_file` is the CA certificate to trust. Every request is recorded; Graph answers can be scripted (status codes with
headers, revoked tokens, a delay).
"""

import asyncio
import datetime as dt
import ipaddress
import itertools
import secrets
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    form: dict[str, str]


@dataclass
class FakeGraph:
    tenant_id: str
    client_id: str
    client_secret: str
    users: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> Graph user fields
    expires_in: int = 3600  # of the tokens issued
    failures: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # Graph answers before the real one
    delay: float = 0.0  # seconds before a Graph answer
    seen: list[Seen] = field(default_factory=list)
    issued: list[str] = field(default_factory=list)
    revoked: set[str] = field(default_factory=set)
    url: str = ""
    ca_file: str = ""
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _closing: asyncio.Event = field(default_factory=asyncio.Event)

    # --- what tests read ---------------------------------------------------------------------------------------

    @property
    def token_requests(self) -> list[Seen]:
        return [s for s in self.seen if s.path == f"/{self.tenant_id}/oauth2/v2.0/token"]

    @property
    def graph_requests(self) -> list[Seen]:
        return [s for s in self.seen if s.path.startswith("/v1.0/")]

    def revoke_tokens(self) -> None:
        """Every token issued so far is now answered with 401 (as after a key rollover or a revoked grant)."""
        self.revoked.update(self.issued)

    # --- the server --------------------------------------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._record])
        app.router.add_get(f"/{self.tenant_id}/v2.0/.well-known/openid-configuration", self._openid_configuration)
        app.router.add_post(f"/{self.tenant_id}/oauth2/v2.0/token", self._token)
        app.router.add_get("/v1.0/users/{id}", self._user)
        return app

    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        form = {k: str(v) for k, v in (await request.post()).items()} if request.method == "POST" else {}
        self.seen.append(Seen(request.method, request.path, dict(request.query), dict(request.headers), form))
        return await handler(request)

    async def _openid_configuration(self, request: web.Request) -> web.Response:
        base = f"{self.url}/{self.tenant_id}"
        return web.json_response(
            {
                "issuer": f"{self.url}/{self.tenant_id}/v2.0",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "token_endpoint": f"{base}/oauth2/v2.0/token",
                "jwks_uri": f"{self.url}/{self.tenant_id}/discovery/v2.0/keys",
                "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
                "subject_types_supported": ["pairwise"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_post",
                    "private_key_jwt",
                    "client_secret_basic",
                ],
                "tenant_region_scope": "AS",
            }
        )

    async def _token(self, request: web.Request) -> web.Response:
        form = await request.post()
        if form.get("grant_type") != "client_credentials":
            return _oauth_error(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.")
        if form.get("client_id") != self.client_id:
            return _oauth_error(400, "unauthorized_client", 700016, "Application not found in the directory.")
        if form.get("client_secret") != self.client_secret:
            # Entra answers a wrong secret with 401 invalid_client (AADSTS7000215), not 400.
            return _oauth_error(401, "invalid_client", 7000215, "Invalid client secret provided.")
        if form.get("scope") != f"{self.url}/.default":
            return _oauth_error(400, "invalid_scope", 1002012, "The provided value for scope is not valid.")
        token = f"fake-at-{next(self._ids)}-{secrets.token_urlsafe(16)}"
        self.issued.append(token)
        return web.json_response(
            {"token_type": "Bearer", "expires_in": self.expires_in, "ext_expires_in": self.expires_in,
             "access_token": token}
        )  # fmt: skip

    async def _user(self, request: web.Request) -> web.Response:
        if self.delay:
            try:
                await asyncio.wait_for(self._closing.wait(), self.delay)
            except TimeoutError:
                pass
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ")
        if not auth.startswith("Bearer ") or token not in self.issued or token in self.revoked:
            return _graph_error(401, "InvalidAuthenticationToken", "Access token validation failure.")
        if self.failures:
            status, headers = self.failures.pop(0)
            return _graph_error(status, "Scripted", "scripted failure", headers)
        user = self.users.get(request.match_info["id"])
        if user is None:
            return _graph_error(404, "Request_ResourceNotFound", "Resource does not exist.")
        select = [s for s in request.query.get("$select", "").split(",") if s]
        body = {k: v for k, v in user.items() if not select or k in select}
        context = f"https://graph.microsoft.com/v1.0/$metadata#users({','.join(select)})/$entity"
        return web.json_response({"@odata.context": context, **body})


def _oauth_error(status: int, error: str, code: int, description: str) -> web.Response:
    body = {"error": error, "error_description": f"AADSTS{code}: {description}", "error_codes": [code]}
    return web.json_response(body, status=status)


def _graph_error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status, headers=headers)


# --- certificates --------------------------------------------------------------------------------------------------


def write_certificates(directory: Path) -> tuple[Path, Path, Path]:
    """A CA and a leaf for 127.0.0.1 and localhost; returns (ca.pem, leaf.pem, leaf.key)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Consult Bot test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )  # keyCertSign, cRLSign
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True
        )  # digitalSignature
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = directory / "ca.pem", directory / "leaf.pem", directory / "leaf.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return paths


@asynccontextmanager
async def serve_fake_graph(fake: FakeGraph, directory: Path) -> AsyncIterator[FakeGraph]:
    """Serve `fake` over HTTPS on 127.0.0.1 (a free port); sets `fake.url` and `fake.ca_file`."""
    ca, leaf, key = write_certificates(directory)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(leaf, key)
    runner = web.AppRunner(fake.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    port = runner.addresses[0][1]
    fake.url, fake.ca_file = f"https://127.0.0.1:{port}", str(ca)
    try:
        yield fake
    finally:
        fake._closing.set()
        await runner.cleanup()
