"""The trash: deletes are soft and undoable; a purge erases for real.

Deleting a client takes all of its records with it: they are hidden by the
client's own mark, restored with it, and purged with it (the schema's
`ON DELETE CASCADE`). Deleting a goal or a session leaves the requests and
advice that point at it in place: hidden links while it is in the trash,
cleared links once it is purged (`ON DELETE SET NULL`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session, select

from coachlog.errors import BadInput, Conflict, NotFound
from coachlog.journal.common import utc
from coachlog.kinds import RecordKind, display_id
from coachlog.models import Advice, Client, Goal, Request
from coachlog.models import Session as CoachingSession

MODELS = {
    RecordKind.GOAL: Goal,
    RecordKind.SESSION: CoachingSession,
    RecordKind.REQUEST: Request,
    RecordKind.ADVICE: Advice,
}
RECORD_ID = re.compile(r"^\s*([GSRAgsra])(\d+)\s*$")


@dataclass(frozen=True)
class TrashRef:
    """What a person names in `trash restore|purge`: `G3`, or a client handle."""

    kind: RecordKind | None  # None: a client
    number: int | None
    handle: str | None

    def __str__(self) -> str:
        return self.handle if self.kind is None else display_id(self.kind, self.number)


def parse_ref(typed: str) -> TrashRef:
    match = RECORD_ID.match(typed)
    if match:
        return TrashRef(RecordKind(match.group(1).upper()), int(match.group(2)), None)
    if not typed.strip():
        raise BadInput("name what to restore or purge: an id such as G3, or a client handle.")
    return TrashRef(None, None, typed.strip())


def _record(db: Session, ref: TrashRef):
    if ref.kind is None:
        found = db.exec(select(Client).where(Client.handle == ref.handle)).first()
    else:
        found = db.get(MODELS[ref.kind], ref.number)
    if found is None:
        what = f"client {ref.handle}" if ref.kind is None else f"{ref.kind.noun} {ref}"
        raise NotFound(f"no {what}.")
    return found


def delete(*, db: Session, ref: TrashRef, now: datetime) -> None:
    """Move a client (and everything of theirs) or one record to the trash."""
    record = _record(db, ref)
    if record.deleted_at is not None:
        raise Conflict(f"{ref} is already in the trash.")
    if ref.kind is not None:
        owner = db.get(Client, record.client_id)
        if owner.deleted_at is not None:
            raise NotFound(f"no {ref.kind.noun} {ref}.")
    record.deleted_at = utc(now)
    db.add(record)
    db.flush()


def restore(*, db: Session, ref: TrashRef) -> None:
    record = _record(db, ref)
    if record.deleted_at is None:
        raise Conflict(f"{ref} is not in the trash.")
    if ref.kind is not None:
        owner = db.get(Client, record.client_id)
        if owner.deleted_at is not None:
            raise Conflict(
                f"{ref} belongs to {owner.handle}, who is in the trash; restore "
                f"`{owner.handle}` first."
            )
    record.deleted_at = None
    db.add(record)
    db.flush()


def purge(*, db: Session, ref: TrashRef | None) -> int:
    """Erase one trashed record (or client, with everything of theirs), or the
    whole trash when `ref` is None. Returns how many records were named."""
    _erase_securely(db)
    if ref is not None:
        record = _record(db, ref)
        if record.deleted_at is None:
            raise Conflict(f"{ref} is not in the trash; delete it first, or use --purge.")
        db.delete(record)
        db.flush()
        _rewrite_search_index(db)
        return 1
    count = 0
    for model in (Client, Goal, CoachingSession, Request, Advice):
        for record in db.exec(select(model).where(model.deleted_at.is_not(None))):
            db.delete(record)
            count += 1
    db.flush()
    _rewrite_search_index(db)
    return count


def _sqlite(db: Session) -> bool:
    return db.get_bind().dialect.name == "sqlite"


def _erase_securely(db: Session) -> None:
    """Zero the pages a purge frees, so the text is not left in free pages."""
    if _sqlite(db):
        db.connection().exec_driver_sql("PRAGMA secure_delete = ON")


def _rewrite_search_index(db: Session) -> None:
    """FTS5 keeps deleted words until its segments merge: merge them now.
    (The caller checkpoints the write-ahead log once the purge is committed.)"""
    if _sqlite(db):
        db.connection().execute(text("INSERT INTO search_index (search_index) VALUES ('optimize')"))
