"""Daily use: a client's own time zone, and the last change for `undo`.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

- `client.time_zone`: the client's IANA zone for their views and
  invitations; empty means the coach's zone.
- `change`: the last change a record command made, with what each row it
  touched held before, so `coachlog undo` can take it back.

Frozen DDL: never import coachlog.models here.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("client", sa.Column("time_zone", sa.String(64), nullable=True))
    op.create_table(
        "change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("command", sa.String(200), nullable=False),
        sa.Column("rows", sa.Text(), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("change")
    op.drop_column("client", "time_zone")
