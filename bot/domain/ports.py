"""Ports: what the services need from storage and the outside world, as Protocols."""

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import Any, Protocol

from bot.domain.annual_review import ReviewReading
from bot.domain.catalogue import Catalogue
from bot.domain.consultation import Consultation, Event, Note, Person, Place, Worksheet
from bot.domain.queue import Page, QueueFilter, Workload
from bot.domain.register_rows import Importer, Reporting
from bot.domain.scope import TurnedAwayCounts


class Clock(Protocol):
    def now(self) -> datetime: ...


class ConsultationRepo(Protocol):
    async def next_seq(self, fiscal_year: int) -> int: ...
    async def add(self, c: Consultation, *, source_id: str = "") -> Consultation: ...
    async def get(self, consultation_id: int) -> Consultation | None: ...
    async def get_by_number(self, number: str) -> Consultation | None: ...
    async def get_by_source(self, source_id: str) -> Consultation | None: ...
    async def update(self, c: Consultation, *, expected_version: int) -> Consultation | None: ...
    async def set_place(self, consultation_id: int, place: Place) -> None: ...
    async def list_by_requester(self, requester_id: str, *, limit: int) -> Sequence[Consultation]: ...
    async def get_by_thread(self, conversation_id: str) -> Consultation | None: ...
    async def queue(
        self, queue_filter: QueueFilter, *, viewer_id: str, page: Page
    ) -> tuple[Sequence[Consultation], int]: ...
    async def workload(self) -> Sequence[Workload]: ...
    async def search(
        self, keywords: Sequence[str], *, requester_id: str | None, limit: int
    ) -> Sequence[Consultation]: ...
    async def count(self) -> int: ...
    async def changed_since(self, since: datetime | None, after_id: int) -> Sequence[Consultation]:
        """Rows updated at or after `since`, or with an id above `after_id` (every row when `since` is None); for
        the similarity index (bot.similarity.library), in no particular order."""
        ...


class NoteRepo(Protocol):
    async def add(self, note: Note, *, source_id: str = "") -> bool: ...  # False: that source was recorded already
    async def for_consultation(self, consultation_id: int, *, limit: int) -> Sequence[Note]: ...


class WorksheetRepo(Protocol):
    async def get(self, consultation_id: int) -> Worksheet | None: ...
    async def save(self, consultation_id: int, worksheet: Worksheet, *, by: str, now: datetime) -> None: ...


@dataclass(frozen=True)
class ChannelSetting:
    purpose: str  # "intake" | "summary" | "support_team"
    channel_id: str
    team_id: str = ""
    tenant_id: str = ""
    name: str = ""


class ChannelSettingRepo(Protocol):
    async def set(self, setting: ChannelSetting, *, by: str, now: datetime) -> None: ...
    async def remove(self, purpose: str, channel_id: str) -> bool: ...
    async def all(self) -> Sequence[ChannelSetting]: ...


class EventRepo(Protocol):
    async def add(self, events: Sequence[Event]) -> None: ...
    async def for_consultation(self, consultation_id: int) -> Sequence[Event]: ...


class ProfileRepo(Protocol):
    async def department_of(self, person_id: str) -> str: ...
    async def remember_department(self, person_id: str, department: str, now: datetime) -> None: ...


class PeopleRepo(Protocol):
    """Display names of people, as Teams, the roster or Microsoft Graph last gave them."""

    async def remember(self, people: Sequence[Person], now: datetime) -> int:
        """Store each named person's name (and Teams id); a row is written only when its name or Teams id differs
        and `now` is not older than what is stored. Returns the number of rows written."""
        ...

    async def names_of(self, ids: Iterable[str]) -> Mapping[str, str]:
        """Display name by id, for the ids that are a stored person's id or Teams id (unknown ids are left out)."""
        ...


class StateStore(Protocol):
    """Key/value JSON documents (dialog and user state)."""

    async def read(self, keys: Iterable[str]) -> dict[str, str]: ...
    async def write(self, documents: Mapping[str, str], *, now: datetime) -> None: ...
    async def delete(self, keys: Iterable[str]) -> None: ...


