"""In-memory stand-ins for the storage ports, the support roster and the notifier, so handlers and services run in
unit tests without a database, aiohttp or botbuilder.

`MemoryDatabase` is a `UnitOfWorkFactory`. Each unit of work copies the committed tables on entry, works on the
copy, and publishes it when the block ends without error; an error discards the copy (a rollback). `standalone=True`
works on the committed tables directly, each write standing alone, as in SQL. The repositories mirror the SQL ones
(storage/): `update` returns None on a version conflict, a taken source id or number raises Conflict, `next_seq`
counts per fiscal year, `first_time` is true once per key, events keep their values as text, and what a row cannot
hold (an assignee's Teams id, an outcome without a resolution) is not kept. Reporting, the importer and the state
store are not implemented: handlers under test do not use them. Conversation references are kept as the SQL store
keeps them (one per conversation, the latest 1:1 chat per person).
"""

import copy
import logging
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from bot.deps import Deps
from bot.domain.category import Category
from bot.domain.consultation import Consultation, Event, EventKind, Note, Person, Place, Status, Worksheet
from bot.domain.errors import Conflict
from bot.domain.people import shown_name
from bot.domain.ports import ChannelSetting, DirectoryEntry, Recipient
from bot.domain.queue import Page, QueueFilter, Workload
from bot.domain.scope import OutOfScope, Topic, TurnedAwayCounts
from bot.domain.search import search_text
from bot.domain.stats import normalise_department
from bot.services.turn_writes import TurnWrites
from tests.support.clocks import DEFAULT_NOW, JST, FixedClock

# --- the tables ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Correction:
    consultation_id: int
    text: str
    label: str
    previous: str
    by: str
    at: datetime


@dataclass(frozen=True)
class Department:
    name: str
    active: bool
    updated_at: datetime


@dataclass(frozen=True)
class StoredName:
    teams_id: str
    display_name: str
    updated_at: datetime


@dataclass(frozen=True)
class SummaryRun:
    claimed_at: datetime
    sent_at: datetime | None = None
    activity_id: str = ""


@dataclass(frozen=True)
class TurnedAway:
    at: datetime
    topic: str
    registered_at: datetime | None = None


@dataclass(frozen=True)
class StoredReference:
    reference: dict[str, Any]
    updated_at: datetime
    tenant_id: str = ""
    user_id: str = ""
    conversation_type: str = ""


@dataclass
class Tables:
    """Everything stored, as plain containers of frozen records."""

    consultations: dict[int, Consultation] = field(default_factory=dict)
    consultation_sources: dict[str, int] = field(default_factory=dict)
    last_seq: dict[int, int] = field(default_factory=dict)  # fiscal year -> last number handed out
    last_id: int = 0
    events: list[Event] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    note_sources: set[str] = field(default_factory=set)
    worksheets: dict[int, Worksheet] = field(default_factory=dict)
    profiles: dict[str, str] = field(default_factory=dict)  # person id -> department
    people: dict[str, StoredName] = field(default_factory=dict)  # person id -> display name
    corrections: list[Correction] = field(default_factory=list)
    processed: dict[str, datetime] = field(default_factory=dict)
    departments: list[Department] = field(default_factory=list)  # index = department id
    department_aliases: dict[str, int] = field(default_factory=dict)  # normalised name -> department id
    channel_settings: list[ChannelSetting] = field(default_factory=list)
    summary_runs: dict[tuple[str, str], SummaryRun] = field(default_factory=dict)
    nudges: dict[tuple[int, date], str] = field(default_factory=dict)  # (consultation, business day) -> person id
    turned_away: list[TurnedAway] = field(default_factory=list)  # index + 1 = id
    conversation_refs: dict[str, StoredReference] = field(default_factory=dict)  # conversation id -> reference


