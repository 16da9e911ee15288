"""Import a JSON export: merge by uuid, the newer `updated_at` winning.

The file is read as it streams (`export_text`): records are checked and
written a chunk at a time, so an import of any size holds one chunk in
memory. All or nothing: the caller runs this in one write transaction
(`store.writing_sql`), so a file that is wrong anywhere, even in its last
record, changes nothing. A reference to a record that is neither in the file
nor in the store is refused with the place it occurs. Plain SQL through the
`Writer`: no ORM on the import path (DESIGN §6).
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from coachlog.errors import BadInput
from coachlog.exchange import FORMAT, KINDS, SESSION_GOALS, VERSION, Kind
from coachlog.export_text import ExportText, members, too_big
from coachlog.journal import bulk_insert
from coachlog.journal.import_checks import check_request_history, checked_record
from coachlog.tables import COLUMNS, REQUIRED
from coachlog.writer import SQLiteWriter, Writer

Progress = Callable[[str, int], None]  # (kind, bytes of the file read so far)
# The largest file import reads: a wrong or hostile file is refused before
# it is read (a file) or once this much has come (stdin). The export of a
# 100,000-record store (benchmarks/generate.py) is about 110 MiB.
MAX_BYTES = 256 * 1024 * 1024
# Records checked and written at a time; also the most uuids one lookup names
# (SQLite before 3.32 takes at most 999 parameters).
CHUNK = 500
HISTORY_PAGE = 5_000  # requests whose histories are checked at a time
# SQLite's page cache for an import, in KiB (2 MiB by default): an import
# writes the whole store in one transaction, and with the default cache
# SQLite spills and rereads its pages through the write-ahead log (770 MiB
# written, 1.1 GiB read back for the 110 MiB 100k export). 8 MiB cuts that
# to 140 MiB and 470 MiB for 8 MiB more memory.
IMPORT_CACHE_KIB = 8 * 1024
BY_KEY = {kind.key: kind for kind in KINDS}
_KEY_OF_TABLE = {kind.table: kind.key for kind in KINDS}
# The kinds a kind's records point at: written before it.
NEEDS = {
    kind.key: {_KEY_OF_TABLE[table] for table in kind.parents.values()}
    | ({"goals"} if kind.table == "session" else set())
    for kind in KINDS
}
_MISSING = object()
# The links a kind's records make besides their client, which must be to
# records of that same client.
_LINKED = {
    kind.key: [column for column in ("goal_id", "session_id") if column in kind.parents]
    if "client_id" in kind.parents
    else []
    for kind in KINDS
}


def _stored(value: Any) -> Any:
    """A time or date as SQLite keeps it (what `readers.sqlite_text` gives,
    without its strftime: this runs for every time in the file)."""
    if isinstance(value, datetime):
        if value.utcoffset():
            value = value.astimezone(UTC)
        return value.isoformat(" ", "microseconds")[:26]
    return value.isoformat()


@dataclass
class ImportSummary:
    """What an import added, updated, left unchanged and erased, by kind."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    erased: int = 0  # left out: purged from this store (tombstones)

    def total(self, which: str) -> int:
        return sum(getattr(self, which).values())


@contextmanager
def open_export(path: str | None, source: str) -> Iterator[ExportDocument]:
    """The export at `path` (None: stdin), read up to its records: a file
    that is not an export, or from a newer coachlog, is refused here, before
    the store is opened."""
    handle = None
    size = None
    if path is None and hasattr(sys.stdin, "buffer"):
        read = sys.stdin.buffer.read
    elif path is None:  # a text stream standing in for stdin (an embedding caller)
        stream = sys.stdin

        def read(count: int) -> bytes:
            return stream.read(count).encode("utf-8", "surrogatepass")
    else:
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed below
            # A file's size is known up front: nothing of a huge one is read.
            size = os.fstat(handle.fileno()).st_size
        except FileNotFoundError:
            raise BadInput(f"{source} does not exist.") from None
        except IsADirectoryError:
            raise BadInput(f"{source} is a folder; give a coachlog JSON export.") from None
        except OSError as exc:
            raise BadInput(f"cannot read {source}: {exc.strerror}.") from None
        read = handle.read
    try:
        if size is not None and size > MAX_BYTES:
            raise too_big(source, MAX_BYTES)
        yield ExportDocument(ExportText(read, source, MAX_BYTES), source, size)
    finally:
        if handle is not None:
            handle.close()


