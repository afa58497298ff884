"""Every Action.Execute verb the bot's cards can send."""

from enum import StrEnum


class Verb(StrEnum):
    ASSIGN_SELF = "consultation.assign_self"
    START = "consultation.start"
    HOLD = "consultation.hold"
    COMPLETE = "consultation.complete"
    REOPEN = "consultation.reopen"
    RECLASSIFY = "consultation.reclassify"
    REFRESH = "consultation.refresh"
    CREATE = "consultation.create"
