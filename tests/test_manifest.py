"""The Teams app package: built from manifest/, validated offline against Microsoft's schema (@microsoft/app-manifest)."""

import json
import shutil
import socket
import zipfile
from pathlib import Path
from typing import Any

import pytest

import bot.manifest as bm
import bot.manifest_checks as checks
from bot.cli import main
from bot.png import read_png, write_png

APP_ID = "11111111-2222-3333-4444-555555555555"
DOMAIN = "consult.example.lg.jp"
SCHEMA_VERSION = "1.30"
PERSONAL = ["新規", "一覧", "詳細", "状況", "検索", "ヘルプ"]
TEAM = ["新規", "一覧", "詳細", "検索", "設定", "集計", "ヘルプ"]
ENGLISH = {
    "新規": "new",
    "一覧": "list",
    "詳細": "details",
    "状況": "status",
    "検索": "search",
    "設定": "setup",
    "集計": "summary",
    "ヘルプ": "help",
}


@pytest.fixture(autouse=True)
def _schemas_installed() -> None:
    if not (checks.SCHEMA_DIR / f"v{SCHEMA_VERSION}" / checks.MANIFEST_SCHEMA).is_file():
        pytest.fail(
            "the Teams JSON schemas are missing: run `make bootstrap` or `npm ci` (installs @microsoft/app-manifest)"
        )


