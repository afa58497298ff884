"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28 09:35:51.205353
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "bot_state",
        sa.Column("key", sa.String(length=512), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("etag", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_bot_state")),
    )
    op.create_table(
        "consultations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=8), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("category_source", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requester_id", sa.String(length=128), nullable=False),
        sa.Column("requester_name", sa.String(length=200), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("assignee_id", sa.String(length=128), nullable=True),
        sa.Column("assignee_name", sa.String(length=200), nullable=True),
        sa.Column("desired_due", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("conversation_id", sa.String(length=512), nullable=False),
        sa.Column("channel_id", sa.String(length=256), nullable=False),
        sa.Column("thread_id", sa.String(length=256), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("card_activity_id", sa.String(length=256), nullable=False),
        sa.Column("source_id", sa.String(length=512), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultations")),
        sa.UniqueConstraint("fiscal_year", "seq", name=op.f("uq_consultations_fiscal_year")),
        sa.UniqueConstraint("number", name=op.f("uq_consultations_number")),
        sa.UniqueConstraint("source_id", name=op.f("uq_consultations_source_id")),
    )
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.create_index("ix_consultations_requester_created", ["requester_id", "created_at"], unique=False)
        batch_op.create_index("ix_consultations_status", ["status"], unique=False)

    op.create_table(
        "conversation_refs",
        sa.Column("conversation_id", sa.String(length=512), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=128), nullable=False),
        sa.Column("conversation_type", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("conversation_id", name=op.f("pk_conversation_refs")),
    )
    with op.batch_alter_table("conversation_refs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conversation_refs_user_id"), ["user_id"], unique=False)

    op.create_table(
        "number_sequences",
        sa.Column("fiscal_year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("fiscal_year", name=op.f("pk_number_sequences")),
    )
    op.create_table(
        "profiles",
        sa.Column("person_id", sa.String(length=128), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_profiles")),
    )
    op.create_table(
        "consultation_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.String(length=128), nullable=False),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_value", sa.String(length=200), nullable=False),
        sa.Column("to_value", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_events_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_events")),
    )
    with op.batch_alter_table("consultation_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultation_events_consultation_id"), ["consultation_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("consultation_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_events_consultation_id"))

    op.drop_table("consultation_events")
    op.drop_table("profiles")
    op.drop_table("number_sequences")
    with op.batch_alter_table("conversation_refs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversation_refs_user_id"))

    op.drop_table("conversation_refs")
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_index("ix_consultations_status")
        batch_op.drop_index("ix_consultations_requester_created")

    op.drop_table("consultations")
    op.drop_table("bot_state")
