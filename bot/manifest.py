"""Builds the Teams app package (appPackage.zip) from manifest/ and the bot's settings; every package is checked
offline by bot.manifest_checks before it is written."""

import json
import re
import zipfile
from pathlib import Path
from typing import Any

from bot.manifest_checks import ManifestError, as_dict, as_list, load_json, validate_package

ROOT = Path(__file__).resolve().parent.parent
MANIFEST_DIR = ROOT / "manifest"

GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
LABEL = r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
DOMAIN = re.compile(rf"^(?=.{{1,253}}$)(?:{LABEL}\.)+[a-zA-Z]{{2,63}}$")
SEMVER = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")

# Receiving every channel post without an @mention (TEAMS-FACTS.md §8): the RSC permission, plus webApplicationInfo,
# plus a sentence in the description telling the team owner how the posts are used.
RSC_CHANNEL_MESSAGES = {"name": "ChannelMessage.Read.Group", "type": "Application"}
CHANNEL_MESSAGES_NOTE = {
    "ja": "チャネルの投稿を@メンションなしで受け取る権限は、相談窓口に設定したチャネルの投稿を"
    "相談として受け付けるためだけに使い、ほかの目的で投稿を集めたり保存したりはしません。",
    "en": "The permission to read channel posts without an @mention is used only to take consultations posted in the "
    "channel set up as the consultation desk; posts are not collected or stored for any other purpose.",
}


def build_manifest(app_id: str, domain: str, version: str, *, channel_messages: bool = False) -> dict[str, Any]:
    """The manifest for this bot, checked against the Teams schema; raises ManifestError listing every problem."""
    if not GUID.match(app_id or ""):
        raise ManifestError(
            "MicrosoftAppId must be the bot's Entra app id, a GUID such as 11111111-2222-3333-4444-555555555555 "
            f"(アプリIDは GUID 形式で指定してください), got {app_id!r}"
        )
    _check_domain(domain)
    if not SEMVER.match(version or ""):
        raise ManifestError(
            f"the app version must be MAJOR.MINOR.PATCH such as 1.0.0 (バージョンの形式が不正です), got {version!r}"
        )
    manifest = load_json(MANIFEST_DIR / "manifest.template.json")
    manifest["id"] = app_id
    manifest["version"] = version
    manifest["bots"][0]["botId"] = app_id
    manifest["validDomains"] = [domain.lower()]
    for extension in manifest.get("composeExtensions", []):  # the message extension runs on the bot
        extension["botId"] = app_id
        for handler in extension.get("messageHandlers", []):  # links to this host unfold (consultations, dashboard)
            handler["value"]["domains"] = [domain.lower()]
    if channel_messages:
        manifest["description"]["full"] += CHANNEL_MESSAGES_NOTE["ja"]
        manifest["authorization"] = {"permissions": {"resourceSpecific": [dict(RSC_CHANNEL_MESSAGES)]}}
        manifest["webApplicationInfo"] = {"id": app_id, "resource": f"api://{domain.lower()}/{app_id}"}
    validate_package(manifest, localizations(manifest), MANIFEST_DIR)
    return manifest


def localizations(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The localisation files the manifest lists (file name -> content), adjusted to what the manifest requests."""
    files: dict[str, dict[str, Any]] = {}
    for language in as_list(as_dict(manifest.get("localizationInfo")).get("additionalLanguages")):
        name = str(as_dict(language).get("file", ""))
        try:
            content = load_json(MANIFEST_DIR / name)
        except (OSError, ValueError) as e:
            raise ManifestError(f"the localisation file {name!r} listed in the manifest cannot be read: {e}") from e
        if has_channel_messages(manifest) and isinstance(content.get("description.full"), str):
            content["description.full"] += " " + CHANNEL_MESSAGES_NOTE["en"]
        files[name] = content
    return files


def has_channel_messages(manifest: dict[str, Any]) -> bool:
    rsc = as_list(as_dict(as_dict(manifest.get("authorization")).get("permissions")).get("resourceSpecific"))
    return RSC_CHANNEL_MESSAGES in rsc


def write_package(manifest: dict[str, Any], out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    icons = as_dict(manifest.get("icons"))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for name, content in localizations(manifest).items():
            z.writestr(name, json.dumps(content, ensure_ascii=False, indent=2))
        for name in (icons.get("color", "color.png"), icons.get("outline", "outline.png")):
            z.write(MANIFEST_DIR / name, name)
    return out


def _check_domain(domain: str) -> None:
    value = domain or ""
    reason = ""
    if "://" in value:
        reason = "remove the scheme (https://)"
    elif "/" in value or "?" in value or "#" in value:
        reason = "remove the path"
    elif ":" in value:
        reason = "remove the port (Teams reaches the bot on 443)"
    elif not DOMAIN.match(value):
        reason = "it is not a valid DNS host name"
    if reason:
        raise ManifestError(
            f"the bot's domain must be a bare host name such as consult.example.lg.jp: {reason} "
            f"(ドメインはホスト名だけを指定してください), got {domain!r}"
        )
