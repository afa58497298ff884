"""People as other people see them: display names by person id, read from the people store when something is shown.

Ids (Entra object ids, Teams ids `29:...`) identify people; they are never shown. A name comes from the people store
(the freshest name Teams, the roster or Microsoft Graph gave), else from the name recorded with the data at the time
(unless that is an id too); with neither, the person is shown as unknown (the catalogue's `people.unknown`).
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.domain.consultation import Person

MAX_NAME_CHARS = 200
# What ids look like: an Entra object id (GUID), or a Teams / Bot Framework id such as 29:..., 28:..., 8:orgid:...
GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
ID_SHAPED = re.compile(rf"\s*(?:{GUID}|\d{{1,2}}:\S+)\s*")


def looks_like_id(text: str) -> bool:
    return bool(ID_SHAPED.fullmatch(text))


def shown_name(name: str) -> str:
    """A name fit to show: trimmed and bounded; "" when it is empty or only an id."""
    name = " ".join(name.split())[:MAX_NAME_CHARS]
    return "" if looks_like_id(name) else name


@dataclass(frozen=True)
class Names:
    """Display names by person id (each id as asked for: an Entra object id or a Teams id), for one rendering."""

    by_id: Mapping[str, str] = field(default_factory=dict)

    def of(self, person_id: str, recorded: str = "") -> str:
        """The stored name of `person_id`, else `recorded` (the name kept with the data) unless it is an id; ""
        when neither is known (the caller shows the person as unknown)."""
        return shown_name(self.by_id.get(person_id, "")) or shown_name(recorded)

    def person(self, person: Person) -> str:
        return self.of(person.id, person.name) or (self.of(person.teams_id) if person.teams_id else "")


NO_NAMES = Names()


def ids_of(people: Iterable[Person | None]) -> list[str]:
    """The ids to look up for `people` (Entra object ids and Teams ids), each once, in order."""
    found: dict[str, None] = {}
    for p in people:
        if p is not None:
            found.update((i, None) for i in (p.id, p.teams_id) if i)
    return list(found)
