"""ORM tables. Alembic migrations create them; the app never calls create_all."""

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table_of(model: type[Base]) -> Table:
    """A model's Core table (`DeclarativeBase` types `__table__` as any FROM clause; here it is always a Table)."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a table")
    return table


class Tz(TypeDecorator[datetime]):
    """Aware UTC timestamps on every backend (SQLite keeps no zone: store UTC, read back as UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class ConsultationRow(Base):
    __tablename__ = "consultations"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "seq"),
        Index("ix_consultations_requester_created", "requester_id", "created_at"),
        Index("ix_consultations_status", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(8))
    confidence: Mapped[float] = mapped_column(Float)
    category_source: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))
    requester_id: Mapped[str] = mapped_column(String(128))
    requester_name: Mapped[str] = mapped_column(String(200))
    department: Mapped[str] = mapped_column(String(100))
    assignee_id: Mapped[str | None] = mapped_column(String(128))
    assignee_name: Mapped[str | None] = mapped_column(String(200))
    desired_due: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(Tz())
    updated_at: Mapped[datetime] = mapped_column(Tz())
    closed_at: Mapped[datetime | None] = mapped_column(Tz())
    conversation_id: Mapped[str] = mapped_column(String(512), default="")
    channel_id: Mapped[str] = mapped_column(String(256), default="")
    thread_id: Mapped[str] = mapped_column(String(256), default="")
    tenant_id: Mapped[str] = mapped_column(String(64), default="")
    card_activity_id: Mapped[str] = mapped_column(String(256), default="")
    source_id: Mapped[str | None] = mapped_column(String(512), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    requester_teams_id: Mapped[str] = mapped_column(String(128), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    resolution: Mapped[str] = mapped_column(Text, default="")
    hours_saved_per_month: Mapped[float | None] = mapped_column(Float)
    artefact_name: Mapped[str] = mapped_column(String(200), default="")
    artefact_environment: Mapped[str] = mapped_column(String(200), default="")
    artefact_owner: Mapped[str] = mapped_column(String(200), default="")
    needs_triage: Mapped[bool] = mapped_column(Boolean, default=False)
    tags: Mapped[str] = mapped_column(String(300), default="")  # comma-separated predicted sub-tags
    reasons: Mapped[str] = mapped_column(String(300), default="")  # phrases that drove the classification, "|"-joined
    reuse_note: Mapped[str] = mapped_column(Text, default="")  # 横展開候補: what another department can reuse
    reuse_marked_at: Mapped[datetime | None] = mapped_column(Tz(), index=True)  # NULL: not a candidate
    reuse_marked_by: Mapped[str] = mapped_column(String(128), default="")


class EventRow(Base):
    """Append-only history: who did what to which consultation, when, from what to what."""

    __tablename__ = "consultation_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[str] = mapped_column(String(128))
    actor_name: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(Tz())
    from_value: Mapped[str] = mapped_column(String(200), default="")
    to_value: Mapped[str] = mapped_column(String(200), default="")


class NumberSequenceRow(Base):
    """Last consultation number handed out per fiscal year (gap-free, restarts each April 1)."""

    __tablename__ = "number_sequences"

    fiscal_year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer)


class ConversationRefRow(Base):
    """Serialized botbuilder ConversationReference per conversation, for proactive messages."""

    __tablename__ = "conversation_refs"

    conversation_id: Mapped[str] = mapped_column(String(512), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(String(64), default="")
    user_id: Mapped[str] = mapped_column(String(128), default="", index=True)
    conversation_type: Mapped[str] = mapped_column(String(32), default="")
    reference: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(Tz())


class BotStateRow(Base):
    """Key/value documents for botbuilder state (dialog stacks, user state)."""

    __tablename__ = "bot_state"

    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    data: Mapped[str] = mapped_column(Text)
    etag: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(Tz())


class ProfileRow(Base):
    """What the bot remembers about a person between consultations (their department)."""

    __tablename__ = "profiles"

    person_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    department: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(Tz())


class PersonRow(Base):
    """A person's display name as Teams (the sender of a turn, the team roster) or Microsoft Graph last gave it.
    Cards and lists read names from here when they are drawn, so a renamed person shows the new name."""

    __tablename__ = "people"

    person_id: Mapped[str] = mapped_column(String(128), primary_key=True)  # Entra object id, else the Teams id
    teams_id: Mapped[str] = mapped_column(String(128), default="", index=True)
    display_name: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(Tz())


class NoteRow(Base):
    """A reply in a consultation's thread (or a 追記 from the requester), with its author."""

    __tablename__ = "consultation_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[str] = mapped_column(String(128))
    author_name: Mapped[str] = mapped_column(String(200))
    author_role: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(Tz())
    source_id: Mapped[str | None] = mapped_column(String(512), unique=True)


class WorksheetRow(Base):
    """The As-Is/To-Be worksheet of a BPR consultation."""

    __tablename__ = "bpr_worksheets"

    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    as_is: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    to_be: Mapped[str] = mapped_column(Text, default="")
    gap: Mapped[str] = mapped_column(Text, default="")
    effects: Mapped[str] = mapped_column(Text, default="")
    yearly_count: Mapped[int | None] = mapped_column(Integer)
    minutes_per_case: Mapped[float | None] = mapped_column(Float)
    updated_by: Mapped[str] = mapped_column(String(128), default="")
    updated_at: Mapped[datetime] = mapped_column(Tz())


class SupportMemberRow(Base):
    """Members of the support team: read from the configured team's roster, or configured explicitly."""

    __tablename__ = "support_members"

    person_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    teams_id: Mapped[str] = mapped_column(String(128), default="")
    name: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(16), default="roster")
    updated_at: Mapped[datetime] = mapped_column(Tz())


class ChannelSettingRow(Base):
    """Channels set from Teams (設定): consultation intake channels, the summary channel, the support team."""

    __tablename__ = "channel_settings"
    __table_args__ = (UniqueConstraint("purpose", "channel_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16))
    channel_id: Mapped[str] = mapped_column(String(256))
    team_id: Mapped[str] = mapped_column(String(256), default="")
    tenant_id: Mapped[str] = mapped_column(String(64), default="")
    name: Mapped[str] = mapped_column(String(200), default="")
    set_by: Mapped[str] = mapped_column(String(128), default="")
    set_at: Mapped[datetime] = mapped_column(Tz())


class DepartmentRow(Base):
    """The department master (部署マスタ): every department, so reports can name those that never consulted."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(Tz())


class DepartmentAliasRow(Base):
    """Every name a department has had (normalised): consultations keep the name given then, renames keep counting."""

    __tablename__ = "department_aliases"

    alias: Mapped[str] = mapped_column(String(100), primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"), index=True)


class SummaryRunRow(Base):
    """One weekly summary per period and channel: the claim is committed before sending, so it is sent once."""

    __tablename__ = "summary_runs"
    __table_args__ = (UniqueConstraint("period_key", "conversation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_key: Mapped[str] = mapped_column(String(32))
    conversation_id: Mapped[str] = mapped_column(String(512))
    claimed_at: Mapped[datetime] = mapped_column(Tz())
    sent_at: Mapped[datetime | None] = mapped_column(Tz())
    activity_id: Mapped[str] = mapped_column(String(256), default="")


class ProcessedActivityRow(Base):
    """Teams activities already applied (card actions): a redelivery of the same activity changes nothing."""

    __tablename__ = "processed_activities"

    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    at: Mapped[datetime] = mapped_column(Tz())


class OutboxRow(Base):
    """A proactive message that could not be delivered yet; retried later with backoff, never dropped silently."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    payload: Mapped[dict] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(Tz(), index=True)
    last_error: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(Tz())
    done_at: Mapped[datetime | None] = mapped_column(Tz())
    dead: Mapped[bool] = mapped_column(Boolean, default=False)


class CorrectionRow(Base):
    """A human reclassification, kept as a labelled example for retraining the classifier."""

    __tablename__ = "classification_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(String(8))
    previous_label: Mapped[str] = mapped_column(String(8))
    by: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(Tz())


class TurnedAwayRow(Base):
    """A message answered as not a DX consultation (対象外): its topic only, and whether its sender registered it
    as a consultation after all. No text and no person: the count is what reports need."""

    __tablename__ = "turned_away"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(Tz(), index=True)
    topic: Mapped[str] = mapped_column(String(32))
    registered_at: Mapped[datetime | None] = mapped_column(Tz())


class NudgeRow(Base):
    """An ageing nudge sent to a consultation's assignee: at most one per consultation per business day."""

    __tablename__ = "nudges"

    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    business_day: Mapped[date] = mapped_column(Date, primary_key=True)
    person_id: Mapped[str] = mapped_column(String(128))
    sent_at: Mapped[datetime] = mapped_column(Tz())