class ExportDocument:
    """An export being read. Its header (format, version) is checked as soon
    as it has been read: before the records in an export as coachlog writes
    it; after them in a file whose keys were reordered (`jq -S`), where a
    wrong header still outranks what is wrong in a record."""

    def __init__(self, text: ExportText, source: str, size: int | None) -> None:
        self.text, self.source, self.size = text, source, size
        self._members = members(text)
        self._header: dict[str, Any] = {}
        self._records: Any = _MISSING
        self.header_checked = False
        for name, value in self._members:
            if name is None:
                raise self._not_an_export()
            if name == "records":
                self._records = value
                break
            self._header[name] = value
        if self._records is _MISSING or {"format", "version"} <= set(self._header):
            self._check_header()

    def kinds(self) -> Iterator[tuple[str, Any]]:
        """Each kind's records, in the file's order: `(name, records)`."""
        if not isinstance(self._records, Iterator):
            self.finish()
            raise BadInput(f'{self.source}: "records" must be an object of record lists.')
        # Not `yield from`: a caller that stops on an error must leave the
        # walk where it was, for `outranking` to read on.
        for kind in self._records:  # noqa: UP028 - see above
            yield kind
        self.finish()

    def finish(self) -> None:
        """Read what follows the records, and check the header."""
        for name, value in self._members:
            if name == "records":
                raise BadInput(f'{self.source}: "records" appears twice; it must appear once.')
            self._header[name] = value
        self._check_header()

    def outranking(self, error: BadInput) -> BadInput:
        """The error to give for `error` found in a record: the header's,
        if the file turns out not to be an export this coachlog reads."""
        if self.header_checked or self.text.broken:
            return error
        try:
            for _kind in self._records:  # the rest, read and let go
                pass
            self.finish()
        except BadInput as header_error:
            return header_error
        return error

    def _not_an_export(self) -> BadInput:
        return BadInput(f'{self.source} is not a coachlog export (no "format": "{FORMAT}").')

    def _check_header(self) -> None:
        if self._header.get("format") != FORMAT:
            raise self._not_an_export()
        version = self._header.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise BadInput(
                f"{self.source}: version must be a whole number, not {repr(version)[:40]}."
            )
        if version > VERSION:
            raise BadInput(
                f"{self.source} was written by a newer coachlog (export version {version}; "
                f"this one reads up to {VERSION}); upgrade coachlog to import it."
            )
        if self._records is _MISSING:
            raise BadInput(f'{self.source}: "records" must be an object of record lists.')
        self.header_checked = True


def import_export(
    *, db: Writer, document: ExportDocument, progress: Progress | None = None
) -> ImportSummary:
    """Merge an export into the store: add the new, update those the file
    holds a newer version of, leave the rest; leave out what was purged here.
    An import that changed anything cannot be undone (journal/undo.py)."""
    from coachlog.journal.undo import IMPORTED

    db.not_undoable(IMPORTED)
    if db.dialect == "sqlite":  # for this command's connection only
        db.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    merging = _Merge(db, progress, document.text)
    try:
        for name, records in document.kinds():
            merging.add_kind(name, records)
        merging.finish()
    except BadInput as error:
        raise document.outranking(error) from None
    if merging.summary.total("added") or merging.summary.total("updated"):
        db.mark_changed()
    return merging.summary


class _Conflict(Exception):
    """A row the store's constraints refuse (a taken handle, say)."""


def _insert_tuples(db: Writer, table: str, rows: list[tuple]) -> None:
    """Rows of all of a table's columns, in order."""
    names = [f"c{n}" for n in range(len(rows[0]))]
    if isinstance(db, SQLiteWriter):
        db.connection.executemany(
            f"INSERT INTO {table} VALUES ({', '.join('?' * len(names))})", rows
        )
        return
    values = ", ".join(":" + name for name in names)
    named = [dict(zip(names, row, strict=True)) for row in rows]
    _execute_many(db, f"INSERT INTO {table} VALUES ({values})", named)


def _execute_many(db: Writer, sql: str, rows: list[dict[str, Any]]) -> None:
    """One statement for many rows, in one call to the driver."""
    if isinstance(db, SQLiteWriter):
        try:
            db.connection.executemany(sql, rows)
        except sqlite3.IntegrityError as exc:
            raise _Conflict(str(exc)) from None
        return
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    try:
        db.connection.execute(text(sql), rows)
    except IntegrityError as exc:
        raise _Conflict(str(exc.orig).split("\n")[0]) from None


