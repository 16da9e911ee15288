"""The first schema: clients, agreements, goals, sessions, requests, advice.

Revision ID: 0001
Revises:
Create Date: 2026-11-27

Frozen DDL: never import coachlog.models here.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

Timestamp = sa.DateTime(timezone=True)


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
    ]


def _one_of(column: str, *values: str) -> sa.CheckConstraint:
    listed = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=f"{column}_valid")


def upgrade() -> None:
    op.create_table(
        "client",
        *_record_columns(),
        sa.Column("handle", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("organization", sa.String(200)),
        sa.Column("title", sa.String(200)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("deleted_at", Timestamp),
        _one_of("status", "active", "paused", "closed"),
    )
    op.create_table(
        "agreement",
        *_record_columns(),
        sa.Column(
            "client_id",
            sa.Integer(),
            sa.ForeignKey("client.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("focus", sa.Text()),
        sa.Column("format", sa.Text()),
        sa.Column("desired_outcomes", sa.Text()),
        sa.Column("cadence_days", sa.Integer()),
        sa.Column("default_channel", sa.String(16)),
        sa.Column("session_minutes", sa.Integer()),
        sa.Column("boundaries", sa.Text()),
        sa.Column("start_date", sa.Date()),
        sa.Column("end_date", sa.Date()),
        sa.UniqueConstraint("client_id", "revision", name="uq_agreement_client_revision"),
    )
    op.create_table(
        "goal",
        *_record_columns(),
        sa.Column(
            "client_id",
            sa.Integer(),
            sa.ForeignKey("client.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text()),
        sa.Column("measure", sa.Text()),
        sa.Column("target_date", sa.Date()),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("deleted_at", Timestamp),
        _one_of("status", "active", "achieved", "paused", "dropped"),
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
    )
    op.create_index("ix_goal_client_status", "goal", ["client_id", "status"])
    op.create_table(
        "goal_update",
        *_record_columns(),
        sa.Column(
            "goal_id", sa.Integer(), sa.ForeignKey("goal.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("at", Timestamp, nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16)),
        sa.Column("note", sa.Text()),
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
    )
    op.create_index("ix_goal_update_goal_at", "goal_update", ["goal_id", "at"])
    op.create_table(
        "session",
        *_record_columns(),
        sa.Column(
            "client_id",
            sa.Integer(),
            sa.ForeignKey("client.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("at", Timestamp, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("duration_minutes", sa.Integer()),
        sa.Column("notes", sa.Text()),
        sa.Column("private_notes", sa.Text()),
        sa.Column("deleted_at", Timestamp),
        _one_of("status", "planned", "held", "cancelled"),
        _one_of("channel", "in-person", "phone", "video", "email"),
    )
    op.create_index("ix_session_client_at", "session", ["client_id", "at"])
    op.create_index("ix_session_status_at", "session", ["status", "at"])
    op.create_table(
        "session_goal",
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("session.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "goal_id",
            sa.Integer(),
            sa.ForeignKey("goal.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_session_goal_goal", "session_goal", ["goal_id"])
    op.create_table(
        "request",
        *_record_columns(),
        sa.Column(
            "client_id",
            sa.Integer(),
            sa.ForeignKey("client.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("goal_id", sa.Integer(), sa.ForeignKey("goal.id", ondelete="SET NULL")),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("session.id", ondelete="SET NULL")),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_date", sa.Date()),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("counter_text", sa.Text()),
        sa.Column("counter_due", sa.Date()),
        sa.Column("note", sa.Text()),
        sa.Column("deleted_at", Timestamp),
        _one_of(
            "state",
            "proposed",
            "accepted",
            "declined",
            "countered",
            "done",
            "missed",
            "withdrawn",
        ),
    )
    op.create_index("ix_request_client_state", "request", ["client_id", "state"])
    op.create_index("ix_request_client_due", "request", ["client_id", "due_date"])
    op.create_index("ix_request_goal", "request", ["goal_id"])
    op.create_table(
        "request_event",
        *_record_columns(),
        sa.Column(
            "request_id",
            sa.Integer(),
            sa.ForeignKey("request.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("at", Timestamp, nullable=False),
        sa.Column("from_state", sa.String(16)),
        sa.Column("to_state", sa.String(16), nullable=False),
        sa.Column("text", sa.Text()),
        sa.Column("due_date", sa.Date()),
        sa.Column("note", sa.Text()),
    )
    op.create_index("ix_request_event_request_at", "request_event", ["request_id", "at"])
    op.create_table(
        "advice",
        *_record_columns(),
        sa.Column(
            "client_id",
            sa.Integer(),
            sa.ForeignKey("client.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("goal_id", sa.Integer(), sa.ForeignKey("goal.id", ondelete="SET NULL")),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("session.id", ondelete="SET NULL")),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("response", sa.String(16), nullable=False),
        sa.Column("response_note", sa.Text()),
        sa.Column("responded_at", Timestamp),
        sa.Column("deleted_at", Timestamp),
        _one_of("kind", "advice", "opinion", "suggestion"),
        _one_of("response", "pending", "accepted", "declined"),
    )
    op.create_index("ix_advice_client_response", "advice", ["client_id", "response"])
    op.create_index("ix_advice_goal", "advice", ["goal_id"])
    op.create_table(
        "advice_event",
        *_record_columns(),
        sa.Column(
            "advice_id",
            sa.Integer(),
            sa.ForeignKey("advice.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("at", Timestamp, nullable=False),
        sa.Column("from_response", sa.String(16)),
        sa.Column("to_response", sa.String(16), nullable=False),
        sa.Column("note", sa.Text()),
    )
    op.create_index("ix_advice_event_advice_at", "advice_event", ["advice_id", "at"])


def downgrade() -> None:
    for table in (
        "advice_event",
        "advice",
        "request_event",
        "request",
        "session_goal",
        "session",
        "goal_update",
        "goal",
        "agreement",
        "client",
    ):
        op.drop_table(table)
