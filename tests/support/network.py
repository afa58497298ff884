"""The suite's one loopback guard: nothing a test runs may leave the machine.

Allowed: 127.0.0.0/8, ::1 and the name "localhost" (any case); refused: everything else, an empty or missing host
included. The guard replaces `socket.getaddrinfo` (every name look-up: requests, urllib3, aiohttp, asyncpg, msal)
and `socket.socket.connect`/`connect_ex` for IPv4 and IPv6 sockets (asyncio connects to IP literals without a
look-up). A refused look-up raises `socket.gaierror` (what a name that does not resolve raises, so the code under
test takes its ordinary error path), a refused connect `ConnectionRefusedError`; both say "not loopback" and are
recorded in `attempts`, so the test fails afterwards even when the code under test swallowed the error.

Tests use the `network_guard` fixture of tests/conftest.py (it yields `attempts`); tests/test_network_guard.py is
the guard's own test.
"""

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")
_INET = (socket.AF_INET, socket.AF_INET6)


def is_loopback(host: object) -> bool:
    """True for 127.0.0.0/8, ::1 (also written [::1]) and "localhost"; False for anything else."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str) or not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host.removeprefix("[").removesuffix("]"))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        return address == ipaddress.IPv6Address("::1")  # not ::ffff:127.0.0.1, nor ::1 with a scope
    return address.is_loopback


@dataclass
class LoopbackGuard:
    """Wraps a getaddrinfo and a connect: loopback goes through to them, the rest is refused and recorded."""

    real_getaddrinfo: Callable[..., Any]
    real_connect: Callable[..., Any]
    real_connect_ex: Callable[..., Any]
    attempts: list[str] = field(default_factory=list)

    def getaddrinfo(self, host: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_loopback(host):
            self.attempts.append(_shown(host))
            raise socket.gaierror(socket.EAI_NONAME, f"test network guard: {host!r} is not loopback")
        return self.real_getaddrinfo(host, *args, **kwargs)

    def connect(self, sock: socket.socket, address: Any) -> Any:
        self._check_address(sock, address)
        return self.real_connect(sock, address)

    def connect_ex(self, sock: socket.socket, address: Any) -> Any:
        self._check_address(sock, address)
        return self.real_connect_ex(sock, address)

    def _check_address(self, sock: socket.socket, address: Any) -> None:
        if sock.family in _INET and not is_loopback(address[0]):
            self.attempts.append(_shown(address[0]))
            raise ConnectionRefusedError(f"test network guard: {address[0]!r} is not loopback")

    def check(self) -> None:
        """Fail if anything tried to leave loopback (even when the code under test swallowed the error)."""
        assert not self.attempts, f"the test tried to leave loopback: {self.attempts[:5]}"


def _shown(host: object) -> str:
    return host.decode("ascii", "replace") if isinstance(host, bytes) else str(host)


def guard_loopback(monkeypatch: pytest.MonkeyPatch) -> LoopbackGuard:
    """Install the guard for one test (undone with `monkeypatch`), with every proxy variable unset."""
    guard = LoopbackGuard(socket.getaddrinfo, socket.socket.connect, socket.socket.connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", guard.getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", lambda sock, address: guard.connect(sock, address))
    monkeypatch.setattr(socket.socket, "connect_ex", lambda sock, address: guard.connect_ex(sock, address))
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return guard
