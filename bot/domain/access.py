"""Who may use a card verb on a consultation: the rule each route declares, checked on the current row."""

from enum import StrEnum

from bot.domain.consultation import Consultation
from bot.domain.errors import NotAllowed


class Access(StrEnum):
    ANYONE = "anyone"  # no rule (forms, paging of one's own lists)
    SUPPORT = "support"  # the support team only
    REQUESTER = "requester"  # the consultation's requester only (取り下げ)
    INVOLVED = "involved"  # its requester or the support team (追記, 詳細, ワークシート)

    def check(self, person_id: str, c: Consultation, *, is_support: bool) -> None:
        """Raise NotAllowed (with the reason's message key) unless the person may act on `c`."""
        if self is Access.SUPPORT and not is_support:
            raise NotAllowed("error.not_allowed")
        if self is Access.REQUESTER and person_id != c.requester.id:
            raise NotAllowed("error.requester_only")
        if self is Access.INVOLVED and not (is_support or person_id == c.requester.id):
            raise NotAllowed("error.not_yours")
