"""The department master's name look-up on both databases: any name a department has had, written in any width or
case, gives its current name; a deactivated department gives none."""

from datetime import UTC, datetime

from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


async def test_the_master_gives_a_departments_current_name_for_any_of_its_names(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as u:
        await u.departments.add("市民課", NOW)
        await u.departments.add("ＩＴ推進課", NOW)
        await u.departments.add("旧庁舎管理課", NOW)
        await u.departments.rename("市民課", "市民生活課", NOW)
        await u.departments.deactivate("旧庁舎管理課", NOW)
    async with uow(standalone=True) as u:
        found = {
            name: await u.departments.canonical(name)
            for name in ("市民課", "市民 生活課", "it推進課", "旧庁舎管理課", "", "税務課")
        }
    assert found == {
        "市民課": "市民生活課",
        "市民 生活課": "市民生活課",
        "it推進課": "ＩＴ推進課",
        "旧庁舎管理課": None,
        "": None,
        "税務課": None,
    }