class _Transaction:
    """The tables one unit of work sees: a private copy (or the committed tables, standalone)."""

    def __init__(self, db: "MemoryDatabase", standalone: bool) -> None:
        self.db, self.standalone = db, standalone
        self._begin()

    def _begin(self) -> None:
        self.began_at = self.db.generation
        self.tables = self.db.tables if self.standalone else copy.deepcopy(self.db.tables)
        self.dirty = False

    def writing(self) -> Tables:
        if self.standalone:
            self.db.generation += 1  # a statement of its own, committed at once
        else:
            self.dirty = True
        return self.tables

    def publish(self) -> None:
        if self.standalone or not self.dirty:
            return
        if self.db.generation != self.began_at:
            raise RuntimeError("two units of work wrote at the same time; the in-memory database serialises them")
        self.db.tables = self.tables
        self.db.generation += 1
        self._begin()


class _Repo:
    def __init__(self, tx: _Transaction) -> None:
        self._tx = tx

    @property
    def _t(self) -> Tables:
        return self._tx.tables

    def _w(self) -> Tables:
        return self._tx.writing()


# --- repositories ------------------------------------------------------------------------------------------------


_CLOSED = (Status.DONE, Status.WITHDRAWN)
_FILTERS = {
    QueueFilter.OPEN: lambda c, viewer: True,
    QueueFilter.UNASSIGNED: lambda c, viewer: c.assignee is None,
    QueueFilter.MINE: lambda c, viewer: c.assignee is not None and c.assignee.id == viewer,
    QueueFilter.IN_PROGRESS: lambda c, viewer: c.status is Status.IN_PROGRESS,
    QueueFilter.ON_HOLD: lambda c, viewer: c.status is Status.ON_HOLD,
    QueueFilter.BPR: lambda c, viewer: c.category is Category.BPR,
    QueueFilter.APP: lambda c, viewer: c.category is Category.APP,
}


def _as_stored(c: Consultation) -> Consultation:
    """What reading the row back gives (storage.repositories.to_domain): no assignee Teams id, no empty outcome."""
    return replace(
        c,
        assignee=Person(c.assignee.id, c.assignee.name) if c.assignee else None,
        outcome=c.outcome if c.outcome and c.outcome.resolution else None,
        tags=tuple(t for t in c.tags if t),
        reasons=tuple(r.replace("|", " ") for r in c.reasons if r),
    )


