"""Import direction: the domain, the classifier and everything pure stay free of frameworks; the domain and the
classifier use the standard library only and the domain does not know the classifier; storage never imports
botbuilder; the wiring goes one way (the CLI may import app.py, app.py never imports the CLI). The two hosts stay
apart: bot/agents (Agents SDK) imports no botbuilder and nothing of bot/teams or dialogs/, bot/teams imports no
microsoft_agents, and bot/edge (what both share) imports neither SDK."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE = [
    "bot/domain",
    "bot/classifier",
    "bot/similarity",
    "bot/cards",
    "bot/services",
    "bot/handlers",
    "bot/texts.py",
    "bot/texts_dashboard.py",
    "bot/views",
    "bot/turn.py",
    "bot/routing.py",
    "bot/deps.py",
    "bot/edge/translate.py",
    "bot/edge/requests.py",
]
FRAMEWORKS = (
    "botbuilder",
    "botframework",
    "microsoft_agents",
    "aiohttp",
    "sqlalchemy",
    "storage",
    "msal",
    "alembic",
    "dialogs",
)
BOTBUILDER = ("botbuilder", "botframework", "msrest", "jsonpickle", "bot.teams", "dialogs")


def py_files(paths: list[str]) -> list[Path]:
    out = []
    for p in paths:
        path = ROOT / p
        out.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return out


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_pure_code_imports_no_framework() -> None:
    for path in py_files(PURE):
        for module in imported_modules(path):
            assert not module.startswith(FRAMEWORKS), f"{path.relative_to(ROOT)} imports {module}"


# Standard library only, and what else each may import: the classifier builds on the domain (Category,
# Classification), the domain knows nothing of the classifier; similarity shares the classifier's text preparation.
STDLIB_ONLY = {
    "bot/domain": ("bot.domain",),
    "bot/classifier": ("bot.domain", "bot.classifier"),
    "bot/similarity": ("bot.domain", "bot.classifier", "bot.similarity"),
}


@pytest.mark.parametrize("folder", sorted(STDLIB_ONLY))
def test_uses_only_the_standard_library(folder: str) -> None:
    assert py_files([folder]), folder
    for path in py_files([folder]):
        for module in imported_modules(path):
            top = module.split(".")[0]
            allowed = top in sys.stdlib_module_names or module.startswith(STDLIB_ONLY[folder])
            assert allowed, f"{path.relative_to(ROOT)} imports {module}"


def test_app_does_not_import_the_cli() -> None:
    """bot.cli imports app (consult serve runs app.serve); app.py importing bot.cli, even in a function, would
    make a cycle."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [f"{n.module}.{a.name}" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names]
    assert "bot.settings.Settings" in names  # the walk sees app.py's imports
    # bot.cli, bot.cli_classifier, `from bot import cli`
    assert not [name for name in names if name.startswith("bot.cli")]


def test_storage_never_imports_botbuilder() -> None:
    for path in py_files(["storage"]):
        for module in imported_modules(path):
            assert not module.startswith(("botbuilder", "botframework", "aiohttp")), f"{path} imports {module}"


# Each host's edge imports only its own SDK: the pure layers, bot/edge and storage serve both unchanged.
HOST_EDGES = {
    "bot/agents": BOTBUILDER,
    "bot/teams": ("microsoft_agents", "bot.agents"),
    "bot/edge": (*BOTBUILDER, "microsoft_agents", "bot.agents"),
}


@pytest.mark.parametrize("folder", sorted(HOST_EDGES))
def test_each_host_edge_imports_only_its_own_sdk(folder: str) -> None:
    assert py_files([folder]), folder
    for path in py_files([folder]):
        for module in imported_modules(path):
            assert not module.startswith(HOST_EDGES[folder]), f"{path.relative_to(ROOT)} imports {module}"


def test_the_agents_host_uses_the_agents_sdk() -> None:
    """The check above sees real imports (a wrong folder would make it pass on nothing)."""
    modules = {module for path in py_files(["bot/agents"]) for module in imported_modules(path)}
    assert "microsoft_agents.hosting.core" in modules and "bot.edge.translate" in modules
