"""Who may do what: the support team works consultations; everyone may consult."""

from collections.abc import Iterable


def is_support(person_ids: Iterable[str], support_team_ids: frozenset[str], *, open_support: bool) -> bool:
    """True when any of the person's ids (Entra object id, Teams user id) is configured as support team."""
    if open_support:
        return True
    return any(pid and pid in support_team_ids for pid in person_ids)
