"""The Agents SDK Storage on the SQL state table (SQLite and PostgreSQL): JSON documents in, the same out."""

from bot.agents.storage import JsonDocument, SqlAgentsStorage
from storage.uow import SqlUnitOfWorkFactory
from tests.support.memory import memory_deps


async def test_documents_round_trip_and_are_deleted(uow: SqlUnitOfWorkFactory) -> None:
    storage = SqlAgentsStorage(memory_deps(uow=uow))
    document = {"draft": {"body": "押印の見直し", "place": {"conversation_id": "a:1"}}, "needs": ["department"]}
    await storage.write({"agents/k1": JsonDocument(document), "agents/k2": JsonDocument({"n": 1})})
    found = await storage.read(["agents/k1", "agents/k2", "agents/missing"], target_cls=JsonDocument)
    assert {key: item.data for key, item in found.items()} == {"agents/k1": document, "agents/k2": {"n": 1}}
    await storage.write({"agents/k2": JsonDocument({"n": 2})})  # replaced
    assert (await storage.read(["agents/k2"], target_cls=JsonDocument))["agents/k2"].data == {"n": 2}
    await storage.delete(["agents/k1", "agents/missing"])
    assert set(await storage.read(["agents/k1", "agents/k2"], target_cls=JsonDocument)) == {"agents/k2"}
    async with uow(standalone=True) as u:
        raw = await u.state.read(["agents/k2"])
    assert raw == {"agents/k2": '{"n": 2}'}  # plain JSON text, no class names


async def test_empty_requests_do_nothing(uow: SqlUnitOfWorkFactory) -> None:
    storage = SqlAgentsStorage(memory_deps(uow=uow))
    assert await storage.read([], target_cls=JsonDocument) == {}
    await storage.write({})
    await storage.delete([])