class MemoryConsultations(_Repo):
    async def next_seq(self, fiscal_year: int) -> int:
        t = self._w()
        t.last_seq[fiscal_year] = t.last_seq.get(fiscal_year, 0) + 1
        return t.last_seq[fiscal_year]

    async def add(self, c: Consultation, *, source_id: str = "") -> Consultation:
        t = self._w()
        number_taken = any(x.number == c.number for x in t.consultations.values())
        if number_taken or (source_id and source_id in t.consultation_sources):
            raise Conflict("error.duplicate")  # the unit of work must roll back, as on PostgreSQL
        t.last_id += 1
        stored = _as_stored(replace(c, id=t.last_id, version=1))
        t.consultations[stored.id] = stored
        if source_id:
            t.consultation_sources[source_id] = stored.id
        return replace(c, id=stored.id, version=1)

    async def get(self, consultation_id: int) -> Consultation | None:
        return self._t.consultations.get(consultation_id)

    async def get_by_number(self, number: str) -> Consultation | None:
        return next((c for c in self._t.consultations.values() if c.number == number), None)

    async def get_by_source(self, source_id: str) -> Consultation | None:
        found = self._t.consultation_sources.get(source_id) if source_id else None
        return self._t.consultations.get(found) if found is not None else None

    async def update(self, c: Consultation, *, expected_version: int) -> Consultation | None:
        """Only the mutable columns are written, and only if the row is still at `expected_version`."""
        current = self._t.consultations.get(c.id)
        if current is None or current.version != expected_version:
            return None
        identity = {
            "number": current.number,
            "fiscal_year": current.fiscal_year,
            "seq": current.seq,
            "requester": current.requester,
            "created_at": current.created_at,
            "place": current.place,
        }
        self._w().consultations[c.id] = _as_stored(replace(c, **identity, version=expected_version + 1))
        return replace(c, version=expected_version + 1)

    async def set_place(self, consultation_id: int, place: Place) -> None:
        current = self._t.consultations.get(consultation_id)
        if current is not None:
            self._w().consultations[consultation_id] = replace(current, place=place)

    async def list_by_requester(self, requester_id: str, *, limit: int) -> Sequence[Consultation]:
        mine = [c for c in self._t.consultations.values() if c.requester.id == requester_id]
        return sorted(mine, key=lambda c: (c.created_at, c.id), reverse=True)[:limit]

    async def get_by_thread(self, conversation_id: str) -> Consultation | None:
        in_thread = [
            c
            for c in self._t.consultations.values()
            if c.place.conversation_id == conversation_id and c.place.thread_id
        ]
        return min(in_thread, key=lambda c: c.id, default=None)

    async def queue(
        self, queue_filter: QueueFilter, *, viewer_id: str, page: Page
    ) -> tuple[Sequence[Consultation], int]:
        wanted = _FILTERS[queue_filter]
        rows = sorted(
            (c for c in self._t.consultations.values() if c.status not in _CLOSED and wanted(c, viewer_id)),
            key=lambda c: (c.created_at, c.id),
        )
        return rows[page.offset : page.offset + page.size], len(rows)

    async def workload(self) -> Sequence[Workload]:
        counts: dict[str, list] = {}
        for c in self._t.consultations.values():
            if c.assignee is not None and c.status not in _CLOSED:
                entry = counts.setdefault(c.assignee.id, ["", 0])
                entry[0], entry[1] = max(entry[0], c.assignee.name), entry[1] + 1
        loads = [Workload(pid, name, n) for pid, (name, n) in counts.items()]
        return sorted(loads, key=lambda w: (-w.open_count, w.assignee_id))

    async def search(self, keywords: Sequence[str], *, requester_id: str | None, limit: int) -> Sequence[Consultation]:
        found = [
            c
            for c in self._t.consultations.values()
            if all(k in search_text(c.title, c.body) for k in keywords)
            and (requester_id is None or c.requester.id == requester_id)
        ]
        return sorted(found, key=lambda c: (c.created_at, c.id), reverse=True)[:limit]  # newest first, as in SQL

    async def count(self) -> int:
        return len(self._t.consultations)

    async def changed_since(self, since: datetime | None, after_id: int) -> Sequence[Consultation]:
        rows = self._t.consultations.values()
        return [c for c in rows if since is None or c.updated_at >= since or c.id > after_id]


class MemoryEvents(_Repo):
    async def add(self, events: Sequence[Event]) -> None:
        if events:  # stored as text, as the SQL columns hold them
            self._w().events.extend(replace(e, from_value=str(e.from_value), to_value=str(e.to_value)) for e in events)

    async def for_consultation(self, consultation_id: int) -> Sequence[Event]:
        return [e for e in self._t.events if e.consultation_id == consultation_id]


class MemoryNotes(_Repo):
    async def add(self, note: Note, *, source_id: str = "") -> bool:
        if source_id and source_id in self._t.note_sources:
            return False  # the same activity delivered twice
        t = self._w()
        if source_id:
            t.note_sources.add(source_id)
        t.notes.append(replace(note, author=Person(note.author.id, note.author.name)))
        return True

    async def for_consultation(self, consultation_id: int, *, limit: int) -> Sequence[Note]:
        """The latest `limit` notes, oldest first."""
        mine = [(n.at, i, n) for i, n in enumerate(self._t.notes) if n.consultation_id == consultation_id]
        latest = sorted(mine, key=lambda x: (x[0], x[1]), reverse=True)[:limit]
        return [n for _, _, n in reversed(latest)]


