"""What every part of the write side needs: text checks and lookups."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeVar

from sqlmodel import Session, select

from coachlog.errors import BadInput, NotFound
from coachlog.kinds import RecordKind, display_id
from coachlog.lookup import ClientRef, pick_client
from coachlog.models import Client

T = TypeVar("T")


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


def find_client(*, db: Session, text: str) -> Client:
    """The live client a person means by `text` (handle or unique prefix)."""
    exact = db.exec(
        select(Client).where(Client.handle == text.strip(), Client.deleted_at.is_(None))
    ).first()
    if exact is not None:
        return exact
    rows = db.exec(
        select(Client.id, Client.handle, Client.name).where(Client.deleted_at.is_(None))
    ).all()
    ref = pick_client(text, [ClientRef(*row) for row in rows])
    return db.get(Client, ref.id)


def get_record(*, db: Session, model: type[T], kind: RecordKind, number: int) -> T:
    """A live record by its number; one in the trash, or of a client in the
    trash, is not found."""
    record = db.get(model, number)
    missing = record is None or record.deleted_at is not None
    if not missing:
        client = db.get(Client, record.client_id)
        missing = client is None or client.deleted_at is not None
    if missing:
        raise NotFound(f"no {kind.noun} {display_id(kind, number)}.")
    return record


def utc(at: datetime) -> datetime:
    """A time for the store. A naive time is a bug: whose clock would it be?"""
    if at.tzinfo is None:
        raise ValueError("naive datetime given to the journal; times must be aware")
    return at.astimezone(UTC)
