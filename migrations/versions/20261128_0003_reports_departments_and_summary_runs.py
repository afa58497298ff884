"""reports: departments and summary runs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 10:19:51.466849
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_departments")),
        sa.UniqueConstraint("name", name=op.f("uq_departments_name")),
    )
    op.create_table(
        "summary_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_key", sa.String(length=32), nullable=False),
        sa.Column("conversation_id", sa.String(length=512), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("activity_id", sa.String(length=256), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summary_runs")),
        sa.UniqueConstraint("period_key", "conversation_id", name=op.f("uq_summary_runs_period_key")),
    )
    op.create_table(
        "department_aliases",
        sa.Column("alias", sa.String(length=100), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_department_aliases_department_id_departments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("alias", name=op.f("pk_department_aliases")),
    )
    with op.batch_alter_table("department_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_department_aliases_department_id"), ["department_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("department_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_department_aliases_department_id"))

    op.drop_table("department_aliases")
    op.drop_table("summary_runs")
    op.drop_table("departments")
