"""Expected domain errors: raised by services, mapped to polite messages at the Teams edge."""


class ConsultationError(Exception):
    """Base of every expected error. `key` names the message in bot.texts; `params` fill it."""

    key = "error.generic"
    # The consultation as it is now, when an action on it was refused (a bot.domain.consultation.Consultation; typed
    # `object` because that module imports this one, and wiring goes one way).
    current: object = None

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


class DepartmentUnknown(ConsultationError):
    """No department is remembered for the requester: intake asks for it (or the directory knows it)."""

    key = "error.generic"
