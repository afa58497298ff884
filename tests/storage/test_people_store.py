"""The people store on both databases; the migration that makes the people table starts it with the names already
known."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import MetaData, Table, insert, select

from bot.domain.consultation import Person
from storage.db import make_engine
from storage.migrate import downgrade, upgrade
from storage.orm import PersonRow
from storage.uow import SqlUnitOfWorkFactory
from tests.support.people import SATO, SUZUKI, YAMADA, guid

NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=1)


async def stored(uow: SqlUnitOfWorkFactory) -> list[tuple[str, str, str, datetime]]:
    async with uow(standalone=True) as u:
        result = await u.session.execute(
            select(PersonRow.person_id, PersonRow.teams_id, PersonRow.display_name, PersonRow.updated_at).order_by(
                PersonRow.person_id
            )
        )
        return [tuple(r) for r in result]


async def remember(uow: SqlUnitOfWorkFactory, people: list[Person], when: datetime) -> int:
    async with uow() as u:
        return await u.people.remember(people, when)


async def test_a_name_is_written_only_when_it_changes(uow: SqlUnitOfWorkFactory) -> None:
    assert await remember(uow, [SATO, YAMADA], NOW) == 2
    assert await remember(uow, [SATO, YAMADA], LATER) == 0  # the same names: no row is touched
    assert await remember(uow, [Person(SATO.id, "佐藤 一郎（DX推進課）", "")], LATER) == 1
    assert await stored(uow) == [
        (YAMADA.id, YAMADA.teams_id, "山田 花子", NOW),
        (SATO.id, SATO.teams_id, "佐藤 一郎（DX推進課）", LATER),  # an empty Teams id keeps the known one
    ]


async def test_an_older_an_empty_or_an_id_shaped_name_never_replaces_a_name(uow: SqlUnitOfWorkFactory) -> None:
    await remember(uow, [SATO], LATER)
    assert await remember(uow, [Person(SATO.id, "古い名前", SATO.teams_id)], NOW) == 0
    assert await remember(uow, [Person(SATO.id, "", ""), Person(SATO.id, SATO.id), Person("", "誰か")], LATER) == 0
    assert await stored(uow) == [(SATO.id, SATO.teams_id, "佐藤 一郎", LATER)]


async def test_names_are_found_by_entra_object_id_or_teams_id(uow: SqlUnitOfWorkFactory) -> None:
    roster = [Person(guid(100 + i), f"職員 {i:04d}", f"29:1member-{i:04d}") for i in range(1200)]  # > one statement
    assert await remember(uow, [*roster, SATO], NOW) == 1201
    async with uow(standalone=True) as u:
        names = await u.people.names_of([SATO.id, SUZUKI.teams_id, "29:1member-1199", guid(100), ""])
        everyone = await u.people.names_of([p.teams_id for p in roster])
    assert dict(names) == {SATO.id: "佐藤 一郎", "29:1member-1199": "職員 1199", guid(100): "職員 0000"}
    assert len(everyone) == 1200


def table_at_0004(name: str) -> Table:
    """The table as revision 0004 left it: the model's columns without those later migrations added."""
    later = {"reuse_note", "reuse_marked_at", "reuse_marked_by"}
    model = PersonRow.metadata.tables[name]
    return Table(name, MetaData(), *(c._copy() for c in model.columns if c.name not in later))


async def test_the_migration_starts_the_people_table_with_the_names_already_known(database_url: str) -> None:
    engine = make_engine(database_url, null_pool=True)
    try:
        await downgrade(engine, "0004")
        async with engine.begin() as conn:
            await conn.execute(
                insert(PersonRow.metadata.tables["support_members"]),
                [
                    {
                        "person_id": SATO.id,
                        "teams_id": SATO.teams_id,
                        "name": "佐藤 一郎",
                        "source": "roster",
                        "updated_at": NOW,
                    },
                    {"person_id": SUZUKI.id, "teams_id": "", "name": "", "source": "config", "updated_at": NOW},
                ],
            )
            base = {
                "fiscal_year": 2026, "title": "t", "body": "b", "category": "bpr", "confidence": 0.9,
                "category_source": "auto", "status": "assigned", "department": "", "created_at": NOW,
                "updated_at": NOW, "requester_teams_id": YAMADA.teams_id, "version": 1,
            }  # fmt: skip
            await conn.execute(
                insert(table_at_0004("consultations")),
                [
                    {**base, "number": "R8-0001", "seq": 1, "requester_id": YAMADA.id, "requester_name": "木村 花子",
                     "assignee_id": SUZUKI.id, "assignee_name": SUZUKI.id},
                    {**base, "number": "R8-0002", "seq": 2, "requester_id": YAMADA.id, "requester_name": "山田 花子",
                     "assignee_id": SATO.id, "assignee_name": "佐藤 一郎"},
                    {**base, "number": "R8-0003", "seq": 3, "requester_id": SATO.id, "requester_name": "別の名前",
                     "assignee_id": None, "assignee_name": None},
                ],
            )  # fmt: skip
        await upgrade(engine)
        async with engine.connect() as conn:
            people = (await conn.execute(select(PersonRow.person_id, PersonRow.display_name))).all()
            consultations = PersonRow.metadata.tables["consultations"]
            assignees = (
                await conn.execute(
                    select(consultations.c.number, consultations.c.assignee_name).order_by(consultations.c.number)
                )
            ).all()
        assert sorted(tuple(p) for p in people) == sorted([(SATO.id, "佐藤 一郎"), (YAMADA.id, "山田 花子")])
        assert [tuple(a) for a in assignees] == [("R8-0001", ""), ("R8-0002", "佐藤 一郎"), ("R8-0003", None)]
    finally:
        await engine.dispose()
