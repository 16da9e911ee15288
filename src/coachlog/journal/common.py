"""What every part of the write side needs: text checks and lookups."""

from __future__ import annotations

from datetime import UTC, datetime

from coachlog.errors import BadInput, NotFound
from coachlog.kinds import RecordKind, display_id
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
