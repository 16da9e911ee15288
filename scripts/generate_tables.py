"""Write src/coachlog/tables.py: the write path's description of the schema,
derived from coachlog.models, the schema's single source; and
src/coachlog/schema_sqlite.py: the statements that build a new SQLite store at
the migrations' head, read from a store the migrations built.

    python scripts/generate_tables.py          # rewrite both modules
    python scripts/generate_tables.py --check  # exit 1 if either is out of date

The runtime write path reads tables.py instead of importing SQLModel, and a
new store is made from schema_sqlite.py instead of running Alembic;
tests/test_writer.py and tests/test_store_creation.py fail when they no
longer match the models and the migrations.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "coachlog"
TARGET = PACKAGE / "tables.py"
SCHEMA_TARGET = PACKAGE / "schema_sqlite.py"
STAMPS = ("uuid", "created_at", "updated_at")


def describe() -> dict[str, dict]:
    """Each table: its columns in order, scalar defaults, stamped or not,
    which columns hold times, and which must be given."""
    import sqlalchemy as sa
    from sqlmodel import SQLModel

    from coachlog import models

    by_table = {
        model.__tablename__: model
        for model in SQLModel.__subclasses__() + models.Record.__subclasses__()
        if getattr(model, "__tablename__", None) and hasattr(model, "__table__")
    }
    described = {}
    for name, table in SQLModel.metadata.tables.items():
        model = by_table[name]
        defaults = {}
        for column in table.columns:
            field = model.model_fields.get(column.name)
            default = getattr(field, "default", None)
            if isinstance(default, Enum):
                default = default.value
            if (
                default is not None
                and not callable(default)
                and repr(default) != "PydanticUndefined"
            ):
                defaults[column.name] = default
        stamped = all(stamp in table.columns for stamp in STAMPS)
        described[name] = {
            "columns": tuple(column.name for column in table.columns),
            "key": tuple(column.name for column in table.primary_key.columns),
            "defaults": defaults,
            "stamped": stamped,
            "times": tuple(
                column.name
                for column in table.columns
                if isinstance(column.type, models.UTCDateTime)
            ),
            "required": tuple(
                column.name
                for column in table.columns
                if not column.nullable
                and column.name not in defaults
                and not (stamped and column.name in STAMPS)
                and not (
                    column.primary_key
                    and isinstance(column.type, sa.Integer)
                    and len(table.primary_key.columns) == 1
                )
            ),
        }
    return described


def render() -> str:
    described = describe()
    lines = [
        '"""The schema as the write path needs it, generated from coachlog.models',
        "by scripts/generate_tables.py; do not edit by hand.",
        "",
        "COLUMNS: each table's columns in order. KEY: its primary key. DEFAULTS:",
        "values a new row takes when none is given. STAMPED: tables whose rows carry",
        "uuid, created_at and updated_at, filled by the writer. TIMES: columns",
        "holding aware UTC times. REQUIRED: columns an insert must give.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
    ]
    for title, key in (
        ("COLUMNS", "columns"),
        ("KEY", "key"),
        ("DEFAULTS", "defaults"),
        ("TIMES", "times"),
        ("REQUIRED", "required"),
    ):
        value_type = "dict[str, object]" if key == "defaults" else "tuple[str, ...]"
        lines.append(f"{title}: dict[str, {value_type}] = {{")
        for name, table in described.items():
            lines.append(f"    {name!r}: {table[key]!r},")
        lines.append("}")
    stamped = tuple(name for name, table in described.items() if table["stamped"])
    lines.append(f"STAMPED: frozenset[str] = frozenset({stamped!r})")
    return format_source("\n".join(lines) + "\n")


def schema_statements() -> tuple[str, ...]:
    """The CREATE statements of a SQLite store the migrations built, as SQLite
    keeps them, in the order it keeps them. SQLite makes the rest itself
    (automatic indexes, sqlite_sequence, the search index's shadow tables)."""
    import sqlite3
    import tempfile

    from coachlog.store import migrate_sqlite

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schema.db"
        migrate_sqlite(path)
        connection = sqlite3.connect(path)
        try:
            made_by_sqlite = {
                name
                for (name,) in connection.execute(
                    "SELECT name FROM pragma_table_list WHERE type = 'shadow'"
                )
            }
            rows = connection.execute(
                "SELECT type, name, sql FROM sqlite_master "
                "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
            ).fetchall()
        finally:
            connection.close()
    # In the order the migrations left them, which made each after what it names.
    return tuple(sql for _, name, sql in rows if name not in made_by_sqlite)


def render_schema() -> str:
    from coachlog.migrations import HEAD

    lines = [
        "# ruff: noqa: E501 - each statement exactly as SQLite keeps it",
        '"""The statements that make a new SQLite store at schema REVISION, read',
        "from a store the migrations built, by scripts/generate_tables.py; do not",
        "edit by hand. Making a store from them takes milliseconds where Alembic",
        "takes most of a second; tests/test_store_creation.py checks that the two",
        'stores are the same, byte for byte in their dumps."""',
        "",
        "from __future__ import annotations",
        "",
        f"REVISION = {HEAD!r}",
        "STATEMENTS: tuple[str, ...] = (",
        *(f"    {statement!r}," for statement in schema_statements()),
        ")",
    ]
    return format_source("\n".join(lines) + "\n", SCHEMA_TARGET)


def format_source(text: str, target: Path = TARGET) -> str:
    """The module as ruff formats it, so the check compares like with like."""
    import subprocess

    try:
        done = subprocess.run(
            [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(target), "-"],
            input=text,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return text
    return done.stdout


def up_to_date() -> bool:
    """The module holds what the models describe (its values, not its layout:
    the check needs no formatter)."""
    from coachlog import tables

    described = describe()
    stamped = {name for name, table in described.items() if table["stamped"]}
    return stamped == tables.STAMPED and all(
        getattr(tables, title) == {name: table[key] for name, table in described.items()}
        for title, key in (
            ("COLUMNS", "columns"),
            ("KEY", "key"),
            ("DEFAULTS", "defaults"),
            ("TIMES", "times"),
            ("REQUIRED", "required"),
        )
    )


def schema_up_to_date() -> bool:
    from coachlog import schema_sqlite
    from coachlog.migrations import HEAD

    return schema_sqlite.REVISION == HEAD and schema_statements() == schema_sqlite.STATEMENTS


def main(argv: list[str]) -> int:
    if "--check" in argv:
        stale = [
            target
            for target, current in ((TARGET, up_to_date), (SCHEMA_TARGET, schema_up_to_date))
            if not current()
        ]
        for target in stale:
            print(
                f"{target} is out of date: run python scripts/generate_tables.py", file=sys.stderr
            )
        return 1 if stale else 0
    TARGET.write_text(render(), encoding="utf-8")
    SCHEMA_TARGET.write_text(render_schema(), encoding="utf-8")
    print(f"wrote {TARGET} and {SCHEMA_TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
