"""The department question of the INTAKE declaration: which answers it takes (with and without a department master),
what it offers as a picker, what it takes for a new consultation; and the intake form's 所属 (prefilled, checked,
a change confirmed)."""

from datetime import timedelta

import pytest

from bot.cards.verbs import Verb
from bot.deps import Deps
from bot.domain.intake import Draft, Missing
from bot.handlers import build_router
from bot.handlers.intake_conversation import INTAKE
from bot.texts import t
from tests.support.clocks import DEFAULT_NOW
from tests.support.factories import CLEAR_APP, CLEAR_BPR
from tests.support.handler_kit import DM, REQUESTER, SUPPORT, TEAM, actor, click, say, visible_text
from tests.support.memory import database, memory_deps

ROUTER = build_router()
QUESTION = INTAKE.questions[Missing.DEPARTMENT]


async def master(deps: Deps, *names: str) -> None:
    async with deps.uow() as u:
        for name in names:
            await u.departments.add(name, DEFAULT_NOW)


async def knows_department(deps: Deps, department: str) -> None:
    async with deps.uow() as u:
        await u.profiles.remember_department(REQUESTER.id, department, DEFAULT_NOW)


@pytest.mark.parametrize(
    ("answer", "taken"),
    [
        ("市民課", "市民課"),
        ("市民課です。", "市民課"),
        ("情報政策課 データ活用推進係", "情報政策課 データ活用推進係"),
        ("よろしくお願いします", None),
        ("わかりません", None),
        (CLEAR_BPR, None),  # the load test's 1,000 "departments": a request is never taken as one
    ],
)
async def test_without_a_master_an_answer_must_be_shaped_like_a_department(answer: str, taken: str | None) -> None:
    deps = memory_deps()
    assert await QUESTION.check(answer, deps) == taken


@pytest.mark.parametrize(
    ("answer", "taken"),
    [
        ("市民生活課", "市民生活課"),
        ("市民課", "市民生活課"),  # its old name: the department as it is called now
        ("市民課です", "市民生活課"),
        ("ＩＴ推進課", "IT推進課"),  # width and case folded
        ("it推進課", "IT推進課"),
        ("税務課", None),  # shaped like a department, but not in the master
        ("旧庁舎管理課", None),  # deactivated
    ],
)
async def test_with_a_master_an_answer_must_be_one_of_its_names(answer: str, taken: str | None) -> None:
    deps = memory_deps()
    await master(deps, "市民課", "IT推進課", "旧庁舎管理課")
    async with deps.uow() as u:
        await u.departments.rename("市民課", "市民生活課", DEFAULT_NOW)
        await u.departments.deactivate("旧庁舎管理課", DEFAULT_NOW)

    assert await QUESTION.check(answer, deps) == taken


async def test_the_picker_offers_the_active_departments_and_nothing_without_a_master() -> None:
    deps = memory_deps()
    assert QUESTION.choices is not None
    assert list(await QUESTION.choices(deps)) == []

    await master(deps, "税務課", "市民課")
    assert list(await QUESTION.choices(deps)) == ["市民課", "税務課"]
    assert INTAKE.answer_verb == Verb.ANSWER
    assert INTAKE.answers({"verb": Verb.ANSWER.value, "department": "市民課"})
    assert not INTAKE.answers({"verb": Verb.CREATE.value}) and not INTAKE.answers("市民課")


@pytest.mark.parametrize(("text", "diverted"), [(CLEAR_APP, True), (CLEAR_BPR, True), ("わかりません", False)])
def test_a_request_sent_instead_of_the_department_is_diverted(text: str, diverted: bool) -> None:
    assert QUESTION.diverts is not None
    assert QUESTION.diverts(text) is diverted
    said = t(QUESTION.diverted, count=2, excerpt="Power Automateのフロー…")
    assert "新しいご相談としてお預かりしました" in said and "2件" in said


