"""Checks a Teams app package offline: Microsoft's JSON schemas, Teams' limits and translations, and the icons.

- manifest.json and each localisation file against Microsoft's JSON schemas, read from the npm package
  `@microsoft/app-manifest` in node_modules (`make bootstrap` / `npm ci` installs it); a `$ref` to anything that is
  not one of those local files fails with a clear error instead of being downloaded;
- the Teams limits the newest schemas no longer encode (command title <= 32 characters, description <= 128);
- that every command has an English translation and no translation points at a missing command;
- the icons: color.png 192x192, outline.png 32x32 with only white and transparent pixels.
"""

import json
import re
import zlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, Draft6Validator, Draft7Validator, ValidationError, validators
from referencing import Registry
from referencing.exceptions import NoSuchResource, Unresolvable
from referencing.jsonschema import DRAFT4

from bot.png import read_png

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "node_modules" / "@microsoft" / "app-manifest" / "build" / "json-schemas" / "teams"
SCHEMA_URL = "https://developer.microsoft.com/json-schemas/teams/v{version}/{file}"
MANIFEST_SCHEMA = "MicrosoftTeams.schema.json"
LOCALIZATION_SCHEMA = "MicrosoftTeams.Localization.schema.json"
SCHEMA_VERSION = re.compile(r"/teams/v([0-9]+\.[0-9]+|DevPreview)/")
COMMAND_KEY = re.compile(r"^bots\[(\d+)\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]\.(\w+)$")

# Teams limits kept even where the newest schemas allow more (TEAMS-FACTS.md §7); the schema itself allows at most
# 3 command lists of 12 commands (v1.24+).
MAX_COMMAND_TITLE = 32
MAX_COMMAND_DESCRIPTION = 128
# The localisation schema puts these limits next to a "$ref", which draft-04 ignores: check them here.
TEXT_LIMITS = {"name.short": 30, "name.full": 100, "description.short": 80, "description.full": 4000}


class ManifestError(ValueError):
    """Settings that cannot make a valid package; the message says what to fix."""


class SchemaUnavailableError(ManifestError):
    """The Teams JSON schemas are not installed (node_modules is missing)."""


def schema_version(document: dict[str, Any]) -> str:
    """The schema version a manifest or localisation file declares: from `$schema`, else `manifestVersion`."""
    match = SCHEMA_VERSION.search(str(document.get("$schema", "")))
    if match:
        return match.group(1)
    if document.get("manifestVersion"):
        return str(document["manifestVersion"])
    raise ManifestError("the manifest declares neither $schema nor manifestVersion (スキーマのバージョンが不明です)")


def validate_package(manifest: dict[str, Any], localized: dict[str, dict[str, Any]], directory: Path) -> None:
    """Raise ManifestError listing every schema error, broken Teams limit and icon problem of the package."""
    version = schema_version(manifest)
    problems: list[str] = []
    problems += [f"manifest.json {p}" for p in schema_errors(manifest, version, MANIFEST_SCHEMA)]
    for name, content in localized.items():
        declared = SCHEMA_VERSION.search(str(content.get("$schema", "")))
        if declared and declared.group(1) != version:
            problems.append(f"{name} $['$schema']: is v{declared.group(1)} but manifest.json is v{version}")
        if (SCHEMA_DIR / f"v{version}" / LOCALIZATION_SCHEMA).is_file():
            problems += [f"{name} {p}" for p in schema_errors(content, version, LOCALIZATION_SCHEMA)]
    problems += limit_errors(manifest, localized)
    problems += icon_errors(manifest, directory)
    if problems:
        raise ManifestError(
            f"the Teams app package does not pass Teams schema v{version} and Teams' limits "
            f"(マニフェストの検証エラー {len(problems)} 件):\n" + "\n".join(f"  - {p}" for p in problems)
        )


