"""The consultation and its lifecycle: statuses, legal transitions, actions and the events they leave."""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from bot.domain.category import Category
from bot.domain.errors import InvalidInput, InvalidTransition


class Status(StrEnum):
    RECEIVED = "received"  # 受付
    ASSIGNED = "assigned"  # 担当決定
    IN_PROGRESS = "in_progress"  # 対応中
    ON_HOLD = "on_hold"  # 保留
    DONE = "done"  # 完了
    WITHDRAWN = "withdrawn"  # 取り下げ

    @property
    def is_closed(self) -> bool:
        return self in (Status.DONE, Status.WITHDRAWN)


TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset({Status.ASSIGNED, Status.IN_PROGRESS, Status.ON_HOLD, Status.DONE, Status.WITHDRAWN}),
    Status.ASSIGNED: frozenset({Status.IN_PROGRESS, Status.ON_HOLD, Status.DONE, Status.WITHDRAWN}),
    Status.IN_PROGRESS: frozenset({Status.ON_HOLD, Status.DONE, Status.WITHDRAWN}),
    Status.ON_HOLD: frozenset({Status.IN_PROGRESS, Status.DONE, Status.WITHDRAWN}),
    Status.DONE: frozenset({Status.IN_PROGRESS}),  # reopen
    Status.WITHDRAWN: frozenset({Status.IN_PROGRESS}),  # reopen
}


class CategorySource(StrEnum):
    AUTO = "auto"
    MANUAL = "manual"


class EventKind(StrEnum):
    CREATED = "created"
    ASSIGNED = "assigned"
    UNASSIGNED = "unassigned"
    STATUS_CHANGED = "status_changed"
    RECLASSIFIED = "reclassified"
    NOTE_ADDED = "note_added"
    WORKSHEET_SAVED = "worksheet_saved"
    REUSE_MARKED = "reuse_marked"  # 横展開候補 (to_value: the line on what to reuse)
    REUSE_UNMARKED = "reuse_unmarked"


class Role(StrEnum):
    """How a person relates to one consultation; decides which buttons their card view offers."""

    SUPPORT = "support"
    REQUESTER = "requester"
    OTHER = "other"


@dataclass(frozen=True)
class Person:
    """Someone acting in Teams: `id` is the stable key (Entra object id when known, else the Teams user id)."""

    id: str
    name: str = ""
    teams_id: str = ""  # the Teams user id (29:...), needed to start a 1:1 chat or to mention them


@dataclass(frozen=True)
class Place:
    """Where in Teams a consultation lives: the conversation (thread) its card is posted in."""

    conversation_id: str = ""
    channel_id: str = ""
    thread_id: str = ""
    tenant_id: str = ""
    card_activity_id: str = ""


@dataclass(frozen=True)
class Event:
    consultation_id: int
    kind: EventKind
    actor_id: str
    actor_name: str
    at: datetime
    from_value: str = ""
    to_value: str = ""


@dataclass(frozen=True)
class Outcome:
    """What closing recorded: the resolution note, an estimate of hours saved, and app artefacts."""

    resolution: str
    hours_saved_per_month: float | None = None
    artefact_name: str = ""
    artefact_environment: str = ""
    artefact_owner: str = ""


@dataclass(frozen=True)
class Reuse:
    """横展開候補: a completed consultation whose solution another department can reuse, and what to reuse."""

    note: str
    marked_at: datetime
    marked_by: str  # person id of the support member who marked it


@dataclass(frozen=True)
class Note:
    """A reply in the consultation's thread, or a 追記 from the card."""

    consultation_id: int
    author: "Person"
    role: Role
    body: str
    at: datetime


@dataclass(frozen=True)
class Worksheet:
    """The As-Is/To-Be worksheet of a BPR consultation (all fields optional)."""

    as_is: str = ""  # 現状の業務
    problems: str = ""  # 課題
    to_be: str = ""  # 理想の姿
    gap: str = ""  # ギャップ
    effects: str = ""  # 期待効果
    yearly_count: int | None = None  # 年間件数
    minutes_per_case: float | None = None  # 1件あたり時間（分）

    @property
    def hours_per_year(self) -> float | None:
        if self.yearly_count is None or self.minutes_per_case is None:
            return None
        return self.yearly_count * self.minutes_per_case / 60


@dataclass(frozen=True)
class Consultation:
    id: int
    number: str
    fiscal_year: int
    seq: int
    title: str
    body: str
    category: Category
    confidence: float
    category_source: CategorySource
    status: Status
    requester: Person
    department: str
    created_at: datetime
    updated_at: datetime
    assignee: Person | None = None
    desired_due: date | None = None
    closed_at: datetime | None = None
    place: Place = field(default_factory=Place)
    version: int = 1
    outcome: Outcome | None = None
    needs_triage: bool = False  # 要確認: the classifier was not sure; a person should pick the category
    tags: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()  # phrases of the text that drove the classification
    reuse: Reuse | None = None  # 横展開候補, set by the support team on a completed consultation


