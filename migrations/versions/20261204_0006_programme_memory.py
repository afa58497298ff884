"""programme memory: reusable solutions (横展開候補), messages turned away (対象外), ageing nudges

Revision ID: 0006_programme_memory
Revises: 0005_people
Create Date: 2026-12-04 23:10:00

- consultations.reuse_*: a completed consultation marked 横展開候補 by the support team, with one line on what can be
  reused; reuse_marked_at is NULL for every other consultation.
- turned_away: one row per message the bot answered as not a DX consultation (no text, no person: the topic only),
  and when the sender registered it as a consultation after all.
- nudges: at most one ageing nudge per consultation per business day (the primary key is the guarantee).
The daily ageing digest claims its slot in summary_runs (period key "digest:YYYY-MM-DD"), like the weekly summary.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_programme_memory"
down_revision: str | None = "0005_people"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reuse_note", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("reuse_marked_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("reuse_marked_by", sa.String(length=128), nullable=False, server_default=""))
        batch_op.create_index(batch_op.f("ix_consultations_reuse_marked_at"), ["reuse_marked_at"], unique=False)

    op.create_table(
        "turned_away",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_turned_away")),
    )
    with op.batch_alter_table("turned_away", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_turned_away_at"), ["at"], unique=False)

    op.create_table(
        "nudges",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("business_day", sa.Date(), nullable=False),
        sa.Column("person_id", sa.String(length=128), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_nudges_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("consultation_id", "business_day", name=op.f("pk_nudges")),
    )


def downgrade() -> None:
    op.drop_table("nudges")
    with op.batch_alter_table("turned_away", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_turned_away_at"))
    op.drop_table("turned_away")
    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultations_reuse_marked_at"))
        batch_op.drop_column("reuse_marked_by")
        batch_op.drop_column("reuse_marked_at")
        batch_op.drop_column("reuse_note")
