"""The domain's ports (bot/domain/ports.py) and what storage provides stay the same: every repository of the unit of
work, every method, every parameter. mypy checks the types (storage/uow.py); this checks the names at run time, so a
repository or method that exists on one side only fails here too (callers would otherwise need `type: ignore`)."""

import inspect
import typing
from collections.abc import Callable

import pytest

from bot.domain import ports
from storage.uow import SqlUnitOfWork, _Repo


def port_repositories() -> dict[str, type]:
    """Repository name -> its Protocol, from the UnitOfWork Protocol's read-only properties."""
    out = {}
    for name, member in vars(ports.UnitOfWork).items():
        if isinstance(member, property):
            assert member.fget is not None
            out[name] = typing.get_type_hints(member.fget)["return"]
    return out


def storage_repositories() -> dict[str, type]:
    """Repository name -> the class SqlUnitOfWork makes for it."""
    return {name: member._make for name, member in vars(SqlUnitOfWork).items() if isinstance(member, _Repo)}


def public_methods(cls: type) -> set[str]:
    return {name for name in dir(cls) if not name.startswith("_") and callable(getattr(cls, name))}


def parameters(function: Callable[..., object]) -> list[tuple[str, object, object]]:
    """(name, kind, default) of each parameter: what a caller can pass, and how."""
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


def test_the_unit_of_work_has_the_same_repositories() -> None:
    declared, provided = set(port_repositories()), set(storage_repositories())
    assert declared, "UnitOfWork declares no repository: were its properties turned into attributes?"
    assert declared - provided == set(), "declared in bot/domain/ports.py, missing from storage/uow.py"
    assert provided - declared == set(), "provided by storage/uow.py, missing from UnitOfWork in bot/domain/ports.py"


def test_the_unit_of_work_commits() -> None:
    assert parameters(ports.UnitOfWork.commit) == parameters(SqlUnitOfWork.commit)
    assert inspect.iscoroutinefunction(SqlUnitOfWork.commit)


@pytest.mark.parametrize("name", sorted(port_repositories()))
def test_each_repository_has_the_methods_of_its_port(name: str) -> None:
    port, implementation = port_repositories()[name], storage_repositories()[name]
    declared, provided = public_methods(port), public_methods(implementation)
    assert declared - provided == set(), f"{implementation.__name__} lacks methods of {port.__name__}"
    assert provided - declared == set(), f"{implementation.__name__} has methods that {port.__name__} does not declare"
    for method in sorted(declared):
        expected, actual = getattr(port, method), getattr(implementation, method)
        assert parameters(actual) == parameters(expected), f"{implementation.__name__}.{method}"
        assert inspect.iscoroutinefunction(actual) == inspect.iscoroutinefunction(expected), (
            f"{implementation.__name__}.{method}: async on one side only"
        )