def schema_errors(document: dict[str, Any], version: str, schema_file: str = MANIFEST_SCHEMA) -> list[str]:
    """`JSON path: message` for each error of document against the bundled schema (no network access)."""
    schema_path = SCHEMA_DIR / f"v{version}" / schema_file
    if not SCHEMA_DIR.is_dir():
        raise SchemaUnavailableError(
            f"the Teams JSON schemas are not installed ({_display(SCHEMA_DIR)} is missing): "
            "run `make bootstrap` or `npm ci` first (先に make bootstrap / npm ci を実行してください)"
        )
    if not schema_path.is_file():
        shipped = sorted(p.name for p in SCHEMA_DIR.iterdir() if p.is_dir())
        raise SchemaUnavailableError(
            f"@microsoft/app-manifest has no {schema_file} for v{version} (shipped: {', '.join(shipped)}); "
            "use one of those schema versions (このバージョンのスキーマがありません)"
        )
    validator = _validator(schema_path)
    try:
        errors = sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    except Unresolvable as e:
        raise ManifestError(
            f"{_display(schema_path)} refers to {e.ref!r}, which is not a local schema file; "
            "it is not downloaded: validation is offline only (スキーマの参照先がローカルにありません)"
        ) from e
    return [f"{e.json_path}: {_describe(e)}" for e in errors]


def limit_errors(manifest: dict[str, Any], localized: dict[str, dict[str, Any]]) -> list[str]:
    """Teams limits and translation coverage the JSON schema does not check."""
    problems: list[str] = []
    for key, limit in TEXT_LIMITS.items():
        section, field = key.split(".")
        text = as_dict(manifest.get(section)).get(field)
        if isinstance(text, str) and len(text) > limit:
            problems.append(f"manifest.json $.{key}: is {len(text)} characters long, at most {limit} allowed")
    commands: set[tuple[int, int, int]] = set()
    for b, bot in enumerate(as_list(manifest.get("bots"))):
        bot = as_dict(bot)
        seen_scopes: set[str] = set()
        for c, command_list in enumerate(as_list(bot.get("commandLists"))):
            command_list = as_dict(command_list)
            path = f"$.bots[{b}].commandLists[{c}]"
            for scope in as_list(command_list.get("scopes")):
                if scope in seen_scopes:
                    problems.append(f"manifest.json {path}.scopes: {scope!r} already has a command list")
                if scope not in as_list(bot.get("scopes")):
                    problems.append(f"manifest.json {path}.scopes: {scope!r} is not one of the bot's scopes")
                seen_scopes.add(scope)
            entries = [as_dict(entry) for entry in as_list(command_list.get("commands"))]
            titles = [str(entry.get("title", "")) for entry in entries]
            for title in sorted({t for t in titles if titles.count(t) > 1}):
                problems.append(f"manifest.json {path}.commands: the title {title!r} appears more than once")
            for i, entry in enumerate(entries):
                commands.add((b, c, i))
                problems += _command_limits(f"manifest.json {path}.commands[{i}]", entry)
    for name, content in localized.items():
        problems += _localization_limits(name, content, commands)
    problems += _extension_limits(manifest, localized)
    return problems


def _extension_limits(manifest: dict[str, Any], localized: dict[str, dict[str, Any]]) -> list[str]:
    """The message extension's commands: the same title and description limits as bot commands, translated."""
    problems: list[str] = []
    for e, extension in enumerate(as_list(manifest.get("composeExtensions"))):
        for i, command in enumerate(as_list(as_dict(extension).get("commands"))):
            key = f"composeExtensions[{e}].commands[{i}]"
            problems += _command_limits(f"manifest.json $.{key}", as_dict(command))
            for name, content in localized.items():
                missing = [f for f in ("title", "description") if not isinstance(content.get(f"{key}.{f}"), str)]
                if missing:
                    problems.append(f"{name} {key}: no translation for {' and '.join(missing)}")
                translated = {f: content.get(f"{key}.{f}") for f in ("title", "description")}
                problems += _command_limits(f"{name} {key}", translated)
    return problems


def icon_errors(manifest: dict[str, Any], directory: Path) -> list[str]:
    """Teams' icon rules: color 192x192 (RGB or RGBA); outline 32x32, transparent, only white or transparent pixels."""
    problems: list[str] = []
    icons = as_dict(manifest.get("icons"))
    for kind, size in (("color", 192), ("outline", 32)):
        name = icons.get(kind, "")
        try:
            width, height, alpha, pixels = read_png(directory / name)
        except (OSError, ValueError, zlib.error) as e:
            problems.append(f"{name or kind + ' icon'}: cannot be read as a PNG ({e})")
            continue
        if (width, height) != (size, size):
            problems.append(f"{name}: is {width}x{height}, Teams needs {size}x{size}")
        if kind == "outline":
            if not alpha:
                problems.append(f"{name}: has no alpha channel; the outline icon needs a transparent background")
            elif any(p[3] and p[:3] != (255, 255, 255) for p in pixels):
                problems.append(f"{name}: has pixels that are neither white nor fully transparent")
            elif all(p[3] for p in pixels):
                problems.append(f"{name}: has no transparent pixel; the background must be transparent")
    return problems


