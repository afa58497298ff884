"""The layout of the suite: shared helpers live in tests/support, and no module imports a test module.

A module under tests/ may import `tests.support...` and nothing else from `tests`: not a test module
(`tests.integration.test_intake_flow`), not a conftest (its fixtures are used as fixtures), not any other module
outside tests/support (scripts such as tests/e2e/screenshots.py). Checked on the source with `ast`, so an import
inside a function or under `if TYPE_CHECKING:` counts too, as do relative imports and `importlib.import_module`.
"""

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
SUPPORT = TESTS / "support"


def module_name(path: Path) -> str:
    parts = path.relative_to(TESTS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(importer: str, is_package: bool, level: int, module: str | None) -> str:
    """The absolute name of `from <level dots><module> import ...` in module `importer`."""
    package = importer.split(".") if is_package else importer.split(".")[:-1]
    base = package[: len(package) - (level - 1)] if level > 1 else package
    return ".".join([*base, module] if module else base)


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def imported_modules(source: str, importer: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, module) for every module the source imports, or may import: `from a import b` yields a.b as well as a
    (b may be a submodule)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                module = _resolve(importer, is_package, node.level, node.module)
            names = [alias.name for alias in node.names]
            if module != "tests" or "*" in names:  # `from tests import support` takes support, not the package
                found.append((node.lineno, module))
            found += [(node.lineno, f"{module}.{name}") for name in names if name != "*"]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in ("import_module", "__import__") and (target := _literal(node.args[0])) is not None:
                found.append((node.lineno, target))
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytest_plugins" for t in node.targets
        ):
            values = node.value.elts if isinstance(node.value, ast.List | ast.Tuple) else [node.value]
            found += [(node.lineno, v) for v in map(_literal, values) if v is not None]
    return found


def forbidden(module: str) -> bool:
    """Anything of the `tests` package other than tests.support (and the bare package, which would give it all)."""
    return (module == "tests" or module.startswith("tests.")) and not (
        module == "tests.support" or module.startswith("tests.support.")
    )


def forbidden_imports(source: str, importer: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    found = imported_modules(source, importer, is_package=is_package)
    return sorted({(line, module) for line, module in found if forbidden(module)})


# --- the checker itself --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "from tests.support.factories import a_consultation",
        "from tests.support import activities as a",
        "from tests import support",
        "import tests.support.clocks",
        "from tests.support.fake_connector import FakeConnector as F",
        "from . import clocks",  # in tests.support.x
        "from .clocks import jst",
        "import app\nfrom bot.routing import build_router\nimport pytest",
        "importlib.import_module('tests.support.cards')",
    ],
)
def test_imports_of_tests_support_are_allowed(source: str) -> None:
    assert forbidden_imports(source, "tests.support.example") == []


@pytest.mark.parametrize(
    ("source", "importer", "expected"),
    [
        ("from tests.integration.test_intake_flow import say", "tests.x", "tests.integration.test_intake_flow"),
        ("from tests import activities as a", "tests.x", "tests.activities"),
        ("from tests.conftest import make_settings", "tests.x", "tests.conftest"),
        ("import tests.e2e.conftest", "tests.x", "tests.e2e.conftest"),
        ("import tests", "tests.x", "tests"),
        ("from tests import *", "tests.x", "tests"),
        ("from tests import support, fake_connector", "tests.x", "tests.fake_connector"),
        ("def f():\n    from tests.test_serve import free_port", "tests.x", "tests.test_serve"),
        ("if TYPE_CHECKING:\n    from tests.e2e.conftest import Ui", "tests.e2e.test_x", "tests.e2e.conftest"),
        ("from .test_cards import walk", "tests.cards.test_fuzz", "tests.cards.test_cards"),
        ("from ..integration import test_outbox", "tests.cards.samples", "tests.integration.test_outbox"),
        ("from ..domain.test_lifecycle import NOW", "tests.support.factories", "tests.domain.test_lifecycle"),
        ("importlib.import_module('tests.web.test_dashboard')", "tests.x", "tests.web.test_dashboard"),
        ("pytest_plugins = ['tests.e2e.conftest']", "tests.x", "tests.e2e.conftest"),
    ],
)
def test_imports_of_other_test_modules_are_found(source: str, importer: str, expected: str) -> None:
    assert expected in [module for _, module in forbidden_imports(source, importer)]


def test_relative_imports_resolve_from_the_importing_package() -> None:
    assert _resolve("tests.support.cards", False, 1, "clocks") == "tests.support.clocks"
    assert _resolve("tests.support", True, 1, "clocks") == "tests.support.clocks"
    assert _resolve("tests.cards.test_cards", False, 2, "support") == "tests.support"
    assert _resolve("tests.cards.test_cards", False, 1, None) == "tests.cards"


# --- the suite ------------------------------------------------------------------------------------------------------


def test_no_module_of_the_suite_imports_a_test_module() -> None:
    offenders = []
    for path in sorted(TESTS.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        is_package = path.name == "__init__.py"
        for line, module in forbidden_imports(source, module_name(path), is_package=is_package):
            offenders.append(f"{path.relative_to(TESTS.parent)}:{line} imports {module}")
    assert offenders == [], "move what is shared into tests/support:\n" + "\n".join(offenders)


def test_the_suite_has_files_to_check() -> None:
    """The check above sees the suite (a wrong root would make it pass on nothing)."""
    files = {path.relative_to(TESTS).as_posix() for path in TESTS.rglob("*.py")}
    assert {"conftest.py", "integration/test_intake_flow.py", "support/factories.py"} <= files
    assert len(files) > 50


def test_tests_support_holds_no_tests_and_no_fixtures() -> None:
    """Support modules are imported, so they must not be collected as tests or hold conftest fixtures."""
    found = [p.name for p in SUPPORT.rglob("*.py") if p.name.startswith("test_") or p.name == "conftest.py"]
    assert found == []
