"""Full-text search over notes, goals, requests and advice (SQLite FTS5).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27

One FTS5 table, kept in step by triggers. Its rowid encodes the record:
`id * 4 + kind` (0 session, 1 goal, 2 request, 3 advice), so a trigger
replaces one record's entry by rowid instead of scanning. Existing records
are indexed here. On PostgreSQL nothing is created: search runs `tsvector`
queries over the tables themselves.

Frozen DDL: never import coachlog.models here. A later migration that
rebuilds one of these tables (batch mode) must create its triggers again.
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# (table, kind code, the text expression over NEW/OLD columns, columns watched)
SOURCES = (
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
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "text, tokenize = 'unicode61 remove_diacritics 2')"
    )
    for table, code, text, watched in SOURCES:
        new = text.format(r="new")
        op.execute(
            f"CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO search_index (rowid, text) VALUES (new.id * 4 + {code}, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_search_update AFTER UPDATE OF {watched} ON {table} BEGIN "
            f"DELETE FROM search_index WHERE rowid = old.id * 4 + {code}; "
            f"INSERT INTO search_index (rowid, text) VALUES (new.id * 4 + {code}, {new}); END"
        )
        op.execute(
            f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN "
            f"DELETE FROM search_index WHERE rowid = old.id * 4 + {code}; END"
        )
        op.execute(
            f"INSERT INTO search_index (rowid, text) "
            f"SELECT id * 4 + {code}, {text.format(r=table)} FROM {table}"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, _code, _text, _watched in SOURCES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_search_{event}")
    op.execute("DROP TABLE IF EXISTS search_index")