class ConversationRefStore(Protocol):
    """Serialized conversation references for proactive messages."""

    async def save(
        self,
        conversation_id: str,
        reference: dict[str, Any],
        *,
        now: datetime,
        tenant_id: str = "",
        user_id: str = "",
        conversation_type: str = "",
    ) -> None: ...
    async def get(self, conversation_id: str) -> dict[str, Any] | None: ...
    async def personal_for(self, user_id: str, tenant_id: str = "") -> dict[str, Any] | None:
        """The most recently refreshed 1:1 chat reference of a user (Entra object id, or Teams id)."""
        ...

    async def for_channel(self, channel_id: str) -> dict[str, Any] | None:
        """The most recent reference of the channel or one of its threads."""
        ...


class SupportMemberRepo(Protocol):
    """The support team's stored members: the synced Teams roster and configured people."""

    async def replace_roster(self, members: Sequence[Person], now: datetime) -> int: ...
    async def upsert(self, person: Person, source: str, now: datetime) -> None: ...
    async def remove(self, person_id: str) -> None: ...
    async def all(self) -> Sequence[Person]: ...
    async def contains_any(self, ids: Iterable[str]) -> bool: ...


@dataclass(frozen=True)
class OutboxEntry:
    """A proactive message waiting for another try (leased to one instance at a time)."""

    id: int
    kind: str
    payload: dict[str, Any]
    attempts: int


class Outbox(Protocol):
    """Proactive messages that could not be delivered yet, retried later with backoff."""

    async def add(self, kind: str, payload: dict[str, Any], *, now: datetime, error: str = "") -> None: ...
    async def lease_due(self, now: datetime, limit: int = 50) -> Sequence[OutboxEntry]: ...
    async def done(self, entry_id: int, now: datetime) -> None: ...
    async def retry_later(self, entry: OutboxEntry, now: datetime, error: str, *, max_attempts: int) -> bool: ...
    async def give_up(self, entry_id: int, error: str) -> None: ...
    async def pending(self) -> int: ...


class DepartmentRepo(Protocol):
    async def add(self, name: str, now: datetime) -> bool: ...
    async def rename(self, old: str, new: str, now: datetime) -> bool: ...
    async def deactivate(self, name: str, now: datetime) -> bool: ...
    async def active_names(self) -> Sequence[str]: ...
    async def canonical(self, name: str) -> str | None:
        """The current name of the active department `name` is (or was) a name of, width- and case-insensitively."""
        ...


class SummaryRuns(Protocol):
    async def claim(self, period_key: str, conversation_id: str, now: datetime) -> bool: ...
    async def mark_sent(self, period_key: str, conversation_id: str, activity_id: str, now: datetime) -> None: ...
    async def sent_at(self, period_key: str, conversation_id: str) -> datetime | None: ...


class AgeingRepo(Protocol):
    """What ageing needs: the open consultations, when the ones on hold went on hold, and the nudge claims."""

    async def open_consultations(self) -> Sequence[Consultation]: ...
    async def on_hold_since(self) -> Mapping[int, datetime]:
        """By consultation id: the latest change to 保留 of each consultation that is on hold now."""
        ...

    async def claim_nudge(self, consultation_id: int, business_day: date, person_id: str, now: datetime) -> bool:
        """True when no nudge about this consultation was claimed for this business day before (by any instance)."""
        ...

    async def teams_ids(self, person_ids: Iterable[str]) -> Mapping[str, str]:
        """The Teams id (29:...) the people store knows for each of `person_ids` (unknown ones left out)."""
        ...


class ChannelPoster(Protocol):
    """Posts a card as a new message in a channel; returns the activity id, or "" when it could not."""

    async def post(self, channel_id: str, card: dict[str, Any]) -> str: ...


class ProcessedActivities(Protocol):
    async def first_time(self, key: str, now: datetime) -> bool: ...


class Corrections(Protocol):
    async def add(
        self, consultation_id: int, text: str, label: str, previous: str, *, by: str, at: datetime
    ) -> None: ...
    async def all(self) -> Sequence[tuple[str, str]]: ...


