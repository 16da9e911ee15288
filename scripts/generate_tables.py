"""Write src/coachlog/tables.py: the write path's description of the schema,
derived from coachlog.models, the schema's single source.

    python scripts/generate_tables.py          # rewrite the module
    python scripts/generate_tables.py --check  # exit 1 if it is out of date

The runtime write path reads this module instead of importing SQLModel;
tests/test_writer.py fails when it no longer matches the models.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "src" / "coachlog" / "tables.py"
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


def format_source(text: str) -> str:
    """The module as ruff formats it, so the check compares like with like."""
    import subprocess

    try:
        done = subprocess.run(
            [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(TARGET), "-"],
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


def main(argv: list[str]) -> int:
    if "--check" in argv:
        if not up_to_date():
            print(
                f"{TARGET} is out of date: run python scripts/generate_tables.py", file=sys.stderr
            )
            return 1
        return 0
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
