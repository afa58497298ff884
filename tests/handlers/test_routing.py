"""The router: commands by first word after normalisation, verbs by table, duplicates refused."""

import pytest

from bot.handlers import build_router, commands
from bot.routing import Router, split_command


def test_commands_match_first_word_width_and_case_insensitively() -> None:
    assert split_command("ＨＥＬＰ me") == ("help", "me")
    assert split_command("状況　R7-0042") == ("状況", "R7-0042")  # full-width space
    assert split_command("  ") == ("", "")
    router = build_router()
    for word in ("ヘルプ", "help", "新規", "new", "一覧", "list", "状況", "status", "キャンセル", "cancel"):
        assert router.is_command(split_command(word)[0]), word
    assert not router.is_command(split_command("一覧表をつくりたい")[0])  # never by substring


async def _handler(*_args):  # type: ignore[no-untyped-def]
    return None


def test_duplicates_and_non_coroutines_are_refused() -> None:
    router = Router()
    router.command(["help"], _handler)
    with pytest.raises(ValueError):
        router.command(["HELP"], _handler)
    router.verb("a.b", _handler)
    with pytest.raises(ValueError):
        router.verb("a.b", _handler)
    with pytest.raises(TypeError):
        router.verb("c.d", lambda *_: None)  # type: ignore[arg-type]


def test_build_router_gives_fresh_routers() -> None:
    first, second = build_router(), build_router()
    assert first.verbs == second.verbs  # the same tables...
    first.command(["extra"], _handler)
    first.verb("extra.verb", _handler)
    assert first.is_command("extra") and "extra.verb" in first.verbs
    assert not second.is_command("extra") and "extra.verb" not in second.verbs  # ...but not shared
    build_router().command(["extra"], _handler)  # nor left behind for the next router


def test_a_feature_registered_twice_on_one_router_is_refused() -> None:
    router = build_router()
    with pytest.raises(ValueError, match="registered twice"):
        commands.register(router)