class TurnedAwayLog(Protocol):
    """Messages answered as not a DX consultation (対象外): the topic only, nothing personal."""

    async def add(self, topic: str, at: datetime) -> int: ...  # the new row's id
    async def mark_registered(self, turned_away_id: int, at: datetime) -> bool: ...  # False: unknown or marked already
    async def counts(self, start_utc: datetime, end_utc: datetime, as_of: datetime) -> TurnedAwayCounts: ...


class UnitOfWork(Protocol):
    """One transaction's repositories (read-only: storage makes each on first use)."""

    @property
    def consultations(self) -> ConsultationRepo: ...
    @property
    def events(self) -> EventRepo: ...
    @property
    def profiles(self) -> ProfileRepo: ...
    @property
    def people(self) -> PeopleRepo: ...
    @property
    def state(self) -> StateStore: ...
    @property
    def conversation_refs(self) -> ConversationRefStore: ...
    @property
    def support_members(self) -> SupportMemberRepo: ...
    @property
    def notes(self) -> NoteRepo: ...
    @property
    def worksheets(self) -> WorksheetRepo: ...
    @property
    def channel_settings(self) -> ChannelSettingRepo: ...
    @property
    def departments(self) -> DepartmentRepo: ...
    @property
    def summary_runs(self) -> SummaryRuns: ...
    @property
    def reporting(self) -> Reporting: ...
    @property
    def review(self) -> ReviewReading: ...
    @property
    def importer(self) -> Importer: ...
    @property
    def processed(self) -> ProcessedActivities: ...
    @property
    def outbox(self) -> Outbox: ...
    @property
    def corrections(self) -> Corrections: ...
    @property
    def catalogue(self) -> Catalogue: ...
    @property
    def ageing(self) -> AgeingRepo: ...
    @property
    def turned_away(self) -> TurnedAwayLog: ...

    async def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, standalone: bool = False) -> "UnitOfWorkContext":
        """A transaction. `standalone=True`: no transaction, each statement stands alone (fewer round trips); for a
        single read, independent reads, or one write that needs nothing else to be atomic with it."""
        ...

    async def later(
        self, write: Callable[[UnitOfWork], Awaitable[object]], done: Callable[[], None] | None = None
    ) -> None:
        """A small idempotent write (an upsert) that may wait for the turn's next unit of work, or the turn's end;
        outside a turn it runs now. `done` is called once it is committed (bot/services/turn_writes.py)."""
        ...

    def turn(self) -> AbstractAsyncContextManager[None]:
        """Around one inbound activity: the writes postponed in it are written by its end."""
        ...


class UnitOfWorkContext(Protocol):
    async def __aenter__(self) -> UnitOfWork: ...
    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None, /
    ) -> bool | None: ...


@dataclass(frozen=True)
class DirectoryEntry:
    """What the organisation's directory (Microsoft Graph) knows about a person."""

    display_name: str
    department: str


class Directory(Protocol):
    """Looks people up by Entra object id; None when unknown, not configured, or the directory fails."""

    async def lookup(self, aad_object_id: str) -> DirectoryEntry | None: ...


@dataclass(frozen=True)
class Recipient:
    """Someone to message 1:1: their stable id (Entra object id), their Teams id (29:...), the tenant, and a
    conversation the bot shares with them (its stored reference gives the service URL to create a 1:1 chat)."""

    person_id: str
    teams_id: str = ""
    tenant_id: str = ""
    via_conversation_id: str = ""
    locale: str = "ja"


class Notifier(Protocol):
    """Proactive 1:1 messages. Returns False when the message could not be delivered (logged, never raised)."""

    async def notify(self, recipient: Recipient, text: str, card: dict[str, Any] | None = None) -> bool: ...


class SupportRoster(Protocol):
    """The support team: members of the configured Teams team plus configured ids, cached."""

    async def is_member(self, person_ids: Iterable[str]) -> bool: ...
    async def members(self) -> Sequence[Person]: ...
    def invalidate(self) -> None:
        """Forget the cached members: the next call reads them again (after a sync or a membership change)."""
        ...
