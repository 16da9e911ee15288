"""Share bundles between the coach's store and the client's own.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28

- `client.client_key` (in the coach's store: the client's public key) and
  `client.coach_key` (in the client's store: the coach's key, pinned on the
  first bundle accepted; set, the engagement's records are the coach's).
- `client.share_seq` / `client.peer_seq`: bundles written for the
  engagement, and the number of the newest one merged from the other side,
  so an older bundle never rolls back a newer one.
- `author` and `seq` on every event table: which side made the event, and
  its place in its record's history (one more than the events its store
  knew of). Existing events were all made in this store, so they are the
  coach's, numbered in the order they were made.
- `tombstone.client_uuid`: the engagement a purged record belonged to, so
  the purge travels in that client's bundles. Earlier tombstones stay
  unattributed: their records' clients cannot be known any more.

Frozen DDL: never import coachlog.models here.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# (event table, the column naming its record)
EVENTS = (
    ("goal_update", "goal_id"),
    ("request_event", "request_id"),
    ("advice_event", "advice_id"),
)


def upgrade() -> None:
    op.add_column("client", sa.Column("client_key", sa.String(64), nullable=True))
    op.add_column("client", sa.Column("coach_key", sa.String(64), nullable=True))
    for name in ("share_seq", "peer_seq"):
        op.add_column("client", sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    for table, parent in EVENTS:
        op.add_column(
            table,
            sa.Column("author", sa.String(8), nullable=False, server_default="coach"),
        )
        op.add_column(table, sa.Column("seq", sa.Integer(), nullable=False, server_default="0"))
        op.execute(
            f"UPDATE {table} SET seq = (SELECT COUNT(*) FROM {table} AS earlier "
            f"WHERE earlier.{parent} = {table}.{parent} AND earlier.id < {table}.id)"
        )
    op.add_column("tombstone", sa.Column("client_uuid", sa.String(36), nullable=True))


def downgrade() -> None:
    op.drop_column("tombstone", "client_uuid")
    for table, _parent in EVENTS:
        op.drop_column(table, "seq")
        op.drop_column(table, "author")
    for name in ("peer_seq", "share_seq", "coach_key", "client_key"):
        op.drop_column("client", name)
