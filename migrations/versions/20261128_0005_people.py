"""people: display names by person id

Revision ID: 0005_people
Revises: 0004
Create Date: 2026-11-28 12:00:00

The table starts with the names already known: the support team's stored members (their roster names), then each
requester's name on their latest consultation. Assignee names that were stored as the assignee's id are cleared
(cards show people by name from the table, never an id).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_people"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("person_id", sa.String(length=128), nullable=False),
        sa.Column("teams_id", sa.String(length=128), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_people")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_teams_id"), ["teams_id"], unique=False)

    op.execute(
        "INSERT INTO people (person_id, teams_id, display_name, updated_at) "
        "SELECT person_id, teams_id, name, updated_at FROM support_members "
        "WHERE name <> '' AND name <> person_id AND name <> teams_id"
    )
    op.execute(
        "INSERT INTO people (person_id, teams_id, display_name, updated_at) "
        "SELECT c.requester_id, c.requester_teams_id, c.requester_name, c.updated_at FROM consultations c "
        "WHERE c.id = (SELECT max(l.id) FROM consultations l WHERE l.requester_id = c.requester_id "
        "AND l.requester_name <> '' AND l.requester_name <> l.requester_id) "
        "AND c.requester_id NOT IN (SELECT person_id FROM people)"
    )
    op.execute("UPDATE consultations SET assignee_name = '' WHERE assignee_name = assignee_id")


def downgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_teams_id"))

    op.drop_table("people")
