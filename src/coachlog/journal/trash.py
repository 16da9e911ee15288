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
from typing import TYPE_CHECKING, Any

from coachlog.errors import BadInput, Conflict, NotFound
from coachlog.journal.common import TABLES, utc
from coachlog.kinds import RecordKind, display_id, parse_display_id
from coachlog.readers import Reader
from coachlog.writer import Row, Writer

if TYPE_CHECKING:
    from sqlmodel import Session

RECORD_ID = re.compile(r"^\s*([GSRAgsra])(\d+)\s*$")
QUALIFIED = re.compile(r"^\s*(client|goal|session|request|advice)\s*:\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class TrashRef:
    """What a person names in `trash restore|purge`: `G3`, or a client handle.

    `handle` beside a record id is the handle the same text would name, when
    it was typed without saying which (`s1` is session S1 or client s1)."""

    kind: RecordKind | None  # None: a client
    number: int | None
    handle: str | None

    def __str__(self) -> str:
        return self.handle if self.kind is None else display_id(self.kind, self.number)

    @property
    def noun(self) -> str:
        return "client" if self.kind is None else self.kind.noun


def parse_ref(typed: str) -> TrashRef:
    """`S1`, a handle, or either one said outright: `session:S1`, `client:s1`."""
    if not typed.strip():
        raise BadInput("name what to restore or purge: an id such as G3, or a client handle.")
    qualified = QUALIFIED.match(typed)
    if qualified:
        noun, named = qualified.group(1).lower(), qualified.group(2).strip()
        if noun == "client":
            if not named:
                raise BadInput("client: needs a handle, e.g. client:jane-doe.")
            return TrashRef(None, None, named)
        kind = next(kind for kind in RecordKind if kind.noun == noun)
        return TrashRef(kind, parse_display_id(named, kind), None)
    match = RECORD_ID.match(typed)
    if match:
        kind = RecordKind(match.group(1).upper())
        return TrashRef(kind, parse_display_id(typed, kind), typed.strip().lower())
    return TrashRef(None, None, typed.strip())


@dataclass(frozen=True)
class Erased:
    """What a purge erased: how many records were named, and whether a
    client (whose text backups still hold) was among them."""

    count: int
    named: str | None  # "session S1", "client s1 (Sam Twelve)"; None for the whole trash
    clients: int


def _table(kind: RecordKind | None) -> str:
    return "client" if kind is None else TABLES[kind]


def _client_by_handle(db: Writer, handle: str) -> Row | None:
    found = db.row("SELECT * FROM client WHERE handle = :handle", handle=handle)
    return None if found is None else Row(found)


def _resolve(db: Writer, ref: TrashRef) -> tuple[TrashRef, Row]:
    """The record `ref` names; a record id that is also a client's handle
    (a handle made before handles that read as ids were refused) is refused."""
    if ref.kind is None:
        found = _client_by_handle(db, ref.handle)
        if found is None:
            raise NotFound(f"no client {ref.handle}.")
        return ref, found
    found = db.get(TABLES[ref.kind], ref.number)
    client = None if ref.handle is None else _client_by_handle(db, ref.handle)
    plain = TrashRef(ref.kind, ref.number, None)
    if client is None:
        if found is None:
            raise NotFound(f"no {ref.kind.noun} {plain}.")
        return plain, found
    if found is None:
        return TrashRef(None, None, client.handle), client
    owner = db.get("client", found.client_id)
    raise Conflict(
        f"{ref.handle} names both {ref.kind.noun} {plain} ({owner.handle}) and client "
        f"{client.handle} ({client.name}); say which, as {ref.kind.noun}:{plain} or "
        f"client:{client.handle}, and give the client a handle that is not an id: "
        f"coachlog client edit {client.handle} --handle NEW-HANDLE."
    )


def unambiguous(db: Writer, ref: TrashRef) -> str:
    """How to name `ref` in `trash restore|purge` so it cannot be read as
    anything else: `S1`, or `session:S1` while a client's handle is `s1`."""
    if ref.kind is None:
        other = RECORD_ID.match(ref.handle)
        taken = other and db.get(TABLES[RecordKind(other.group(1).upper())], int(other.group(2)))
        return f"client:{ref}" if taken else str(ref)
    if _client_by_handle(db, str(ref).lower()) is not None:
        return f"{ref.kind.noun}:{ref}"
    return str(ref)


def describe(db: Writer, ref: TrashRef) -> str:
    """`session S1`, or `client s1 (Sam Twelve)`."""
    if ref.kind is not None:
        return f"{ref.kind.noun} {ref}"
    client = _client_by_handle(db, ref.handle)
    return f"client {ref}" if client is None else f"client {ref} ({client.name})"


def delete(*, db: Writer, ref: TrashRef, now: datetime) -> None:
    """Move a client (and everything of theirs) or one record to the trash."""
    ref, record = _resolve(db, ref)
    if record.deleted_at is not None:
        raise Conflict(f"{ref} is already in the trash.")
    if ref.kind is not None:
        owner = db.get("client", record.client_id)
        if owner.deleted_at is not None:
            raise NotFound(f"no {ref.kind.noun} {ref}.")
        if owner.coach_key:
            raise Conflict(
                f"this is your coach's journal, and only your coach deletes {ref.kind.noun} "
                f"{ref}; you can put the whole journal in the trash (`coachlog client delete "
                f"{owner.handle}`)."
            )
    db.update(_table(ref.kind), record.id, deleted_at=utc(now))


def restore(*, db: Writer, ref: TrashRef) -> str:
    """Bring a record (or a client, with everything of theirs) back; returns
    what it restored, as `session S1` or `client s1 (Sam Twelve)`."""
    ref, record = _resolve(db, ref)
    if record.deleted_at is None:
        raise Conflict(f"{ref.noun} {ref} is not in the trash.")
    if ref.kind is not None:
        owner = db.get("client", record.client_id)
        _coach_s_trash(owner, ref, "restores")
        if owner.deleted_at is not None:
            raise Conflict(
                f"{ref} belongs to {owner.handle}, who is in the trash; restore "
                f"`{owner.handle}` first."
            )
    db.update(_table(ref.kind), record.id, deleted_at=None)
    return describe(db, ref)


def _coach_s_trash(owner: Row, ref: TrashRef, does: str) -> None:
    """In the client's own store, what the coach put in the trash is the
    coach's: restoring or erasing it here would part the two stores."""
    if owner.coach_key:
        raise Conflict(
            f"{ref.kind.noun} {ref} is in your coach's trash, and only your coach {does} it; "
            f"you can put the whole journal in the trash (`coachlog client delete "
            f"{owner.handle}`)."
        )


def purge(*, db: Writer, ref: TrashRef | None, now: datetime | None = None) -> Erased:
    """Erase one trashed record (or client, with everything of theirs), or the
    whole trash when `ref` is None, leaving a tombstone (its uuid, no
    content) for each record erased, so an import does not bring it back.
    It cannot be undone, and it erases the change log (which may hold a
    copy of what it erases)."""
    from coachlog.journal.undo import PURGED

    db.not_undoable(PURGED, changed=True)
    _erase_securely(db)
    purged_at = utc(now if now is not None else db.now())
    if ref is not None:
        ref, record = _resolve(db, ref)
        if record.deleted_at is None:
            raise Conflict(
                f"{ref.noun} {ref} is not in the trash; delete it first, or use --purge."
            )
        if ref.kind is not None:
            _coach_s_trash(db.get("client", record.client_id), ref, "erases")
        named = describe(db, ref)
        _bury(db, [(ref.kind, record)], purged_at)
        db.delete(_table(ref.kind), record.id)
        _rewrite_search_index(db)
        return Erased(1, named, int(ref.kind is None))
    # What `trash list` shows: trashed clients, and trashed records of clients
    # still in use (a trashed client's own records go with it, by cascade).
    doomed: list[tuple[RecordKind | None, Row]] = [
        (None, Row(client))
        for client in db.rows("SELECT * FROM client WHERE deleted_at IS NOT NULL ORDER BY id")
    ]
    doomed += [
        (kind, Row(record))
        for kind, table in TABLES.items()
        for record in db.rows(
            f"SELECT t.* FROM {table} AS t JOIN client AS c ON c.id = t.client_id "
            "WHERE t.deleted_at IS NOT NULL AND c.deleted_at IS NULL AND c.coach_key IS NULL "
            "ORDER BY t.id"
        )
    ]
    _bury(db, doomed, purged_at)
    for kind, record in doomed:
        db.delete(_table(kind), record.id)
    _rewrite_search_index(db)
    return Erased(len(doomed), None, sum(kind is None for kind, _ in doomed))


# What a purge of each kind takes with it (ON DELETE CASCADE): (table, SQL
# selecting the uuids, given the purged record's :id).
CASCADES: dict[RecordKind | None, tuple[tuple[str, str], ...]] = {
    None: (
        *(
            (table, f"SELECT uuid FROM {table} WHERE client_id = :id")
            for table in ("agreement", "goal", "session", "request", "advice")
        ),
        (
            "goal_update",
            "SELECT u.uuid FROM goal_update AS u JOIN goal AS g ON g.id = u.goal_id "
            "WHERE g.client_id = :id",
        ),
        (
            "request_event",
            "SELECT e.uuid FROM request_event AS e JOIN request AS r ON r.id = e.request_id "
            "WHERE r.client_id = :id",
        ),
        (
            "advice_event",
            "SELECT e.uuid FROM advice_event AS e JOIN advice AS a ON a.id = e.advice_id "
            "WHERE a.client_id = :id",
        ),
    ),
    RecordKind.GOAL: (("goal_update", "SELECT uuid FROM goal_update WHERE goal_id = :id"),),
    RecordKind.SESSION: (),
    RecordKind.REQUEST: (
        ("request_event", "SELECT uuid FROM request_event WHERE request_id = :id"),
    ),
    RecordKind.ADVICE: (("advice_event", "SELECT uuid FROM advice_event WHERE advice_id = :id"),),
}


def _bury(db: Writer, doomed: list[tuple[RecordKind | None, Row]], purged_at: datetime) -> None:
    """A tombstone for each record about to be erased and each it takes with it."""
    graves: dict[str, str] = {}
    owners: dict[str, str] = {}  # each grave's engagement, so the purge travels in its bundles
    for kind, record in doomed:
        owner = (
            record.uuid
            if kind is None
            else db.value("SELECT uuid FROM client WHERE id = :id", id=record.client_id)
        )
        graves[record.uuid] = _table(kind)
        owners[record.uuid] = owner
        for table, sql in CASCADES[kind]:
            for row in db.rows(sql, id=record.id):
                graves.setdefault(row["uuid"], table)
                owners.setdefault(row["uuid"], owner)
    known = erased_uuids(db) if graves else set()
    for uuid, kind in graves.items():
        if uuid not in known:
            db.insert(
                "tombstone", uuid=uuid, kind=kind, purged_at=purged_at, client_uuid=owners[uuid]
            )


def erased_uuids(db: Reader | Session) -> set[str]:
    """The uuids of every record purged from this store (through a reader or
    writer, or the ORM session an import still writes with)."""
    if isinstance(db, Reader):
        return {row["uuid"] for row in db.rows("SELECT uuid FROM tombstone")}
    return {uuid for (uuid,) in db.connection().exec_driver_sql("SELECT uuid FROM tombstone")}


def _erase_securely(db: Writer) -> None:
    """Zero the pages a purge frees, so the text is not left in free pages."""
    if db.dialect == "sqlite":
        db.execute("PRAGMA secure_delete = ON")


def _rewrite_search_index(db: Writer) -> None:
    """FTS5 keeps deleted words until its segments merge: merge them now.
    (The caller checkpoints the write-ahead log once the purge is committed.)"""
    if db.dialect == "sqlite":
        db.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")


def drop_erased(
    db: Reader | Session, records: dict[str, list[dict[str, Any]]]
) -> tuple[dict[str, list[dict[str, Any]]], int]:
    """An import's checked records less those purged from this store and
    those that cannot be without one (a purged goal's check-ins, a purged
    request's events), their links to purged records cleared. Returns the
    records kept and how many were left out."""
    from coachlog.exchange import KINDS, SESSION_GOALS
    from coachlog.tables import REQUIRED

    gone = erased_uuids(db)
    if not gone:
        return records, 0
    kept: dict[str, list[dict[str, Any]]] = {}
    skipped = 0
    for kind in KINDS:  # parents before children
        rows = []
        for record in records[kind.key]:
            needs = [column for column in kind.parents if column in REQUIRED[kind.table]]
            if record["uuid"] in gone or any(record[column] in gone for column in needs):
                gone.add(record["uuid"])
                skipped += 1
                continue
            record = {
                name: None if name in kind.parents and value in gone else value
                for name, value in record.items()
            }
            if SESSION_GOALS in record and kind.table == "session":
                record[SESSION_GOALS] = [g for g in record[SESSION_GOALS] if g not in gone]
            rows.append(record)
        kept[kind.key] = rows
    return kept, skipped
