"""What every part of the write side needs: text checks and lookups."""

from __future__ import annotations

from datetime import UTC, datetime

from coachlog.errors import BadInput, Conflict, NotFound
from coachlog.kinds import Author, RecordKind, display_id
from coachlog.writer import Row, Writer


def require_text(value: str | None, what: str) -> str:
    """Text a person must give: not empty, no NUL (which no store keeps)."""
    if value is None or not value.strip():
        raise BadInput(f"the {what} is empty; write something or leave the option out.")
    return check_text(value, what)


def check_text(value: str, what: str) -> str:
    if "\x00" in value:
        raise BadInput(f"the {what} contains a NUL character, which cannot be stored.")
    return value


def optional_text(value: str | None, what: str) -> str | None:
    """Optional text: `None` leaves it unset, blank text clears it."""
    if value is None or not value.strip():
        return None
    return check_text(value, what)


TABLES = {
    RecordKind.GOAL: "goal",
    RecordKind.SESSION: "session",
    RecordKind.REQUEST: "request",
    RecordKind.ADVICE: "advice",
}


def client_row(*, db: Writer, text: str) -> Row:
    """The live client a person means by `text` (handle or unique prefix)."""
    from coachlog.queries.common import find_client as resolve

    return db.get("client", resolve(db, text).id)


def record_row(*, db: Writer, kind: RecordKind, number: int) -> Row:
    """A live record by its number; one in the trash, or of a client in the
    trash, is not found."""
    found = db.row(
        f"SELECT t.* FROM {TABLES[kind]} AS t JOIN client AS c ON c.id = t.client_id "
        "WHERE t.id = :number AND t.deleted_at IS NULL AND c.deleted_at IS NULL",
        number=number,
    )
    if found is None:
        raise NotFound(f"no {kind.noun} {display_id(kind, number)}.")
    return Row(found)


def utc(at: datetime) -> datetime:
    """A time for the store. A naive time is a bug: whose clock would it be?"""
    if at.tzinfo is None:
        raise ValueError("naive datetime given to the journal; times must be aware")
    return at.astimezone(UTC)


# Each event table and the column naming the record it belongs to.
EVENTS = {"goal_update": "goal_id", "request_event": "request_id", "advice_event": "advice_id"}


def side(db: Writer, client_id: int) -> Author:
    """Whose store this is for the engagement: the client's own store holds
    the coach's key (pinned when it received the coach's first bundle)."""
    coach_key = db.value("SELECT coach_key FROM client WHERE id = :id", id=client_id)
    return Author.CLIENT if coach_key else Author.COACH


def coach_only(db: Writer, client_id: int, what: str) -> None:
    """Refuse, in the client's own store, a change only the coach makes."""
    if side(db, client_id) == Author.CLIENT:
        raise Conflict(
            f"this is your coach's journal, and {what}; here you answer requests and "
            "advice and check in on goals, and `coachlog share` sends that to your coach."
        )


def no_import_here(db: Writer) -> None:
    """Refuse an import into a store holding a coach's journal: it would
    rewrite the coach's records there, and only the coach's bundles do that."""
    handles = [
        row["handle"]
        for row in db.rows("SELECT handle FROM client WHERE coach_key IS NOT NULL ORDER BY id")
    ]
    if handles:
        raise Conflict(
            f"this store holds your coach's journal ({', '.join(handles)}), which changes only "
            "through `coachlog receive`; a JSON export is the coach's backup format. Restore "
            "your own backup with `coachlog restore`, or import into a store of its own "
            "(--db PATH)."
        )


def add_event(db: Writer, table: str, record: Row, **values) -> Row:
    """Append one event to a record's history: made by this store's side,
    numbered one past the events this store knows of (so two stores that
    exchange bundles order the same history the same way)."""
    parent = EVENTS[table]
    seq = db.value(
        f"SELECT COALESCE(MAX(seq) + 1, 0) FROM {table} WHERE {parent} = :record",
        record=record.id,
    )
    return db.insert(
        table, **{parent: record.id}, seq=seq, author=side(db, record.client_id).value, **values
    )