def test_the_retry_says_what_is_wanted() -> None:
    assert "課・部署名だけ" in t(QUESTION.retry)
    assert "一覧から選ぶ" in t(QUESTION.choices_retry)
    assert "Citizens Division" in t(QUESTION.retry, "en")


async def test_a_remembered_department_that_is_a_request_is_asked_again() -> None:
    deps = memory_deps()
    await knows_department(deps, CLEAR_APP[:60])  # stored before answers were checked

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say(CLEAR_BPR, activity_id="a1"), deps)

    assert reply.ask == (Missing.DEPARTMENT,)
    assert reply.draft == Draft(body=CLEAR_BPR, place=DM, source_id="a1")


# --- the intake form ---------------------------------------------------------------------------------------------


def _department_input(card: dict | None) -> dict:
    assert card is not None
    return next(n for n in card["body"] if n.get("id") == "department")


async def test_the_form_is_prefilled_with_the_remembered_department() -> None:
    deps = memory_deps()
    await knows_department(deps, "総務課")

    reply = await ROUTER.dispatch_message(actor(REQUESTER), say("新規"), deps)

    assert _department_input(reply.card)["value"] == "総務課"
    empty = await ROUTER.dispatch_message(actor(SUPPORT), say("新規"), deps)  # nothing remembered: nothing filled
    assert "value" not in _department_input(empty.card)


async def test_a_department_changed_in_the_form_is_confirmed_and_remembered() -> None:
    deps = memory_deps(support=TEAM)
    db = database(deps)
    await knows_department(deps, "総務課")
    form = {"title": "押印の見直し", "body": CLEAR_BPR}

    changed = await ROUTER.dispatch_action(
        actor(REQUESTER), click(Verb.CREATE, None, **form, department="市民課"), deps
    )
    same = await ROUTER.dispatch_action(
        actor(REQUESTER), click(Verb.CREATE, None, activity_id="x", **form, department="市民課"), deps
    )

    notice = "所属を市民課に更新しました。"
    assert notice in visible_text(changed.card) and notice in visible_text(changed.shared_card)
    assert notice in changed.text
    assert db.consultation("R8-0001").department == "市民課"
    assert db.tables.profiles == {REQUESTER.id: "市民課"}
    assert "所属を" not in visible_text(same.card)  # unchanged: nothing to confirm


async def test_a_first_department_given_in_the_form_is_confirmed_too() -> None:
    deps = memory_deps()
    reply = await ROUTER.dispatch_action(
        actor(REQUESTER), click(Verb.CREATE, None, body=CLEAR_BPR, department="市民課"), deps
    )
    assert "所属を市民課として登録しました。" in visible_text(reply.card)
    assert database(deps).tables.profiles == {REQUESTER.id: "市民課"}


@pytest.mark.parametrize(
    ("department", "with_master", "reason"),
    [
        ("会議室の予約をフォームで受け付けたいです。", False, "所属は課・部署名で入力してください"),
        ("税務課", True, "所属が部署マスタにありません"),
    ],
)
async def test_a_form_whose_department_is_none_is_shown_again(department: str, with_master: bool, reason: str) -> None:
    deps = memory_deps()
    if with_master:
        await master(deps, "市民課")

    reply = await ROUTER.dispatch_action(
        actor(REQUESTER), click(Verb.CREATE, None, body=CLEAR_BPR, department=department), deps
    )

    assert reason in visible_text(reply.card)
    assert _department_input(reply.card)["value"] == department  # kept for correcting
    assert database(deps).tables.consultations == {} and database(deps).tables.profiles == {}


async def test_a_form_names_the_department_as_the_master_calls_it_now() -> None:
    deps = memory_deps()
    await master(deps, "市民課")
    async with deps.uow() as u:
        await u.departments.rename("市民課", "市民生活課", DEFAULT_NOW + timedelta(days=1))

    await ROUTER.dispatch_action(actor(REQUESTER), click(Verb.CREATE, None, body=CLEAR_BPR, department="市民課"), deps)

    assert database(deps).consultation("R8-0001").department == "市民生活課"
