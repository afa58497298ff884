"""Import direction: the domain and everything pure stay free of frameworks; storage never imports botbuilder."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PURE = [
    "bot/domain",
    "bot/cards",
    "bot/services",
    "bot/handlers",
    "bot/texts.py",
    "bot/texts_dashboard.py",
    "bot/views",
    "bot/turn.py",
    "bot/routing.py",
    "bot/deps.py",
]
FRAMEWORKS = ("botbuilder", "botframework", "aiohttp", "sqlalchemy", "storage", "msal", "alembic", "dialogs")


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


def test_domain_uses_only_the_standard_library() -> None:
    import sys

    for path in py_files(["bot/domain"]):
        for module in imported_modules(path):
            top = module.split(".")[0]
            assert top in sys.stdlib_module_names or module.startswith("bot.domain"), f"{path} imports {module}"


def test_storage_never_imports_botbuilder() -> None:
    for path in py_files(["storage"]):
        for module in imported_modules(path):
            assert not module.startswith(("botbuilder", "botframework", "aiohttp")), f"{path} imports {module}"
