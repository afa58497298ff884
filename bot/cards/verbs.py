"""Every Action.Execute verb the bot's cards can send."""

from enum import StrEnum


class Verb(StrEnum):
    ASSIGN_SELF = "consultation.assign_self"
    ASSIGN = "consultation.assign"
    UNASSIGN = "consultation.unassign"
    START = "consultation.start"
    HOLD = "consultation.hold"
    CLOSE = "consultation.close"
    REOPEN = "consultation.reopen"
    RECLASSIFY = "consultation.reclassify"
    SET_BPR = "consultation.set_bpr"
    SET_APP = "consultation.set_app"
    WITHDRAW = "consultation.withdraw"
    ADD_NOTE = "consultation.add_note"
    REFRESH = "consultation.refresh"
    DETAILS = "consultation.details"
    WORKSHEET = "consultation.worksheet"
    SAVE_WORKSHEET = "consultation.save_worksheet"
    MARK_REUSE = "consultation.mark_reuse"  # 横展開候補にする (with the line on what to reuse)
    UNMARK_REUSE = "consultation.unmark_reuse"
    CREATE = "consultation.create"
    LIST = "list.show"
    DIGEST_ASSIGN_SELF = "digest.assign_self"  # 担当する on the daily digest: the digest stays, refreshed
    REGISTER_ANYWAY = "scope.register"  # an Action.Submit: register a message turned away as 対象外 after all
    ANSWER = "intake.answer"  # an Action.Submit: a question card's answer to the open intake question