class MemoryWorksheets(_Repo):
    async def get(self, consultation_id: int) -> Worksheet | None:
        return self._t.worksheets.get(consultation_id)

    async def save(self, consultation_id: int, worksheet: Worksheet, *, by: str, now: datetime) -> None:
        self._w().worksheets[consultation_id] = worksheet


class MemoryProfiles(_Repo):
    async def department_of(self, person_id: str) -> str:
        return self._t.profiles.get(person_id, "")

    async def remember_department(self, person_id: str, department: str, now: datetime) -> None:
        if self._t.profiles.get(person_id) != department:
            self._w().profiles[person_id] = department


class MemoryPeople(_Repo):
    """Display names; a row changes only when its name or Teams id differs and the stored name is not newer."""

    async def remember(self, people: Sequence[Person], now: datetime) -> int:
        written = 0
        for person in {p.id: p for p in people if p.id and shown_name(p.name)}.values():
            name, old = shown_name(person.name), self._t.people.get(person.id)
            teams_id = person.teams_id or (old.teams_id if old else "")
            if old is not None and (old.updated_at > now or (old.display_name, old.teams_id) == (name, teams_id)):
                continue
            self._w().people[person.id] = StoredName(teams_id, name, now)
            written += 1
        return written

    async def names_of(self, ids: Iterable[str]) -> Mapping[str, str]:
        asked, found = {i for i in ids if i}, {}
        for person_id, stored in self._t.people.items():
            if person_id in asked:
                found[person_id] = stored.display_name
            if stored.teams_id in asked:
                found.setdefault(stored.teams_id, stored.display_name)
        return found


class MemoryCorrections(_Repo):
    async def add(self, consultation_id: int, text: str, label: str, previous: str, *, by: str, at: datetime) -> None:
        self._w().corrections.append(Correction(consultation_id, text, label, previous, by, at))

    async def all(self) -> Sequence[tuple[str, str]]:
        """(text, label), the latest decision per consultation."""
        latest = {c.consultation_id: (c.text, c.label) for c in self._t.corrections}
        return list(latest.values())


class MemoryProcessed(_Repo):
    async def first_time(self, key: str, now: datetime) -> bool:
        key = key[:512]
        if key in self._t.processed:
            return False
        self._w().processed[key] = now
        return True


SINGLE_PURPOSES = {"summary", "support_team"}  # storage.channel_settings.SINGLE


class MemoryChannelSettings(_Repo):
    async def set(self, setting: ChannelSetting, *, by: str, now: datetime) -> None:
        t = self._w()
        single = setting.purpose in SINGLE_PURPOSES
        t.channel_settings = [
            s
            for s in t.channel_settings
            if s.purpose != setting.purpose or (not single and s.channel_id != setting.channel_id)
        ]
        t.channel_settings.append(setting)

    async def remove(self, purpose: str, channel_id: str) -> bool:
        kept = [s for s in self._t.channel_settings if (s.purpose, s.channel_id) != (purpose, channel_id)]
        if len(kept) == len(self._t.channel_settings):
            return False
        self._w().channel_settings = kept
        return True

    async def all(self) -> Sequence[ChannelSetting]:
        return list(self._t.channel_settings)


class MemoryDepartments(_Repo):
    """The department master; every name a department has had stays an alias of it."""

    def _by_alias(self, name: str) -> int | None:
        return self._t.department_aliases.get(normalise_department(name))

    async def add(self, name: str, now: datetime) -> bool:
        found = self._by_alias(name)
        t = self._w()
        if found is not None:
            if t.departments[found].active:
                return False
            t.departments[found] = replace(t.departments[found], active=True, updated_at=now)
            return True
        t.departments.append(Department(name, True, now))
        t.department_aliases[normalise_department(name)] = len(t.departments) - 1
        return True

    async def rename(self, old: str, new: str, now: datetime) -> bool:
        found, taken = self._by_alias(old), self._by_alias(new)
        if found is None or (taken is not None and taken != found):
            return False
        t = self._w()
        t.departments[found] = replace(t.departments[found], name=new, updated_at=now)
        t.department_aliases[normalise_department(new)] = found
        return True

    async def deactivate(self, name: str, now: datetime) -> bool:
        found = self._by_alias(name)
        if found is None or not self._t.departments[found].active:
            return False
        t = self._w()
        t.departments[found] = replace(t.departments[found], active=False, updated_at=now)
        return True

    async def active_names(self) -> Sequence[str]:
        return sorted(d.name for d in self._t.departments if d.active)

    async def canonical(self, name: str) -> str | None:
        found = self._by_alias(name) if normalise_department(name) else None
        return self._t.departments[found].name if found is not None and self._t.departments[found].active else None


