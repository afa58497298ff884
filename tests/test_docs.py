"""What the README and ヘルプ promise: every chat command is in both (集計 and 部署 too), and every section the README
refers to (*Reports*, …) exists and says what it is referred to for."""

import re
from pathlib import Path

import pytest

from bot.handlers.ageing import DIGEST
from bot.handlers.commands import DETAILS, HELP, LIST, NEW, SEARCH, STATUS
from bot.handlers.departments import DEPARTMENTS
from bot.handlers.intake_conversation import CANCEL
from bot.handlers.setup import SETUP
from bot.handlers.similar_commands import SIMILAR, SOLUTIONS
from bot.handlers.summary import SUMMARY
from bot.texts import t

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
COMMANDS = [
    HELP,
    NEW,
    LIST,
    STATUS,
    DETAILS,
    SEARCH,
    SUMMARY,
    DIGEST,
    DEPARTMENTS,
    SIMILAR,
    SOLUTIONS,
    SETUP,
    CANCEL,
]  # (日本語, English, …)


def section(title: str) -> str:
    """The README's text under the heading `title`, down to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(title)}\n", README, re.M)
    assert match, f"README has no section {title!r}"
    level = len(match[1])
    rest = README[match.end() :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


def test_every_section_the_readme_refers_to_exists() -> None:
    headings = {h.strip() for h in re.findall(r"^#{2,4} (.+)$", README, re.M)}
    referred = set(re.findall(r"\b[Ss]ee \*([^*]+)\*", README))
    assert "Reports" in referred
    assert referred <= headings, referred - headings


@pytest.mark.parametrize(("japanese", "english"), [c[:2] for c in COMMANDS])
def test_the_readme_command_table_lists_every_chat_command(japanese: str, english: str) -> None:
    table = [line for line in section("Quick start").splitlines() if line.startswith("| `")]
    assert any(line.startswith(f"| `{japanese}") and f"| `{english}" in line for line in table), japanese


@pytest.mark.parametrize(("japanese", "english"), [c[:2] for c in COMMANDS])
def test_help_lists_every_chat_command_and_keeps_the_example_number(japanese: str, english: str) -> None:
    ja, en = t("help", "ja", example="R8-0042"), t("help", "en", example="R8-0042")
    assert f"- **{japanese}" in ja and f"- **{english}" in en
    assert "**状況 R8-0042**" in ja and "**status R8-0042**" in en


def test_the_reports_section_says_what_received_means_and_how_to_reach_everything() -> None:
    reports = section("Reports")
    for words in (
        "created in the period and not withdrawn",  # the one definition of 受付
        "取り下げ（受付に含めず）",
        "consult report",
        "--labels codes",
        "The weekly summary",
        "http://127.0.0.1:3978/dashboard?token=",  # the URL under make run
        "Authorization: Bearer <DASHBOARD_TOKEN>",
        "signed link",
        "404",
        "番号,件名,内容,区分,状況,所属,受付日,完了日",
        "consult import",
    ):
        assert words in reports, words
    quick_start = section("Quick start")
    for words in ("http://localhost:56150", "http://localhost:56151", "佐藤 健一", "SUPPORT_TEAM_IDS", "/dashboard"):
        assert words in quick_start, words