@pytest.fixture
def manifest_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of manifest/ that a test may break; the builder reads it instead of the real one."""
    copy = tmp_path / "manifest"
    shutil.copytree(bm.MANIFEST_DIR, copy)
    monkeypatch.setattr(bm, "MANIFEST_DIR", copy)
    return copy


def edit_json(path: Path, change: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def build(**kw: Any) -> dict[str, Any]:
    return bm.build_manifest(kw.pop("app_id", APP_ID), kw.pop("domain", DOMAIN), kw.pop("version", "0.1.0"), **kw)


def problems_of(**kw: Any) -> str:
    with pytest.raises(checks.ManifestError) as info:
        build(**kw)
    return str(info.value)


def test_a_built_package_validates_against_the_teams_schema(tmp_path: Path) -> None:
    out = bm.write_package(build(), tmp_path / "appPackage.zip")
    with zipfile.ZipFile(out) as z:
        assert set(z.namelist()) == {"manifest.json", "en-us.json", "color.png", "outline.png"}
        manifest = json.loads(z.read("manifest.json"))
        english = json.loads(z.read("en-us.json"))
    assert checks.schema_version(manifest) == SCHEMA_VERSION == manifest["manifestVersion"]
    assert checks.schema_errors(manifest, SCHEMA_VERSION) == []
    assert checks.schema_errors(english, SCHEMA_VERSION, checks.LOCALIZATION_SCHEMA) == []
    assert checks.limit_errors(manifest, {"en-us.json": english}) == []
    assert manifest["id"] == manifest["bots"][0]["botId"] == APP_ID
    assert manifest["version"] == "0.1.0" and manifest["validDomains"] == [DOMAIN]
    assert manifest["accentColor"].startswith("#") and all(
        manifest["developer"][k].startswith("https://") for k in ("websiteUrl", "privacyUrl", "termsOfUseUrl")
    )
    bot = manifest["bots"][0]
    assert bot["scopes"] == ["personal", "team", "groupChat"]
    lists = {tuple(cl["scopes"]): [c["title"] for c in cl["commands"]] for cl in bot["commandLists"]}
    assert lists == {("personal",): PERSONAL, ("team", "groupChat"): TEAM}
    for c, command_list in enumerate(bot["commandLists"]):
        for i, command in enumerate(command_list["commands"]):
            key = f"bots[0].commandLists[{c}].commands[{i}]"
            assert english[f"{key}.title"] == ENGLISH[command["title"]]
            assert command["description"] and english[f"{key}.description"]
    assert "authorization" not in manifest and "webApplicationInfo" not in manifest


def test_the_channel_message_permission_is_present_only_when_requested(tmp_path: Path) -> None:
    manifest = build(channel_messages=True)
    assert manifest["authorization"] == {
        "permissions": {"resourceSpecific": [{"name": "ChannelMessage.Read.Group", "type": "Application"}]}
    }
    assert manifest["webApplicationInfo"] == {"id": APP_ID, "resource": f"api://{DOMAIN}/{APP_ID}"}
    assert bm.CHANNEL_MESSAGES_NOTE["ja"] in manifest["description"]["full"]  # the owner is told how posts are used
    assert bm.CHANNEL_MESSAGES_NOTE["en"] in bm.localizations(manifest)["en-us.json"]["description.full"]
    assert checks.schema_errors(manifest, SCHEMA_VERSION) == []
    plain = build(channel_messages=False)
    assert not bm.has_channel_messages(plain) and "webApplicationInfo" not in plain
    assert bm.CHANNEL_MESSAGES_NOTE["en"] not in bm.localizations(plain)["en-us.json"]["description.full"]


@pytest.mark.parametrize(
    ("app_id", "domain", "reason"),
    [
        ("not-a-guid", DOMAIN, "GUID"),
        ("", DOMAIN, "GUID"),
        (APP_ID, f"https://{DOMAIN}", "remove the scheme"),
        (APP_ID, f"{DOMAIN}/api/messages", "remove the path"),
        (APP_ID, f"{DOMAIN}:8443", "remove the port"),
        (APP_ID, "localhost", "not a valid DNS host name"),
        (APP_ID, "-bad.example.jp", "not a valid DNS host name"),
        (APP_ID, "", "not a valid DNS host name"),
    ],
)
def test_bad_settings_are_refused_with_the_reason(app_id: str, domain: str, reason: str) -> None:
    message = problems_of(app_id=app_id, domain=domain)
    assert reason in message and repr(app_id if reason == "GUID" else domain) in message


def test_a_non_semver_version_is_refused() -> None:
    assert "MAJOR.MINOR.PATCH" in problems_of(version="1.0")


def test_a_long_command_title_is_caught(manifest_dir: Path) -> None:
    edit_json(
        manifest_dir / "manifest.template.json",
        lambda m: m["bots"][0]["commandLists"][0]["commands"][0].update(title="あ" * 40),
    )
    message = problems_of()
    assert "$.bots[0].commandLists[0].commands[0].title: is 40 characters long, at most 32 allowed" in message


def test_thirteen_commands_are_caught_by_the_schema(manifest_dir: Path) -> None:
    def add(m: dict[str, Any]) -> None:
        commands = m["bots"][0]["commandLists"][1]["commands"]
        commands += [{"title": f"追加{i}", "description": "追加"} for i in range(13 - len(commands))]

    edit_json(manifest_dir / "manifest.template.json", add)
    message = problems_of()
    assert "$.bots[0].commandLists[1].commands: has 13 items, at most 12 allowed" in message
    assert "en-us.json bots[0].commandLists[1].commands[12]: no translation for title and description" in message


def test_schema_errors_list_each_path_and_message(manifest_dir: Path) -> None:
    def break_it(m: dict[str, Any]) -> None:
        m["accentColor"] = "blue"
        m["bots"][0]["supportsTeleport"] = True
        m["bots"][0]["commandLists"][0]["commands"][1]["description"] = "説" * 129

    edit_json(manifest_dir / "manifest.template.json", break_it)
    edit_json(manifest_dir / "en-us.json", lambda e: e.update({"bots[0].commandLists[0].commands[9].title": "ghost"}))
    message = problems_of()
    assert "schema v1.30" in message
    assert "manifest.json $.accentColor: 'blue' does not match" in message
    assert (
        "manifest.json $.bots[0]: Additional properties are not allowed ('supportsTeleport' was unexpected)" in message
    )
    assert "$.bots[0].commandLists[0].commands[1].description: is 129 characters long, at most 128 allowed" in message
    assert "en-us.json $['bots[0].commandLists[0].commands[9].title']: there is no such command" in message


def test_the_localisation_file_is_validated_against_its_own_schema(manifest_dir: Path) -> None:
    edit_json(manifest_dir / "en-us.json", lambda e: e.update({"name.shortest": "CB", "name.short": "C" * 31}))
    message = problems_of()
    assert "en-us.json $: Additional properties are not allowed ('name.shortest' was unexpected)" in message
    assert "en-us.json $['name.short']: is 31 characters long, at most 30 allowed" in message


def test_the_icons_follow_the_teams_rules() -> None:
    width, height, _, pixels = read_png(bm.MANIFEST_DIR / "color.png")
    assert (width, height) == (192, 192) and len(pixels) == 192 * 192
    width, height, alpha, pixels = read_png(bm.MANIFEST_DIR / "outline.png")
    assert (width, height, alpha) == (32, 32, True)
    assert {p for p in pixels if p[3]} <= {(255, 255, 255, 255)}  # only white where it is not transparent
    assert any(p[3] == 0 for p in pixels) and all(p[3] == 0 for p in pixels[:32])  # transparent background
    assert checks.icon_errors(build(), bm.MANIFEST_DIR) == []


def test_bad_icons_are_caught(manifest_dir: Path) -> None:
    write_png(manifest_dir / "color.png", 96, 96, [(0, 94, 184, 255)] * 96 * 96)
    write_png(manifest_dir / "outline.png", 32, 32, [(0, 0, 0, 0)] * 1000 + [(0, 94, 184, 255)] * 24)
    message = problems_of()
    assert "color.png: is 96x96, Teams needs 192x192" in message
    assert "outline.png: has pixels that are neither white nor fully transparent" in message
    write_png(manifest_dir / "outline.png", 32, 32, [(255, 255, 255, 255)] * 32 * 32)
    assert "outline.png: has no transparent pixel" in problems_of()


def test_validation_opens_no_network_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError(f"network access during manifest validation: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    checks._validator.cache_clear()
    assert checks.schema_errors(build(channel_messages=True), SCHEMA_VERSION) == []


def test_a_remote_schema_reference_fails_clearly_instead_of_downloading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    version_dir = tmp_path / "teams" / "v9.9"
    version_dir.mkdir(parents=True)
    remote = "https://developer.microsoft.com/json-schemas/teams/v9.9/Elsewhere.schema.json"
    schema = {"properties": {"local": {"$ref": checks.LOCALIZATION_SCHEMA}, "remote": {"$ref": remote}}}
    (version_dir / checks.MANIFEST_SCHEMA).write_text(json.dumps(schema))
    (version_dir / checks.LOCALIZATION_SCHEMA).write_text(json.dumps({"type": "string"}))
    monkeypatch.setattr(checks, "SCHEMA_DIR", tmp_path / "teams")
    monkeypatch.setattr(socket.socket, "connect", lambda *a: pytest.fail(f"network access: {a}"))
    assert checks.schema_errors({"local": 5}, "9.9") == ["$.local: 5 is not of type 'string'"]  # relative $ref: local
    with pytest.raises(checks.ManifestError, match=r"refers to 'https://.*Elsewhere\.schema\.json'.*offline"):
        checks.schema_errors({"remote": 5}, "9.9")


def test_missing_node_modules_says_to_run_npm_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "SCHEMA_DIR", tmp_path / "node_modules" / "missing")
    with pytest.raises(checks.SchemaUnavailableError, match=r"make bootstrap.*npm ci"):
        build()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err  # type: ignore[return-value]


def test_consult_manifest_end_to_end(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MicrosoftAppId", APP_ID)
    monkeypatch.delenv("CHANNEL_MESSAGES_WITHOUT_MENTION", raising=False)
    out_file = tmp_path / "out" / "appPackage.zip"
    code, out, err = run(capsys, "manifest", "--domain", DOMAIN, "--output", str(out_file))
    assert (code, err) == (0, "")
    assert f"wrote {out_file}" in out and f"against Teams schema v{SCHEMA_VERSION}" in out and "not requested" in out
    with zipfile.ZipFile(out_file) as z:
        manifest = json.loads(z.read("manifest.json"))
        assert checks.schema_errors(manifest, SCHEMA_VERSION) == []
        assert manifest["id"] == APP_ID and "authorization" not in manifest
        assert z.read("color.png") == (bm.MANIFEST_DIR / "color.png").read_bytes()

    monkeypatch.setenv("CHANNEL_MESSAGES_WITHOUT_MENTION", "true")
    code, out, _ = run(capsys, "manifest", "--domain", DOMAIN, "--output", str(out_file))
    with zipfile.ZipFile(out_file) as z:
        assert (
            code == 0 and "ChannelMessage.Read.Group" in out and "authorization" in json.loads(z.read("manifest.json"))
        )
    code, _, _ = run(capsys, "manifest", "--domain", DOMAIN, "--no-channel-messages", "--output", str(out_file))
    with zipfile.ZipFile(out_file) as z:
        assert code == 0 and "authorization" not in json.loads(z.read("manifest.json"))

    monkeypatch.setenv("CHANNEL_MESSAGES_WITHOUT_MENTION", "maybe")
    code, _, err = run(capsys, "manifest", "--domain", DOMAIN)
    assert code == 2 and "CHANNEL_MESSAGES_WITHOUT_MENTION" in err and "'maybe'" in err
    monkeypatch.setenv("CHANNEL_MESSAGES_WITHOUT_MENTION", "false")
    code, _, err = run(capsys, "manifest", "--domain", f"https://{DOMAIN}", "--channel-messages")
    assert code == 2 and "remove the scheme" in err


def test_consult_manifest_without_node_modules_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "SCHEMA_DIR", tmp_path / "missing")
    code, out, err = run(
        capsys, "manifest", "--app-id", APP_ID, "--domain", DOMAIN, "--output", str(tmp_path / "a.zip")
    )
    assert code == 2 and out == "" and "npm ci" in err and not (tmp_path / "a.zip").exists()


def test_the_message_extension_declares_the_three_surfaces_on_the_bots_domain() -> None:
    """「相談として登録」 on messages (a dialog fetched from the bot), 「相談を検索」 in the compose box, and links to
    the app's host unfurled; each command id is one the bot routes."""
    from bot.handlers import build_router

    [extension] = build()["composeExtensions"]
    assert extension["botId"] == APP_ID
    register, search = extension["commands"]
    assert (register["type"], register["context"], register["fetchTask"]) == ("action", ["message"], True)
    assert (search["type"], search["initialRun"], [p["name"] for p in search["parameters"]]) == ("query", True, ["query"])
    assert (register["title"], search["title"]) == ("相談として登録", "相談を検索")
    assert extension["messageHandlers"] == [{"type": "link", "value": {"domains": [DOMAIN]}}]
    routed = build_router().extensions
    assert {("fetchTask", register["id"]), ("submitAction", register["id"]), ("query", search["id"])} <= routed
    assert ("queryLink", "") in routed


def test_message_extension_commands_need_an_english_translation(manifest_dir: Path) -> None:
    edit_json(manifest_dir / "en-us.json", lambda d: d.pop("composeExtensions[0].commands[1].title"))
    assert "en-us.json composeExtensions[0].commands[1]: no translation for title" in problems_of()