class MemorySummaryRuns(_Repo):
    async def claim(self, period_key: str, conversation_id: str, now: datetime) -> bool:
        if (period_key, conversation_id) in self._t.summary_runs:
            return False
        self._w().summary_runs[(period_key, conversation_id)] = SummaryRun(claimed_at=now)
        return True

    async def mark_sent(self, period_key: str, conversation_id: str, activity_id: str, now: datetime) -> None:
        run = self._t.summary_runs.get((period_key, conversation_id))
        if run is not None:
            self._w().summary_runs[(period_key, conversation_id)] = replace(run, sent_at=now, activity_id=activity_id)

    async def sent_at(self, period_key: str, conversation_id: str) -> datetime | None:
        run = self._t.summary_runs.get((period_key, conversation_id))
        return run.sent_at if run else None


class MemoryAgeing(_Repo):
    async def open_consultations(self) -> Sequence[Consultation]:
        found = [c for c in self._t.consultations.values() if not c.status.is_closed]
        return sorted(found, key=lambda c: (c.created_at, c.id))

    async def on_hold_since(self) -> Mapping[int, datetime]:
        since: dict[int, datetime] = {}
        for e in self._t.events:
            c = self._t.consultations.get(e.consultation_id)
            held = e.kind is EventKind.STATUS_CHANGED and e.to_value == Status.ON_HOLD.value
            if held and c is not None and c.status is Status.ON_HOLD:
                since[e.consultation_id] = max(e.at, since.get(e.consultation_id, e.at))
        return since

    async def claim_nudge(self, consultation_id: int, business_day: date, person_id: str, now: datetime) -> bool:
        if (consultation_id, business_day) in self._t.nudges:
            return False
        self._w().nudges[(consultation_id, business_day)] = person_id
        return True

    async def teams_ids(self, person_ids: Iterable[str]) -> Mapping[str, str]:
        known = {pid: self._t.people[pid].teams_id for pid in person_ids if pid in self._t.people}
        return {pid: tid for pid, tid in known.items() if tid}


class MemoryTurnedAway(_Repo):
    async def add(self, topic: str, at: datetime) -> int:
        t = self._w()
        t.turned_away.append(TurnedAway(at, topic[:32]))
        return len(t.turned_away)

    async def mark_registered(self, turned_away_id: int, at: datetime) -> bool:
        if not 0 < turned_away_id <= len(self._t.turned_away):
            return False
        row = self._t.turned_away[turned_away_id - 1]
        if row.registered_at is not None:
            return False
        self._w().turned_away[turned_away_id - 1] = replace(row, registered_at=at)
        return True

    async def counts(self, start_utc: datetime, end_utc: datetime, as_of: datetime) -> TurnedAwayCounts:
        rows = [r for r in self._t.turned_away if start_utc <= r.at < end_utc and r.at <= as_of]
        return TurnedAwayCounts(len(rows), sum(r.registered_at is not None and r.registered_at <= as_of for r in rows))


# --- the unit of work ----------------------------------------------------------------------------------------------


