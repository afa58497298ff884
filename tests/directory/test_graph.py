"""GraphDirectory against a loopback HTTPS Entra + Graph fake, with the real msal, requests and aiohttp."""

import asyncio
import gc
import logging
import socket
import warnings
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.directory.graph import GraphDirectory
from bot.domain.ports import DirectoryEntry
from tests.support.fake_graph import FakeGraph, serve_fake_graph, write_certificates
from tests.support.graph_tenant import CLIENT, HANAKO, JIRO, NOBODY, SECRET, TARO, TENANT, USERS

PERSONAL = [HANAKO, TARO, JIRO, "山田 花子", "デジタル推進課", "佐藤 太郎", "鈴木 次郎"]


@pytest.fixture(autouse=True)
def _loopback_only(network_guard: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Nothing leaves loopback (the suite's network guard: a look-up elsewhere fails at once, an error here rather
    than a hang), no region or proxy applies, and the environment trusts an unrelated CA, as a machine-wide
    REQUESTS_CA_BUNDLE would."""
    monkeypatch.delenv("MSAL_FORCE_REGION", raising=False)
    (tmp_path / "elsewhere").mkdir()
    other_ca, _, _ = write_certificates(tmp_path / "elsewhere")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(other_ca))
    monkeypatch.setenv("CURL_CA_BUNDLE", str(other_ca))


@pytest.fixture
async def fake(tmp_path: Path) -> AsyncIterator[FakeGraph]:
    (tmp_path / "fake").mkdir()
    graph = FakeGraph(tenant_id=TENANT, client_id=CLIENT, client_secret=SECRET, users=dict(USERS))
    async with serve_fake_graph(graph, tmp_path / "fake") as served:
        yield served


@pytest.fixture
async def make_directory(fake: FakeGraph) -> AsyncIterator[Callable[..., GraphDirectory]]:
    made: list[GraphDirectory] = []

    def make(**overrides: Any) -> GraphDirectory:
        options: dict[str, Any] = {
            "client_id": CLIENT,
            "client_secret": SECRET,
            "tenant_id": TENANT,
            "authority_host": fake.url,
            "graph_base_url": fake.url,
            "ca_file": fake.ca_file,
            "timeout": 2.0,
        }
        made.append(GraphDirectory(**(options | overrides)))
        return made[-1]

    yield make
    for directory in made:
        await directory.close()


@pytest.fixture
def directory(make_directory: Callable[..., GraphDirectory]) -> GraphDirectory:
    return make_directory()


def graph_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "consult.graph" and r.levelno == logging.WARNING]


# --- the happy path and what goes over the wire --------------------------------------------------------------------


async def test_lookup_returns_display_name_and_department(directory: GraphDirectory, fake: FakeGraph) -> None:
    assert await directory.lookup(HANAKO) == DirectoryEntry(display_name="山田 花子", department="デジタル推進課")

    assert [(s.method, s.path) for s in fake.seen] == [
        ("GET", f"/{TENANT}/v2.0/.well-known/openid-configuration"),  # msal's tenant discovery, once per app
        ("POST", f"/{TENANT}/oauth2/v2.0/token"),
        ("GET", f"/v1.0/users/{HANAKO}"),
    ]
    token_form = fake.token_requests[0].form
    assert token_form["grant_type"] == "client_credentials"
    assert token_form["client_id"] == CLIENT
    assert token_form["scope"] == f"{fake.url}/.default"
    graph = fake.graph_requests[0]
    assert graph.query == {"$select": "department,displayName"}
    assert graph.headers["Authorization"] == f"Bearer {fake.issued[0]}"


async def test_missing_or_empty_department_is_an_empty_string(directory: GraphDirectory) -> None:
    assert await directory.lookup(TARO) == DirectoryEntry("佐藤 太郎", "")  # "department": null
    assert await directory.lookup(JIRO) == DirectoryEntry("鈴木 次郎", "")  # no department at all


async def test_unknown_person_is_none(directory: GraphDirectory, fake: FakeGraph) -> None:
    assert await directory.lookup(NOBODY) is None
    assert await directory.lookup(NOBODY) is None
    assert len(fake.graph_requests) == 1  # "nobody" is an answer, cached like a person


@pytest.mark.parametrize(
    "bad_id",
    [
        "",
        "not-a-guid",
        "../../me",
        f"{HANAKO}/manager",
        f"{HANAKO}?$select=*",
        f"{HANAKO}\n",
        "{" + HANAKO + "}",
        HANAKO.replace("-", ""),
        "29:1a2b3c4d5e6f",
        "0f8fad5b-d9cb-469f-a165-70867728950g",
    ],
)
async def test_an_id_that_is_not_a_guid_makes_no_request(
    directory: GraphDirectory, fake: FakeGraph, bad_id: str
) -> None:
    assert await directory.lookup(bad_id) is None
    assert fake.seen == []


# --- tokens --------------------------------------------------------------------------------------------------------


async def test_the_token_is_fetched_once_for_several_lookups(directory: GraphDirectory, fake: FakeGraph) -> None:
    for person in (HANAKO, TARO, JIRO, NOBODY):
        await directory.lookup(person)

    assert len(fake.token_requests) == 1
    assert len([s for s in fake.seen if s.path.endswith("openid-configuration")]) == 1
    assert {g.headers["Authorization"] for g in fake.graph_requests} == {f"Bearer {fake.issued[0]}"}


async def test_concurrent_first_lookups_share_one_token(directory: GraphDirectory, fake: FakeGraph) -> None:
    entries = await asyncio.gather(*(directory.lookup(p) for p in (HANAKO, TARO, JIRO)))

    assert [e.display_name for e in entries if e] == ["山田 花子", "佐藤 太郎", "鈴木 次郎"]
    assert len(fake.token_requests) == 1


async def test_an_expired_token_is_fetched_again(directory: GraphDirectory, fake: FakeGraph) -> None:
    # msal reuses an app token only while it has more than 5 minutes left; 299 s is "expired" on arrival.
    fake.expires_in = 299
    await directory.lookup(HANAKO)
    await directory.lookup(TARO)
    assert len(fake.token_requests) == 2
    assert [g.headers["Authorization"] for g in fake.graph_requests] == [f"Bearer {t}" for t in fake.issued]

    fake.expires_in = 3600
    await directory.lookup(JIRO)  # fetches the fresh token, which the next lookup reuses
    await directory.lookup(NOBODY)
    assert len(fake.token_requests) == 3


async def test_a_rejected_token_is_dropped_and_the_call_retried_once(
    directory: GraphDirectory, fake: FakeGraph
) -> None:
    await directory.lookup(HANAKO)
    fake.revoke_tokens()  # Graph now answers the cached token with 401

    assert await directory.lookup(TARO) == DirectoryEntry("佐藤 太郎", "")
    assert len(fake.token_requests) == 2
    assert [g.headers["Authorization"] for g in fake.graph_requests] == [
        f"Bearer {fake.issued[0]}",
        f"Bearer {fake.issued[0]}",  # 401
        f"Bearer {fake.issued[1]}",
    ]


async def test_a_second_401_gives_none(
    directory: GraphDirectory, fake: FakeGraph, caplog: pytest.LogCaptureFixture
) -> None:
    fake.failures = [(401, {}), (401, {})]
    assert await directory.lookup(HANAKO) is None
    assert len(fake.graph_requests) == 2
    assert [r.status for r in graph_warnings(caplog)] == [401]  # type: ignore[attr-defined]


async def test_a_wrong_secret_gives_none_and_a_warning_without_the_secret(
    make_directory: Callable[..., GraphDirectory], fake: FakeGraph, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "Wr0ng~secret.value_1234"
    directory = make_directory(client_secret=wrong)

    assert await directory.lookup(HANAKO) is None
    assert fake.graph_requests == []
    [warning] = graph_warnings(caplog)
    assert warning.error == "invalid_client"  # type: ignore[attr-defined]
    assert_not_logged(caplog, [wrong, SECRET, HANAKO])


# --- failures ------------------------------------------------------------------------------------------------------


async def test_a_server_error_is_retried_once(directory: GraphDirectory, fake: FakeGraph) -> None:
    fake.failures = [(500, {})]
    assert await directory.lookup(HANAKO) == DirectoryEntry("山田 花子", "デジタル推進課")
    assert len(fake.graph_requests) == 2


async def test_two_server_errors_give_none_and_are_not_cached(
    directory: GraphDirectory, fake: FakeGraph, caplog: pytest.LogCaptureFixture
) -> None:
    fake.failures = [(503, {}), (502, {})]
    assert await directory.lookup(HANAKO) is None
    assert [r.status for r in graph_warnings(caplog)] == [502]  # type: ignore[attr-defined]

    assert await directory.lookup(HANAKO) == DirectoryEntry("山田 花子", "デジタル推進課")
    assert len(fake.graph_requests) == 3


async def test_throttling_waits_a_short_retry_after(directory: GraphDirectory, fake: FakeGraph) -> None:
    fake.failures = [(429, {"Retry-After": "1"})]
    assert await directory.lookup(HANAKO) == DirectoryEntry("山田 花子", "デジタル推進課")
    assert len(fake.graph_requests) == 2


@pytest.mark.parametrize("retry_after", ["30", "Wed, 21 Oct 2099 07:28:00 GMT"])
async def test_throttling_with_a_long_retry_after_gives_none_at_once(
    directory: GraphDirectory, fake: FakeGraph, caplog: pytest.LogCaptureFixture, retry_after: str
) -> None:
    fake.failures = [(429, {"Retry-After": retry_after})]
    assert await directory.lookup(HANAKO) is None
    assert len(fake.graph_requests) == 1  # not retried before the server allows it
    assert [r.status for r in graph_warnings(caplog)] == [429]  # type: ignore[attr-defined]


async def test_forbidden_gives_none(
    directory: GraphDirectory, fake: FakeGraph, caplog: pytest.LogCaptureFixture
) -> None:
    fake.failures = [(403, {})]  # the app lacks User.Read.All
    assert await directory.lookup(HANAKO) is None
    assert len(fake.graph_requests) == 1
    assert [r.status for r in graph_warnings(caplog)] == [403]  # type: ignore[attr-defined]


async def test_a_slow_graph_times_out_to_none(
    make_directory: Callable[..., GraphDirectory], fake: FakeGraph, caplog: pytest.LogCaptureFixture
) -> None:
    directory = make_directory(timeout=0.5)
    fake.delay = 10
    assert await directory.lookup(HANAKO) is None
    assert [r.error for r in graph_warnings(caplog)] == ["TimeoutError"]  # type: ignore[attr-defined]


async def test_an_unreachable_authority_gives_none(
    make_directory: Callable[..., GraphDirectory], fake: FakeGraph, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    directory = make_directory(authority_host=f"https://127.0.0.1:{closed_port}")

    assert await directory.lookup(HANAKO) is None
    assert [r.error for r in graph_warnings(caplog)] == ["ConnectionError"]  # type: ignore[attr-defined]
    assert fake.seen == []


async def test_an_untrusted_certificate_gives_none(
    make_directory: Callable[..., GraphDirectory], fake: FakeGraph, tmp_path: Path
) -> None:
    directory = make_directory(ca_file=str(tmp_path / "elsewhere" / "ca.pem"))
    assert await directory.lookup(HANAKO) is None
    assert fake.seen == []  # the TLS handshake failed before any request


# --- the lookup cache ----------------------------------------------------------------------------------------------


async def test_a_repeated_lookup_is_served_from_the_cache(directory: GraphDirectory, fake: FakeGraph) -> None:
    first = await directory.lookup(HANAKO)
    again = await directory.lookup(HANAKO.upper())
    assert first == again == DirectoryEntry("山田 花子", "デジタル推進課")
    assert len(fake.graph_requests) == 1


async def test_the_cache_is_bounded_and_expires(make_directory: Callable[..., GraphDirectory], fake: FakeGraph) -> None:
    small = make_directory(cache_size=1)
    for person in (HANAKO, TARO, HANAKO):
        await small.lookup(person)
    assert len(fake.graph_requests) == 3  # TARO pushed HANAKO out

    uncached = make_directory(cache_ttl=0)
    await uncached.lookup(JIRO)
    await uncached.lookup(JIRO)
    assert len(fake.graph_requests) == 5


# --- logs and lifecycle --------------------------------------------------------------------------------------------


def assert_not_logged(caplog: pytest.LogCaptureFixture, secrets: list[str]) -> None:
    for record in caplog.records:
        text = " ".join([record.getMessage(), *map(str, record.__dict__.values())])
        for secret in secrets:
            assert secret not in text, f"{record.name} logged something it must not"


async def test_logs_never_contain_people_ids_tokens_or_the_secret(
    directory: GraphDirectory, fake: FakeGraph, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, msal and urllib3 included
    await directory.lookup(HANAKO)
    fake.failures = [(500, {}), (500, {})]
    await directory.lookup(TARO)
    fake.revoke_tokens()
    await directory.lookup(JIRO)
    await directory.lookup(NOBODY)

    assert len(graph_warnings(caplog)) == 1
    assert_not_logged(caplog, [SECRET, *PERSONAL, NOBODY, *fake.issued])


async def test_close_releases_the_sessions(make_directory: Callable[..., GraphDirectory]) -> None:
    directory = make_directory()
    await directory.lookup(HANAKO)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        await directory.close()
        await directory.close()  # twice is fine
        gc.collect()
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []

    assert await directory.lookup(TARO) == DirectoryEntry("佐藤 太郎", "")  # reopens lazily after close
    await directory.close()
    await make_directory().close()  # never used
