"""People's display names: kept fresh from what Teams, the roster and Microsoft Graph say, read when anything that
shows a person is drawn (so a renamed person shows the new name, and nobody is shown as an id)."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from bot.domain.consultation import Person
from bot.domain.people import Names, shown_name
from bot.domain.ports import UnitOfWork, UnitOfWorkFactory
from bot.services.write_memo import Expiring, WriteMemo


async def names(uow: UnitOfWorkFactory, ids: Iterable[str]) -> Names:
    """The stored names of `ids` (one statement; none when there is nothing to look up)."""
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return Names()
    async with uow(standalone=True) as u:
        return Names(dict(await u.people.names_of(wanted)))


async def remember(
    uow: UnitOfWorkFactory, people: Sequence[Person], now: datetime, cache: "NameCache | None" = None
) -> int:
    """Store the names of `people` (a roster, a directory answer); rows change only where a name changed. `cache`:
    the process's NameCache, which shows the stored names from then on."""
    if not any(p.id and shown_name(p.name) for p in people):
        return 0
    async with uow(standalone=True) as u:
        changed = await u.people.remember(people, now)
    if cache is not None:
        cache.learn(people)
    return changed


class NameCache(Expiring[str]):
    """The names this process read or stored lately ("": none stored), so drawing a card does not read the same names
    turn after turn (a channel card names the whole support team). An entry, found or not, is trusted for `ttl`
    seconds: a name another instance or a roster sync stored shows within that; one this process stores (`learn`)
    shows at once."""

    TTL_SECONDS = 60.0

    async def read(self, uow: UnitOfWorkFactory, ids: Iterable[str]) -> Names:
        """The names of `ids`, as `names` reads them; only ids not known lately are read (one statement)."""
        found: dict[str, str] = {}
        missing = []
        for i in {i for i in ids if i}:
            name = self.get(i)
            if name is None:
                missing.append(i)
            elif name:
                found[i] = name
        if missing:
            read = await names(uow, missing)
            for i in missing:
                name = read.by_id.get(i, "")
                self.put(i, name)
                if name:
                    found[i] = name
        return Names(found)

    def learn(self, people: Iterable[Person]) -> None:
        """Names this process has just stored (a sender's, the directory's): shown from now on."""
        for p in people:
            name = shown_name(p.name)
            if name:
                for i in (p.id, p.teams_id):
                    if i:
                        self.put(i, name)


class NameKeeper:
    """Every turn carries its sender's name; the keeper stores it only when it differs from what this process last
    stored for that person, so an unchanged name costs no database work. Another instance (or a roster sync) may
    have written the row since: an entry expires after `ttl` seconds, so a name is re-checked at least that often
    (the write itself changes nothing when the stored name is the same). The write waits for the turn's next unit of
    work, or its end (`UnitOfWorkFactory.later`)."""

    def __init__(self, memo: WriteMemo | None = None) -> None:
        self._memo = memo or WriteMemo()

    async def seen(self, uow: UnitOfWorkFactory, person: Person, now: datetime, cache: NameCache | None = None) -> bool:
        """Store `person`'s name unless this process stored the same one recently; True when it is (by the turn's end).
        `cache`: the process's NameCache, told the stored name."""
        name = shown_name(person.name)
        if not person.id or not name:
            return False
        fingerprint = (name, person.teams_id)
        if self._memo.unchanged(person.id, fingerprint):
            return False

        async def store(u: UnitOfWork) -> None:
            await u.people.remember([person], now)

        if cache is not None:
            cache.learn([person])  # the name is shown from now on, even before the write (it is this turn's sender)
        await uow.later(store, done=lambda: self._memo.stored(person.id, fingerprint))
        return True


async def reachable(uow: UnitOfWorkFactory, person: Person) -> bool:
    """Whether the bot has a 1:1 chat with the person (by Entra id, else Teams id), so it can tell them things."""
    async with uow(standalone=True) as u:
        if await u.conversation_refs.personal_for(person.id) is not None:
            return True
        return bool(person.teams_id) and await u.conversation_refs.personal_for(person.teams_id) is not None
