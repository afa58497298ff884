"""Builds the Teams app package (appPackage.zip) from manifest/ and the bot's settings."""

import json
import re
import zipfile
from pathlib import Path

MANIFEST_DIR = Path(__file__).resolve().parent.parent / "manifest"
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-zA-Z0-9-]{1,63}\.)+[a-zA-Z]{2,63}$")


class ManifestError(ValueError):
    """Settings that cannot make a valid package; the message says what to fix."""


def build_manifest(app_id: str, domain: str, version: str) -> dict:
    if not GUID.match(app_id or ""):
        raise ManifestError(f"MicrosoftAppId must be the bot's Entra app id (a GUID), got {app_id!r}")
    if not DOMAIN.match(domain or ""):
        raise ManifestError(f"the bot's domain must be a host name such as consult.example.lg.jp, got {domain!r}")
    manifest = json.loads((MANIFEST_DIR / "manifest.template.json").read_text(encoding="utf-8"))
    manifest["id"] = app_id
    manifest["version"] = version
    manifest["bots"][0]["botId"] = app_id
    manifest["validDomains"] = [domain]
    return manifest


def write_package(manifest: dict, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for name in ("color.png", "outline.png", "en-us.json"):
            z.write(MANIFEST_DIR / name, name)
    return out