def _batched(records: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(itertools.islice(records, size)):
        yield batch


class _Stored(NamedTuple):
    id: int
    owner: int | None  # the client's id
    updated_at: datetime | str | None  # SQLite's text on SQLite


class _Merge:
    """The records of one import, written kind by kind, parents first."""

    def __init__(self, db: Writer, progress: Progress | None, text: ExportText) -> None:
        self.db, self.progress, self.text = db, progress, text
        self.sqlite = db.dialect == "sqlite"
        self.summary = ImportSummary()
        # What was purged here stays purged, and so do the records that
        # cannot be without it (a purged goal's check-ins).
        self.gone = {row["uuid"] for row in db.rows("SELECT uuid FROM tombstone")}
        self.seen: set[str] = set()
        self.written: set[str] = set()
        self.held: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self.histories = False
        self.inserting: Callable[[], None] = lambda: None  # bulk_insert.upkeep_after's

    def add_kind(self, name: str, records: Any) -> None:
        kind = BY_KEY.get(name)
        if kind is None:
            raise BadInput(f"records.{name} is not a kind of record coachlog knows.")
        if name in self.seen:
            raise BadInput(f"records.{name} appears twice; a kind's records are one list.")
        self.seen.add(name)
        if not isinstance(records, Iterator):
            raise BadInput(f"records.{name} is not a list.")
        checked = self._checked(kind, records)
        if NEEDS[name] <= self.written:
            self._write(kind, checked)
            self._write_held()
        else:  # before the records it points at (a file with its kinds reordered)
            self.held[name] = list(checked)

    def finish(self) -> None:
        for kind in KINDS:
            if kind.key not in self.written:
                self._write(kind, iter(self.held.pop(kind.key, [])))
        self._check_request_histories()

    def _write_held(self) -> None:
        for kind in KINDS:
            if kind.key in self.held and NEEDS[kind.key] <= self.written:
                self._write(kind, iter(self.held.pop(kind.key)))

    def _checked(self, kind: Kind, records: Iterator[Any]) -> Iterator[tuple[int, dict]]:
        uuids: set[str] = set()
        # A file from before sharing gives no event its place in its
        # record's history: they are numbered in the order the file lists
        # them (the order they were made).
        made: dict[str, int] = {}
        parent = next(iter(kind.parents), None)
        for index, record in enumerate(records):
            clean = checked_record(kind, index, record, stored=self.sqlite)
            if clean["uuid"] in uuids:
                raise BadInput(f"records.{kind.key} lists the same uuid twice.")
            uuids.add(clean["uuid"])
            if "seq" in kind.columns:
                if clean["seq"] is None:
                    clean["seq"] = made.get(clean[parent], 0)
                made[clean[parent]] = max(made.get(clean[parent], 0), clean["seq"] + 1)
            yield index, clean

    def _write(self, kind: Kind, checked: Iterator[tuple[int, dict]]) -> None:
        counts = [0, 0, 0]
        # Into a table empty before, every record is new (the file lists
        # each uuid once): nothing to look up.
        fresh = not self.db.value(f"SELECT EXISTS (SELECT 1 FROM {kind.table})")
        with bulk_insert.upkeep_after(self.db, kind.table, fresh=fresh) as self.inserting:
            for chunk in _batched(checked, CHUNK):
                self._remember_history(kind, chunk)
                for place, count in enumerate(
                    self._write_chunk(kind, self._without_erased(kind, chunk), fresh=fresh)
                ):
                    counts[place] += count
                if self.progress is not None:
                    self.progress(kind.key, self.text.bytes_read)
        self.written.add(kind.key)
        added, updated, unchanged = counts
        self.summary.added[kind.key] = added
        self.summary.updated[kind.key] = updated
        self.summary.unchanged[kind.key] = unchanged

    def _without_erased(self, kind: Kind, chunk: list[tuple[int, dict]]) -> list:
        if not self.gone:
            return chunk
        needs = [column for column in kind.parents if column in REQUIRED[kind.table]]
        kept = []
        for index, record in chunk:
            if record["uuid"] in self.gone or any(record[c] in self.gone for c in needs):
                self.gone.add(record["uuid"])
                self.summary.erased += 1
                continue
            for column in kind.parents:
                if record[column] in self.gone:
                    record[column] = None
            if kind.table == "session":
                record[SESSION_GOALS] = [g for g in record[SESSION_GOALS] if g not in self.gone]
            kept.append((index, record))
        return kept

    def _tuples(self, sql: str, **params: Any) -> list[tuple]:
        """Rows as the driver gives them: the import reads a row for every
        record it writes, too many to make each a dict."""
        if isinstance(self.db, SQLiteWriter):
            return self.db.connection.execute(sql, params).fetchall()
        from sqlalchemy import text

        return [tuple(row) for row in self.db.connection.execute(text(sql), params)]

    def _lookup(self, table: str, uuids: set[str], *, stamp: bool = False) -> dict[str, _Stored]:
        """The stored rows with these uuids: id, client and, with `stamp`,
        when they last changed."""
        owner = "id" if table == "client" else "client_id"
        owner = owner if owner in COLUMNS[table] else "NULL"
        found: dict[str, _Stored] = {}
        listed = sorted(uuids)
        for start in range(0, len(listed), CHUNK):
            named = {f"u{n}": uuid for n, uuid in enumerate(listed[start : start + CHUNK])}
            sql = (
                f"SELECT uuid, id, {owner}, {'updated_at' if stamp else 'NULL'} FROM {table} "
                f"WHERE uuid IN ({', '.join(':' + name for name in named)})"
            )
            for uuid, number, client, updated in self._tuples(sql, **named):
                if isinstance(updated, str) and (len(updated) != 26 or updated[10] != " "):
                    # Compared as text with the file's (`checked_record(stored=True)`):
                    # naive UTC text of one width sorts as the time does.
                    updated = _stored(datetime.fromisoformat(updated).replace(tzinfo=UTC))
                found[uuid] = _Stored(number, client, updated)
        return found

    def _write_chunk(
        self, kind: Kind, chunk: list[tuple[int, dict]], *, fresh: bool
    ) -> tuple[int, int, int]:
        if not chunk:
            return 0, 0, 0
        parents = {
            column: self._lookup(table, {r[column] for _, r in chunk if r[column] is not None})
            for column, table in kind.parents.items()
        }
        uuids = {record["uuid"] for _, record in chunk}
        known = {} if fresh else self._lookup(kind.table, uuids, stamp=True)
        additions, updates, touched = [], [], []
        unchanged = 0
        for index, record in chunk:
            row = record
            if kind.table == "session":  # its goals are links, not a column
                row = {name: value for name, value in record.items() if name != SESSION_GOALS}
            owners = {}
            for column, stored in parents.items():
                if row[column] is None:
                    continue
                parent = stored.get(row[column])
                if parent is None:
                    raise BadInput(
                        f"records.{kind.key}[{index}].{kind.parent_field(column)}: no "
                        f"{kind.parents[column]} {row[column]} in the file or the store."
                    )
                row[column], owners[column] = parent.id, parent.owner
            for column in _LINKED[kind.key]:  # a request's goal is its own client's
                if column in owners and owners[column] != row["client_id"]:
                    raise BadInput(
                        f"records.{kind.key}[{index}].{kind.parent_field(column)} belongs to "
                        "another client; a record links only to its own client's goals and "
                        "sessions."
                    )
            existing = known.get(record["uuid"])
            if existing is None:
                additions.append(row)
            elif record["updated_at"] > existing.updated_at:
                if "client_id" in kind.parents and existing.owner != row["client_id"]:
                    raise BadInput(
                        f"records.{kind.key}[{index}].client differs from the client it has "
                        "in this store; a record never moves to another client."
                    )
                updates.append({**row, "_id": existing.id})
            else:
                unchanged += 1
                continue
            if kind.table == "session":
                touched.append((index, record, existing is not None))
        try:
            if additions:
                self._insert(kind, additions)
            if updates:
                assignments = ", ".join(f"{name} = :{name}" for name in updates[0] if name != "_id")
                sql = f"UPDATE {kind.table} SET {assignments} WHERE id = :_id"
                _execute_many(self.db, sql, updates)
        except _Conflict as exc:
            raise BadInput(
                f"records.{kind.key} conflicts with this store ({exc}); "
                "is a handle or an agreement revision taken by another record?"
            ) from None
        if touched:
            self._link_goals(touched)
        return len(additions), len(updates), unchanged

    def _insert(self, kind: Kind, rows: list[dict[str, Any]]) -> None:
        names = list(rows[0])
        self.inserting()
        if not isinstance(self.db, SQLiteWriter):
            values = ", ".join(":" + name for name in names)
            _execute_many(
                self.db, f"INSERT INTO {kind.table} ({', '.join(names)}) VALUES ({values})", rows
            )
            return
        # Many rows a statement on SQLite: a statement a row made the search
        # index (FTS5, filled by triggers) flush at each one, five times slower.
        connection = self.db.connection
        most = connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(names)
        one = "(" + ", ".join("?" * len(names)) + ")"
        head = f"INSERT INTO {kind.table} ({', '.join(names)}) VALUES "
        for start in range(0, len(rows), max(1, most)):
            part = rows[start : start + max(1, most)]
            values = [row[name] for row in part for name in names]
            try:
                connection.execute(head + ", ".join([one] * len(part)), values)
            except sqlite3.IntegrityError as exc:
                raise _Conflict(str(exc)) from None

    def _link_goals(self, touched: list[tuple[int, dict, bool]]) -> None:
        """A session's goals are the file's list: its links are replaced."""
        sessions = self._lookup("session", {record["uuid"] for _, record, _ in touched})
        goals = self._lookup("goal", {g for _, record, _ in touched for g in record[SESSION_GOALS]})
        replaced = [sessions[record["uuid"]].id for _, record, known in touched if known]
        for start in range(0, len(replaced), CHUNK):
            named = {f"s{n}": number for n, number in enumerate(replaced[start : start + CHUNK])}
            self.db.execute(
                "DELETE FROM session_goal WHERE session_id IN "
                f"({', '.join(':' + name for name in named)})",
                **named,
            )
        links, across = [], False
        for index, record, _ in touched:
            session = sessions[record["uuid"]]
            for goal_uuid in dict.fromkeys(record[SESSION_GOALS]):
                goal = goals.get(goal_uuid)
                if goal is None:
                    raise BadInput(
                        f"records.sessions[{index}].goals: no goal {goal_uuid} in the file or "
                        "the store."
                    )
                across |= goal.owner != session.owner
                links.append({"session_id": session.id, "goal_id": goal.id})
        if across:
            raise BadInput(
                "records.sessions: a session lists a goal of another client; a session "
                "discusses only its own client's goals."
            )
        if links:
            _execute_many(
                self.db,
                "INSERT INTO session_goal (session_id, goal_id) VALUES (:session_id, :goal_id)",
                links,
            )

    # A request's history is checked against the file's events once both
    # are read. They wait in temporary tables, not in memory: a store's
    # request events are its most numerous records.

    def _remember_history(self, kind: Kind, chunk: list[tuple[int, dict]]) -> None:
        if kind.key not in ("requests", "request_events"):
            return
        if not self.histories:
            self.db.execute(
                "CREATE TEMPORARY TABLE import_request (place INTEGER, uuid TEXT, state TEXT)"
            )
            self.db.execute(
                "CREATE TEMPORARY TABLE import_request_event (request_uuid TEXT, seq INTEGER, "
                "at_utc TEXT, uuid TEXT, from_state TEXT, to_state TEXT)"
            )
            self.histories = True
        if kind.key == "requests":
            table = "import_request"
            rows = [(index, record["uuid"], record["state"]) for index, record in chunk]
        else:
            table = "import_request_event"
            rows = [
                (
                    event["request_id"],
                    event["seq"],
                    # Fixed-width UTC text: sorts as the time does.
                    event["at"] if self.sqlite else _stored(event["at"]),
                    event["uuid"],
                    event["from_state"],
                    event["to_state"],
                )
                for _, event in chunk
            ]
        _insert_tuples(self.db, table, rows)

    def _check_request_histories(self) -> None:
        if not self.histories:
            return
        self.db.execute("CREATE INDEX import_request_at ON import_request (place)")
        self.db.execute(
            "CREATE INDEX import_request_event_of ON import_request_event (request_uuid)"
        )
        last = self.db.value("SELECT max(place) FROM import_request")
        # As Python orders text (by code point) on a server whatever its locale.
        binary = "" if self.sqlite else ' COLLATE "C"'
        # A page of requests at a time, in the file's order.
        for low in range(0, -1 if last is None else last + 1, HISTORY_PAGE):
            rows = self._tuples(
                "SELECT r.place, r.state, e.seq, e.at_utc, e.uuid, e.from_state, e.to_state "
                "FROM import_request AS r "
                "LEFT JOIN import_request_event AS e ON e.request_uuid = r.uuid "
                "WHERE r.place >= :low AND r.place < :high "
                # Each request's events in the order its state follows from
                # (journal.history).
                f"ORDER BY r.place, e.seq, e.at_utc{binary}, e.uuid{binary}",
                low=low,
                high=low + HISTORY_PAGE,
            )
            for place, group in itertools.groupby(rows, key=lambda row: row[0]):
                found = list(group)
                events = [row[2:] for row in found if row[4] is not None]
                check_request_history(f"records.requests[{place}]", found[0][1], events)
        self.db.execute("DROP TABLE import_request_event")
        self.db.execute("DROP TABLE import_request")
        self.histories = False
