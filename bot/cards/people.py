"""How cards name people: by their display name from the people store, or as unknown — never by an id."""

from bot.domain.consultation import Person
from bot.domain.people import Names
from bot.texts import t


def name_or_unknown(name: str, locale: str) -> str:
    return name or t("people.unknown", locale)


def person_name(names: Names, person: Person, locale: str) -> str:
    return name_or_unknown(names.person(person), locale)


def name_of(names: Names, person_id: str, recorded: str, locale: str) -> str:
    return name_or_unknown(names.of(person_id, recorded), locale)