def _command_limits(where: str, command: dict[str, Any]) -> list[str]:
    problems = []
    for field, limit in (("title", MAX_COMMAND_TITLE), ("description", MAX_COMMAND_DESCRIPTION)):
        text = command.get(field)
        if isinstance(text, str) and len(text) > limit:
            problems.append(f"{where}.{field}: is {len(text)} characters long, at most {limit} allowed")
    return problems


def _localization_limits(name: str, content: dict[str, Any], commands: set[tuple[int, int, int]]) -> list[str]:
    problems = []
    for key, limit in TEXT_LIMITS.items():
        text = content.get(key)
        if isinstance(text, str) and len(text) > limit:
            problems.append(f"{name} $['{key}']: is {len(text)} characters long, at most {limit} allowed")
    translated: dict[tuple[int, int, int], dict[str, Any]] = {}
    for key, text in content.items():
        match = COMMAND_KEY.match(key)
        if not match:
            continue
        b, c, i = (int(g) for g in match.groups()[:3])
        if (b, c, i) not in commands:
            problems.append(f"{name} $['{key}']: there is no such command in manifest.json")
        translated.setdefault((b, c, i), {})[match.group(4)] = text
    for b, c, i in sorted(commands):
        where = f"{name} bots[{b}].commandLists[{c}].commands[{i}]"
        missing = [f for f in ("title", "description") if f not in translated.get((b, c, i), {})]
        if missing:
            problems.append(f"{where}: no translation for {' and '.join(missing)}")
        problems += _command_limits(where, translated.get((b, c, i), {}))
    return problems


def _describe(error: ValidationError) -> str:
    instance, value = error.instance, error.validator_value
    if error.validator == "maxItems" and isinstance(instance, list):
        return f"has {len(instance)} items, at most {value} allowed"
    if error.validator == "maxLength" and isinstance(instance, str):
        return f"is {len(instance)} characters long, at most {value} allowed"
    if error.validator == "additionalProperties" and isinstance(instance, dict) and value is False:
        schema = error.schema if isinstance(error.schema, Mapping) else {}  # a schema may also be true or false
        patterns = schema.get("patternProperties", {})
        extra = [
            key
            for key in instance
            if key not in schema.get("properties", {}) and not any(re.search(p, key) for p in patterns)
        ]
        was = "was" if len(extra) == 1 else "were"
        return f"Additional properties are not allowed ({', '.join(map(repr, extra))} {was} unexpected)"
    message = error.message
    return message if len(message) <= 300 else message[:297] + "..."


# Draft-04 as Microsoft's schemas declare it, plus the two later keywords they use (`const`, `if`/`then`).
_TeamsValidator = validators.extend(
    Draft4Validator, {"const": Draft6Validator.VALIDATORS["const"], "if": Draft7Validator.VALIDATORS["if"]}
)


@cache
def _validator(schema_path: Path) -> Any:
    """A validator whose $refs resolve only to the schema files next to schema_path (under their public URLs)."""
    version = schema_path.parent.name.removeprefix("v")
    resources = [
        (SCHEMA_URL.format(version=version, file=f.name), DRAFT4.create_resource(load_json(f)))
        for f in sorted(schema_path.parent.glob("*.json"))
    ]
    # referencing declares Registry and NoSuchResource @frozen (attrs) in its own _attrs.pyi, through a pre-PEP 681
    # `__dataclass_transform__` that mypy does not read, so mypy sees object.__init__; the real __init__ (referencing
    # 0.37) takes `retrieve`, and NoSuchResource's takes `ref`.
    offline: Registry[Any] = Registry(retrieve=_refuse_download)  # type: ignore[call-arg]  # see the comment above
    registry = offline.with_resources(resources)
    # The schema's own public URL as its base, so relative $refs also land on the local files.
    schema = {"id": SCHEMA_URL.format(version=version, file=schema_path.name), **load_json(schema_path)}
    return _TeamsValidator(schema, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER)


def _refuse_download(uri: str) -> Any:
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]  # attrs __init__ hidden from mypy: see _validator


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _display(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def load_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8-sig"))  # -sig: tolerate a byte order mark