class MemoryConversationRefs(_Repo):
    async def save(
        self,
        conversation_id: str,
        reference: dict[str, Any],
        *,
        now: datetime,
        tenant_id: str = "",
        user_id: str = "",
        conversation_type: str = "",
    ) -> None:
        stored = StoredReference(copy.deepcopy(reference), now, tenant_id, user_id, conversation_type)
        self._w().conversation_refs[conversation_id] = stored

    async def get(self, conversation_id: str) -> dict[str, Any] | None:
        found = self._t.conversation_refs.get(conversation_id)
        return copy.deepcopy(found.reference) if found else None

    async def personal_for(self, user_id: str, tenant_id: str = "") -> dict[str, Any] | None:
        chats = [
            r
            for r in self._t.conversation_refs.values()
            if user_id
            and r.user_id == user_id
            and r.conversation_type == "personal"
            and (not tenant_id or r.tenant_id in (tenant_id, ""))
        ]
        latest = max(chats, key=lambda r: r.updated_at, default=None)
        return copy.deepcopy(latest.reference) if latest else None

    async def for_channel(self, channel_id: str) -> dict[str, Any] | None:
        found = [r for k, r in self._t.conversation_refs.items() if k == channel_id or k.startswith(f"{channel_id};")]
        latest = max(found, key=lambda r: r.updated_at, default=None)
        return copy.deepcopy(latest.reference) if latest else None


class MemoryUnitOfWork:
    """bot.domain.ports.UnitOfWork over one transaction's tables."""

    def __init__(self, tx: _Transaction) -> None:
        self._tx = tx
        self.consultations = MemoryConsultations(tx)
        self.events = MemoryEvents(tx)
        self.notes = MemoryNotes(tx)
        self.worksheets = MemoryWorksheets(tx)
        self.profiles = MemoryProfiles(tx)
        self.people = MemoryPeople(tx)
        self.corrections = MemoryCorrections(tx)
        self.processed = MemoryProcessed(tx)
        self.channel_settings = MemoryChannelSettings(tx)
        self.departments = MemoryDepartments(tx)
        self.summary_runs = MemorySummaryRuns(tx)
        self.ageing = MemoryAgeing(tx)
        self.turned_away = MemoryTurnedAway(tx)
        self.conversation_refs = MemoryConversationRefs(tx)

    async def commit(self) -> None:
        self._tx.publish()


class MemoryDatabase(TurnWrites):
    """A UnitOfWorkFactory holding the committed tables; tests read what was committed through the helpers below."""

    def __init__(self) -> None:
        self.tables = Tables()
        self.generation = 0  # bumped by every commit
        self.opened = 0  # units of work entered (a handler that touched nothing opened none)

    @asynccontextmanager
    async def __call__(self, *, standalone: bool = False) -> AsyncIterator[MemoryUnitOfWork]:
        self.opened += 1
        taken = self.taken()  # what the turn postponed runs first, as in storage/uow.py
        tx = _Transaction(self, standalone)
        uow = MemoryUnitOfWork(tx)
        try:
            await self.run(taken, uow)
            yield uow  # an error raised in the block leaves here: the copy is dropped
        except BaseException:
            self.given_back(taken)
            raise
        tx.publish()
        self.committed(taken)

    # What is committed, for assertions.

    def consultation(self, key: int | str) -> Consultation:
        """By id or by number (R8-0001)."""
        found = [c for c in self.tables.consultations.values() if key in (c.id, c.number)]
        assert found, f"no consultation {key!r} is stored"
        return found[0]

    def events_of(self, consultation_id: int) -> list[Event]:
        return [e for e in self.tables.events if e.consultation_id == consultation_id]

    def notes_of(self, consultation_id: int) -> list[Note]:
        return [n for n in self.tables.notes if n.consultation_id == consultation_id]

    def corrections_of(self, consultation_id: int) -> list[Correction]:
        return [c for c in self.tables.corrections if c.consultation_id == consultation_id]


