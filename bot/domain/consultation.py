"""The consultation and its lifecycle: statuses, legal transitions, actions and the events they leave."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from bot.domain.category import Category
from bot.domain.errors import InvalidTransition


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
    Status.WITHDRAWN: frozenset(),
}


class CategorySource(StrEnum):
    AUTO = "auto"
    MANUAL = "manual"


class EventKind(StrEnum):
    CREATED = "created"
    ASSIGNED = "assigned"
    STATUS_CHANGED = "status_changed"
    RECLASSIFIED = "reclassified"


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


def change_status(c: Consultation, target: Status, *, actor: Person, now: datetime) -> Change:
    """Move to `target`; working on an unassigned consultation assigns it to the actor."""
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


def reclassify(c: Consultation, *, actor: Person, now: datetime, to: Category | None = None) -> Change:
    """Set the category by hand (default: the other one); a human decision has full confidence."""
    target = to or c.category.other
    if target is c.category and c.category_source is CategorySource.MANUAL:
        raise InvalidTransition("error.already_category", category=target)
    updated = replace(c, category=target, confidence=1.0, category_source=CategorySource.MANUAL, updated_at=now)
    return Change(updated, (_event(c, EventKind.RECLASSIFIED, actor, now, c.category, target),))
