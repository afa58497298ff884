"""Expected domain errors: raised by services, mapped to polite messages at the Teams edge."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.domain.consultation import Consultation  # which imports this module


class ConsultationError(Exception):
    """Base of every expected error. `key` names the message in bot.texts; `params` fill it."""

    key = "error.generic"
    current: "Consultation | None" = None  # the consultation as it is now, when an action on it was refused

    def __init__(self, key: str | None = None, **params: object) -> None:
        super().__init__(key or self.key)
        if key:
            self.key = key
        self.params = params


class NotFound(ConsultationError):
    key = "error.not_found"


class InvalidTransition(ConsultationError):
    key = "error.invalid_transition"


class NotAllowed(ConsultationError):
    key = "error.not_allowed"


class Conflict(ConsultationError):
    key = "error.conflict"


class InvalidInput(ConsultationError):
    key = "error.invalid_input"