def database(deps: Deps) -> MemoryDatabase:
    """The in-memory database behind `deps` (built by memory_deps)."""
    assert isinstance(deps.uow, MemoryDatabase), "these deps were not built by memory_deps"
    return deps.uow


# --- the outside world -------------------------------------------------------------------------------------------


class InMemoryRoster:
    """bot.domain.ports.SupportRoster over a fixed list of people (matched by id or Teams id)."""

    def __init__(self, members: Iterable[Person] = ()) -> None:
        self.people = list(members)

    async def is_member(self, person_ids: Iterable[str]) -> bool:
        ids = {i for i in person_ids if i}
        return any(p.id in ids or (p.teams_id and p.teams_id in ids) for p in self.people)

    async def members(self) -> Sequence[Person]:
        return list(self.people)


@dataclass(frozen=True)
class Sent:
    recipient: Recipient
    text: str
    card: dict | None = None


class RecordingNotifier:
    """bot.domain.ports.Notifier that keeps every message; `delivers=False` answers as an undeliverable one."""

    def __init__(self, *, delivers: bool = True) -> None:
        self.sent: list[Sent] = []
        self.delivers = delivers

    async def notify(self, recipient: Recipient, text: str, card: dict | None = None) -> bool:
        self.sent.append(Sent(recipient, text, card))
        return self.delivers

    def texts_to(self, person_id: str) -> list[str]:
        return [s.text for s in self.sent if s.recipient.person_id == person_id]


class StaticDirectory:
    """bot.domain.ports.Directory from a dict of Entra object id -> entry."""

    def __init__(self, entries: dict[str, DirectoryEntry] | None = None) -> None:
        self.entries = dict(entries or {})
        self.lookups: list[str] = []

    async def lookup(self, aad_object_id: str) -> DirectoryEntry | None:
        self.lookups.append(aad_object_id)
        return self.entries.get(aad_object_id)


# --- classification ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FakeClassification:
    """Satisfies bot.services.intake.Classified."""

    label: Category
    confidence: float
    needs_triage: bool = False
    tags: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    out_of_scope: OutOfScope | None = None


BPR_CUES = ("押印", "紙", "決裁")


def keyword_classify(text: str) -> FakeClassification:
    """Deterministic: BPR when the text mentions paper, seals or approvals (the cues are the reasons), else APP."""
    cues = tuple(cue for cue in BPR_CUES if cue in text)
    if cues:
        return FakeClassification(Category.BPR, 0.9, tags=("ペーパーレス",), reasons=cues)
    return FakeClassification(Category.APP, 0.8)


SCOPE_CUES = {
    "印刷できません": Topic.PRINTER,
    "会議室を予約": Topic.ROOM,
    "年休": Topic.PERSONNEL,
    "こんにちは": Topic.GREETING,
}


def scoped_classify(text: str) -> FakeClassification:
    """`keyword_classify`, and out of scope (topic by cue, probability 0.95) when the text carries a SCOPE_CUES cue."""
    topics = [topic for cue, topic in SCOPE_CUES.items() if cue in text]
    result = keyword_classify(text)
    return replace(result, out_of_scope=OutOfScope(topics[0], 0.95)) if topics else result


# --- deps ----------------------------------------------------------------------------------------------------------


def memory_deps(
    *,
    clock: Any = None,
    support: Iterable[Person] = (),
    classify: Any = keyword_classify,
    **overrides: Any,
) -> Deps:
    """Real Deps over the in-memory database: a clock standing at DEFAULT_NOW (unless given), JST, the keyword
    classifier, `support` as the support team, and a RecordingNotifier. Any other Deps field can be overridden."""
    values: dict[str, Any] = {
        "uow": MemoryDatabase(),
        "classify": classify,
        "clock": clock if clock is not None else FixedClock(DEFAULT_NOW),
        "tz": JST,
        "roster": InMemoryRoster(support),
        "logger": logging.getLogger("consult.test"),
        "notifier": RecordingNotifier(),
        **overrides,
    }
    return Deps(**values)
