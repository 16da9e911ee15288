"""Display ids are never reused; purges leave tombstones; edits leave no old words.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

- SQLite hands a freed rowid out again, so purging the newest record gave
  its display id to the next one. Every record table is rebuilt with
  `AUTOINCREMENT` (its high-water mark kept in `sqlite_sequence`), keeping
  every row and id. PostgreSQL sequences never go back: nothing to rebuild.
  The rebuild renames the old tables away first, so the foreign keys among
  them follow them, and drops them only once their rows are copied: dropping
  a parent table while `foreign_keys` is on (it cannot be turned off inside
  the upgrade's transaction) would otherwise cascade into its children.
- `tombstone`: the uuid (no content) of every purged record, so an import
  of an older export does not bring it back.
- `ix_request_state_due` and `ix_session_at` for reviews across clients.
- The search triggers of 0002, dropped with their tables, are created again.
  The update triggers now also run FTS5 `optimize` when an edit takes words
  out of a record's text: FTS5 keeps a deleted entry's words in its segments
  until they are merged, so without it a cleared private note stayed
  readable in the index pages. Measured on this machine (the UPDATE alone):
  7-18 ms with 5,000 indexed texts against under 2 ms without, 0.1-0.17 s
  with 100,000 (optimize rewrites the index); the whole `session edit`
  command takes about 0.23 s either way. A bounded `merge` costs under
  0.1 ms but merges only some segments, so the old words could survive it.
  An edit that keeps the old text whole (appending) takes nothing out and
  skips the optimize.

Frozen DDL: never import coachlog.models here.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ID = "id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT"
STAMPS = "uuid VARCHAR(36) NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL"

# Parents before children: the order rows are copied in (and the reverse,
# the order the old tables are dropped in).
TABLES = {
    "client": f"""{ID}, {STAMPS},
        handle VARCHAR(64) NOT NULL, name VARCHAR(200) NOT NULL, email VARCHAR(320),
        organization VARCHAR(200), title VARCHAR(200), status VARCHAR(16) NOT NULL,
        deleted_at DATETIME,
        CONSTRAINT status_valid CHECK (status IN ('active', 'paused', 'closed')),
        UNIQUE (uuid), UNIQUE (handle)""",
    "agreement": f"""{ID}, {STAMPS},
        client_id INTEGER NOT NULL, revision INTEGER NOT NULL, focus TEXT, format TEXT,
        desired_outcomes TEXT, cadence_days INTEGER, default_channel VARCHAR(16),
        session_minutes INTEGER, boundaries TEXT, start_date DATE, end_date DATE,
        CONSTRAINT uq_agreement_client_revision UNIQUE (client_id, revision),
        UNIQUE (uuid),
        FOREIGN KEY(client_id) REFERENCES client (id) ON DELETE CASCADE""",
    "goal": f"""{ID}, {STAMPS},
        client_id INTEGER NOT NULL, title TEXT NOT NULL, outcome TEXT, measure TEXT,
        target_date DATE, status VARCHAR(16) NOT NULL, progress INTEGER NOT NULL,
        deleted_at DATETIME,
        CONSTRAINT status_valid CHECK (status IN ('active', 'achieved', 'paused', 'dropped')),
        CONSTRAINT progress_range CHECK (progress BETWEEN 0 AND 100),
        UNIQUE (uuid),
        FOREIGN KEY(client_id) REFERENCES client (id) ON DELETE CASCADE""",
    "goal_update": f"""{ID}, {STAMPS},
        goal_id INTEGER NOT NULL, at DATETIME NOT NULL, progress INTEGER NOT NULL,
        status VARCHAR(16), note TEXT,
        CONSTRAINT progress_range CHECK (progress BETWEEN 0 AND 100),
        UNIQUE (uuid),
        FOREIGN KEY(goal_id) REFERENCES goal (id) ON DELETE CASCADE""",
    "session": f"""{ID}, {STAMPS},
        client_id INTEGER NOT NULL, at DATETIME NOT NULL, status VARCHAR(16) NOT NULL,
        channel VARCHAR(16) NOT NULL, duration_minutes INTEGER, notes TEXT,
        private_notes TEXT, deleted_at DATETIME,
        CONSTRAINT status_valid CHECK (status IN ('planned', 'held', 'cancelled')),
        CONSTRAINT channel_valid CHECK (channel IN ('in-person', 'phone', 'video', 'email')),
        UNIQUE (uuid),
        FOREIGN KEY(client_id) REFERENCES client (id) ON DELETE CASCADE""",
    # No id of its own; rebuilt only so its foreign keys name the new tables.
    "session_goal": """session_id INTEGER NOT NULL, goal_id INTEGER NOT NULL,
        PRIMARY KEY (session_id, goal_id),
        FOREIGN KEY(session_id) REFERENCES session (id) ON DELETE CASCADE,
        FOREIGN KEY(goal_id) REFERENCES goal (id) ON DELETE CASCADE""",
    "request": f"""{ID}, {STAMPS},
        client_id INTEGER NOT NULL, goal_id INTEGER, session_id INTEGER, text TEXT NOT NULL,
        due_date DATE, state VARCHAR(16) NOT NULL, counter_text TEXT, counter_due DATE,
        note TEXT, deleted_at DATETIME,
        CONSTRAINT state_valid CHECK (state IN ('proposed', 'accepted', 'declined', 'countered',
            'done', 'missed', 'withdrawn')),
        UNIQUE (uuid),
        FOREIGN KEY(client_id) REFERENCES client (id) ON DELETE CASCADE,
        FOREIGN KEY(goal_id) REFERENCES goal (id) ON DELETE SET NULL,
        FOREIGN KEY(session_id) REFERENCES session (id) ON DELETE SET NULL""",
    "request_event": f"""{ID}, {STAMPS},
        request_id INTEGER NOT NULL, at DATETIME NOT NULL, from_state VARCHAR(16),
        to_state VARCHAR(16) NOT NULL, text TEXT, due_date DATE, note TEXT,
        UNIQUE (uuid),
        FOREIGN KEY(request_id) REFERENCES request (id) ON DELETE CASCADE""",
    "advice": f"""{ID}, {STAMPS},
        client_id INTEGER NOT NULL, goal_id INTEGER, session_id INTEGER, text TEXT NOT NULL,
        kind VARCHAR(16) NOT NULL, response VARCHAR(16) NOT NULL, response_note TEXT,
        responded_at DATETIME, deleted_at DATETIME,
        CONSTRAINT kind_valid CHECK (kind IN ('advice', 'opinion', 'suggestion')),
        CONSTRAINT response_valid CHECK (response IN ('pending', 'accepted', 'declined')),
        UNIQUE (uuid),
        FOREIGN KEY(client_id) REFERENCES client (id) ON DELETE CASCADE,
        FOREIGN KEY(goal_id) REFERENCES goal (id) ON DELETE SET NULL,
        FOREIGN KEY(session_id) REFERENCES session (id) ON DELETE SET NULL""",
    "advice_event": f"""{ID}, {STAMPS},
        advice_id INTEGER NOT NULL, at DATETIME NOT NULL, from_response VARCHAR(16),
        to_response VARCHAR(16) NOT NULL, note TEXT,
        UNIQUE (uuid),
        FOREIGN KEY(advice_id) REFERENCES advice (id) ON DELETE CASCADE""",
}

# The indexes of 0001, which go with the old tables.
INDEXES = (
    ("ix_goal_client_status", "goal", "client_id, status"),
    ("ix_goal_update_goal_at", "goal_update", "goal_id, at"),
    ("ix_session_client_at", "session", "client_id, at"),
    ("ix_session_status_at", "session", "status, at"),
    ("ix_session_goal_goal", "session_goal", "goal_id"),
    ("ix_request_client_state", "request", "client_id, state"),
    ("ix_request_client_due", "request", "client_id, due_date"),
    ("ix_request_goal", "request", "goal_id"),
    ("ix_request_event_request_at", "request_event", "request_id, at"),
    ("ix_advice_client_response", "advice", "client_id, response"),
    ("ix_advice_goal", "advice", "goal_id"),
    ("ix_advice_event_advice_at", "advice_event", "advice_id, at"),
)

# As in 0002: (table, kind code, the indexed text over NEW/OLD, columns watched).
SEARCHED = (
    (
        "session",
        0,
        "coalesce({r}.notes, '') || ' ' || coalesce({r}.private_notes, '')",
        "notes, private_notes",
    ),
    (
        "goal",
        1,
        "{r}.title || ' ' || coalesce({r}.outcome, '') || ' ' || coalesce({r}.measure, '')",
        "title, outcome, measure",
    ),
    (
        "request",
        2,
        "{r}.text || ' ' || coalesce({r}.counter_text, '') || ' ' || coalesce({r}.note, '')",
        "text, counter_text, note",
    ),
    ("advice", 3, "{r}.text || ' ' || coalesce({r}.response_note, '')", "text, response_note"),
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_with_autoincrement()
    op.create_table(
        "tombstone",
        sa.Column("uuid", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_request_state_due", "request", ["state", "due_date"])
    op.create_index("ix_session_at", "session", ["at"])


def _rebuild_with_autoincrement() -> None:
    for table, _code, _text, _watched in SEARCHED:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_search_{event}")
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} RENAME TO _0002_{table}")
    for table, columns in TABLES.items():
        op.execute(f"CREATE TABLE {table} ({columns})")
        op.execute(f"INSERT INTO {table} SELECT * FROM _0002_{table}")
    for table in reversed(TABLES):
        op.execute(f"DROP TABLE _0002_{table}")
    for name, table, columns in INDEXES:
        op.execute(f"CREATE INDEX {name} ON {table} ({columns})")
    for table, code, text, watched in SEARCHED:
        new, old = text.format(r="new"), text.format(r="old")
        op.execute(
            f"CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO search_index (rowid, text) VALUES (new.id * 4 + {code}, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_search_update AFTER UPDATE OF {watched} ON {table} BEGIN "
            f"DELETE FROM search_index WHERE rowid = old.id * 4 + {code}; "
            f"INSERT INTO search_index (rowid, text) VALUES (new.id * 4 + {code}, {new}); "
            "INSERT INTO search_index (search_index) "
            f"SELECT 'optimize' WHERE instr({new}, {old}) = 0; END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN "
            f"DELETE FROM search_index WHERE rowid = old.id * 4 + {code}; END"
        )


def downgrade() -> None:
    op.drop_index("ix_session_at", "session")
    op.drop_index("ix_request_state_due", "request")
    op.drop_table("tombstone")