@dataclass(frozen=True)
class Change:
    """The result of a lifecycle action: the new state and the events that record it."""

    consultation: Consultation
    events: tuple[Event, ...]


def _event(c: Consultation, kind: EventKind, actor: Person, now: datetime, old: str, new: str) -> Event:
    return Event(c.id, kind, actor.id, actor.name, now, old, new)


def assign(c: Consultation, assignee: Person, *, actor: Person, now: datetime) -> Change:
    """Make `assignee` responsible; a newly received consultation becomes 担当決定."""
    if c.status.is_closed:
        raise InvalidTransition("error.closed", status=c.status)
    if c.assignee is not None and c.assignee.id == assignee.id:
        raise InvalidTransition("error.already_assigned", name=assignee.name)
    old = c.assignee.id if c.assignee else ""
    events = [_event(c, EventKind.ASSIGNED, actor, now, old, assignee.id)]
    status = c.status
    if status is Status.RECEIVED:
        status = Status.ASSIGNED
        events.append(_event(c, EventKind.STATUS_CHANGED, actor, now, c.status, status))
    updated = replace(c, assignee=assignee, status=status, updated_at=now)
    return Change(updated, tuple(events))


def role_of(person_id: str, c: Consultation, *, is_support: bool) -> Role:
    if is_support:
        return Role.SUPPORT
    return Role.REQUESTER if person_id == c.requester.id else Role.OTHER


def unassign(c: Consultation, *, actor: Person, now: datetime) -> Change:
    """Nobody is responsible any more; an assigned (not yet started) consultation goes back to 受付."""
    if c.status.is_closed:
        raise InvalidTransition("error.closed", status=c.status)
    if c.assignee is None:
        raise InvalidTransition("error.not_assigned")
    events = [_event(c, EventKind.UNASSIGNED, actor, now, c.assignee.id, "")]
    status = Status.RECEIVED if c.status is Status.ASSIGNED else c.status
    if status is not c.status:
        events.append(_event(c, EventKind.STATUS_CHANGED, actor, now, c.status, status))
    return Change(replace(c, assignee=None, status=status, updated_at=now), tuple(events))


def close(c: Consultation, outcome: Outcome, *, actor: Person, now: datetime) -> Change:
    """完了: requires a resolution note; records the outcome reports use later."""
    if not outcome.resolution.strip():
        raise InvalidInput("error.resolution_required")
    change = change_status(c, Status.DONE, actor=actor, now=now, _closing=True)
    return Change(replace(change.consultation, outcome=outcome), change.events)


def withdraw(c: Consultation, *, actor: Person, now: datetime) -> Change:
    """取り下げ by the requester."""
    return change_status(c, Status.WITHDRAWN, actor=actor, now=now)


def change_status(c: Consultation, target: Status, *, actor: Person, now: datetime, _closing: bool = False) -> Change:
    """Move to `target`; working on an unassigned consultation assigns it to the actor.
    完了 goes through close() (a resolution note is required)."""
    if target is Status.DONE and not _closing:
        raise InvalidInput("error.resolution_required")
    if target is c.status:
        raise InvalidTransition("error.already_in_status", status=target)
    if target not in TRANSITIONS[c.status]:
        raise InvalidTransition("error.invalid_transition", status=c.status, target=target)
    events = []
    assignee = c.assignee
    if assignee is None and target in (Status.IN_PROGRESS, Status.ON_HOLD, Status.DONE):
        assignee = actor
        events.append(_event(c, EventKind.ASSIGNED, actor, now, "", actor.id))
    events.append(_event(c, EventKind.STATUS_CHANGED, actor, now, c.status, target))
    closed_at = now if target.is_closed else None
    updated = replace(c, status=target, assignee=assignee, updated_at=now, closed_at=closed_at)
    return Change(updated, tuple(events))


Retag = Callable[[tuple[str, ...], Category], tuple[str, ...]]


def reclassify(
    c: Consultation, *, actor: Person, now: datetime, to: Category | None = None, retag: Retag | None = None
) -> Change:
    """Set the category by hand (default: the other one); a human decision has full confidence. `retag` gives the
    sub-tags that still apply in the new category (the classifier knows which tag belongs where)."""
    target = to or c.category.other
    if target is c.category and (c.category_source is CategorySource.MANUAL or not c.needs_triage):
        raise InvalidTransition("error.already_category", category=target)
    updated = replace(
        c,
        category=target,
        confidence=1.0,
        category_source=CategorySource.MANUAL,
        needs_triage=False,
        updated_at=now,
        tags=retag(c.tags, target) if retag else c.tags,
    )
    return Change(updated, (_event(c, EventKind.RECLASSIFIED, actor, now, c.category, target),))
