"""The suite's loopback guard (tests/support/network.py): 127.0.0.0/8, ::1 and localhost pass, everything else is
refused, recorded, and fails the test afterwards."""

import socket
from pathlib import Path
from typing import Any

import pytest

from tests.support.network import LoopbackGuard, is_loopback

LOOPBACK = ["127.0.0.1", "127.0.0.53", "127.255.255.254", "::1", "[::1]", "0:0:0:0:0:0:0:1", "localhost", "LocalHost"]
ELSEWHERE = [
    "login.botframework.com",
    "localhost.example.com",
    "127.0.0.1.nip.io",
    "10.0.0.1",
    "126.255.255.255",
    "128.0.0.1",
    "169.254.169.254",  # cloud metadata
    "0.0.0.0",  # every interface
    "::",
    "::ffff:127.0.0.1",  # IPv4-mapped: not ::1
    "fe80::1",
    "2130706433",  # 127.0.0.1 as a number: inet_aton would take it; the guard does not
    "",
    None,
]


@pytest.mark.parametrize("host", [*LOOPBACK, *(h.encode() for h in LOOPBACK)])
def test_loopback_hosts_are_allowed(host: str | bytes) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", [*ELSEWHERE, b"example.com"])
def test_every_other_host_is_refused(host: str | bytes | None) -> None:
    assert not is_loopback(host)


class Recording:
    """Stands in for the real socket functions: records what reached them."""

    def __init__(self) -> None:
        self.calls: list[Any] = []

    def __call__(self, *args: Any) -> str:
        self.calls.append(args)
        return "real"


def make_guard() -> tuple[LoopbackGuard, Recording]:
    real = Recording()
    return LoopbackGuard(real, real, real), real


def test_the_guard_passes_loopback_look_ups_and_connections_through() -> None:
    guard, real = make_guard()
    with socket.socket(socket.AF_INET6) as v6, socket.socket() as v4:
        assert guard.getaddrinfo("::1", 443) == "real"
        assert guard.getaddrinfo(b"localhost", 443, socket.AF_INET) == "real"
        assert guard.connect(v4, ("127.0.0.1", 5432)) == "real"
        assert guard.connect_ex(v6, ("::1", 5432, 0, 0)) == "real"
    assert len(real.calls) == 4
    assert guard.attempts == []
    guard.check()


def test_the_guard_refuses_and_records_everything_else() -> None:
    guard, real = make_guard()
    with pytest.raises(socket.gaierror, match="not loopback"):
        guard.getaddrinfo("login.botframework.com", 443)
    with socket.socket() as v4, pytest.raises(ConnectionRefusedError, match="not loopback"):
        guard.connect(v4, ("192.0.2.1", 443))  # an IP literal: no look-up on the way
    with socket.socket(socket.AF_INET6) as v6, pytest.raises(ConnectionRefusedError, match="not loopback"):
        guard.connect_ex(v6, ("2001:db8::1", 443, 0, 0))
    assert real.calls == []
    assert guard.attempts == ["login.botframework.com", "192.0.2.1", "2001:db8::1"]
    with pytest.raises(AssertionError, match=r"login\.botframework\.com"):
        guard.check()  # what the fixture does after the test: swallowed errors still fail it


def test_the_guard_leaves_unix_sockets_alone(tmp_path: Path) -> None:
    guard, real = make_guard()
    with socket.socket(socket.AF_UNIX) as unix:
        assert guard.connect(unix, str(tmp_path / "socket")) == "real"
    assert len(real.calls) == 1 and guard.attempts == []


def test_the_network_guard_fixture_is_installed(network_guard: list[str]) -> None:
    """Through the fixture, the real socket module: a name elsewhere fails at once; loopback works for real."""
    with pytest.raises(OSError, match="not loopback"):
        socket.getaddrinfo("example.com", 443)
    assert network_guard == ["example.com"]
    network_guard.clear()  # expected here; any other attempt would fail this test
    assert socket.getaddrinfo("localhost", 80)
    with socket.create_server(("127.0.0.1", 0)) as server, socket.create_connection(server.getsockname(), timeout=5):
        pass
    assert network_guard == []
