"""support team workflow

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 10:08:36.685420
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "channel_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("channel_id", sa.String(length=256), nullable=False),
        sa.Column("team_id", sa.String(length=256), nullable=False),
        sa.Column("tenant_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("set_by", sa.String(length=128), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channel_settings")),
        sa.UniqueConstraint("purpose", "channel_id", name=op.f("uq_channel_settings_purpose")),
    )
    op.create_table(
        "support_members",
        sa.Column("person_id", sa.String(length=128), nullable=False),
        sa.Column("teams_id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_support_members")),
    )
    op.create_table(
        "bpr_worksheets",
        sa.Column("consultation_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("as_is", sa.Text(), nullable=False),
        sa.Column("problems", sa.Text(), nullable=False),
        sa.Column("to_be", sa.Text(), nullable=False),
        sa.Column("gap", sa.Text(), nullable=False),
        sa.Column("effects", sa.Text(), nullable=False),
        sa.Column("yearly_count", sa.Integer(), nullable=True),
        sa.Column("minutes_per_case", sa.Float(), nullable=True),
        sa.Column("updated_by", sa.String(length=128), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_bpr_worksheets_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("consultation_id", name=op.f("pk_bpr_worksheets")),
    )
    op.create_table(
        "consultation_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.String(length=128), nullable=False),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("author_role", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_id", sa.String(length=512), nullable=True),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_notes_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation_notes")),
        sa.UniqueConstraint("source_id", name=op.f("uq_consultation_notes_source_id")),
    )
    with op.batch_alter_table("consultation_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultation_notes_consultation_id"), ["consultation_id"], unique=False)

    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("requester_teams_id", sa.String(length=128), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("search_text", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("resolution", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("hours_saved_per_month", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("artefact_name", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("artefact_environment", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("artefact_owner", sa.String(length=200), nullable=False, server_default=""))

    _fill_search_text()


def _fill_search_text() -> None:
    """Existing rows get the normalised search text the application writes for new ones."""
    from bot.domain.search import search_text

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, title, body FROM consultations")).all()
    for row in rows:
        conn.execute(
            sa.text("UPDATE consultations SET search_text = :t WHERE id = :i"),
            {"t": search_text(row.title, row.body), "i": row.id},
        )


def downgrade() -> None:

    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_column("artefact_owner")
        batch_op.drop_column("artefact_environment")
        batch_op.drop_column("artefact_name")
        batch_op.drop_column("hours_saved_per_month")
        batch_op.drop_column("resolution")
        batch_op.drop_column("search_text")
        batch_op.drop_column("requester_teams_id")

    with op.batch_alter_table("consultation_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_notes_consultation_id"))

    op.drop_table("consultation_notes")
    op.drop_table("bpr_worksheets")
    op.drop_table("support_members")
    op.drop_table("channel_settings")
