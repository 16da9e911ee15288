"""Import a JSON export: merge by uuid, the newer `updated_at` winning.

All or nothing: the caller runs this in one transaction (`store.writing`),
so a file that is wrong anywhere changes nothing. The whole file is checked
before anything is written; a reference to a record that is neither in the
file nor in the store is refused with the place it occurs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from coachlog import models
from coachlog.errors import BadInput
from coachlog.exchange import FORMAT, KINDS, REQUIRED, SESSION_GOALS, VERSION, Kind
from coachlog.kinds import (
    AdviceKind,
    AdviceResponse,
    Author,
    Channel,
    ClientStatus,
    GoalStatus,
    RequestState,
    SessionStatus,
)

CHOICES: dict[tuple[str, str], type[StrEnum]] = {
    ("client", "status"): ClientStatus,
    ("goal", "status"): GoalStatus,
    ("goal_update", "status"): GoalStatus,
    ("session", "status"): SessionStatus,
    ("session", "channel"): Channel,
    ("agreement", "default_channel"): Channel,
    ("request", "state"): RequestState,
    ("request_event", "from_state"): RequestState,
    ("request_event", "to_state"): RequestState,
    ("advice", "kind"): AdviceKind,
    ("advice", "response"): AdviceResponse,
    ("advice_event", "from_response"): AdviceResponse,
    ("advice_event", "to_response"): AdviceResponse,
    ("goal_update", "author"): Author,
    ("request_event", "author"): Author,
    ("advice_event", "author"): Author,
}
# Columns a file from before sharing does not have, and what they were then:
# every event the coach's (its place in its record's history is worked out
# from the file's order), no keys, no bundles.
SINCE_SHARING = {"author": Author.COACH.value, "share_seq": 0, "peer_seq": 0}
# Public keys (client_key, coach_key) must be keys.
KEY_COLUMNS = {("client", "client_key"), ("client", "coach_key")}
Progress = Callable[[str, int], None]
# The largest file import reads, so a wrong or hostile file cannot take the
# machine's memory: the export of a 100,000-record store (benchmarks/
# generate.py) is 114 MiB and parses in about 500 MiB.
MAX_BYTES = 256 * 1024 * 1024
# What a SQLite or PostgreSQL integer column holds.
LARGEST_INTEGER = 2**63 - 1
# Whole numbers with a meaning, and the values they may take.
RANGES: dict[tuple[str, str], tuple[int, int]] = {
    ("agreement", "revision"): (1, 1_000_000),
    ("agreement", "cadence_days"): (1, 366),
    ("agreement", "session_minutes"): (1, 24 * 60),
    ("session", "duration_minutes"): (1, 24 * 60),
    ("goal", "progress"): (0, 100),
    ("goal_update", "progress"): (0, 100),
    ("client", "share_seq"): (0, 1_000_000_000),
    ("client", "peer_seq"): (0, 1_000_000_000),
    ("goal_update", "seq"): (0, 1_000_000),
    ("request_event", "seq"): (0, 1_000_000),
    ("advice_event", "seq"): (0, 1_000_000),
}
# Text a record cannot do without: blank is as missing.
NOT_BLANK = {("client", "handle"), ("client", "name"), ("goal", "title"), ("request", "text")}
NOT_BLANK |= {("advice", "text")}


def read_document(path: str | None, source: str) -> str:
    """The text of an export file (`None`: stdin), refused past MAX_BYTES
    before it is read whole."""
    import os
    import sys

    too_big = False
    try:
        if path is None and hasattr(sys.stdin, "buffer"):
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        elif path is None:  # a text stream standing in for stdin (an embedding caller)
            data = sys.stdin.read(MAX_BYTES + 1).encode("utf-8", "surrogatepass")
        else:
            with open(path, "rb") as handle:
                # A file's size is known up front: nothing of a huge one is read.
                too_big = os.fstat(handle.fileno()).st_size > MAX_BYTES
                data = b"" if too_big else handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise BadInput(f"{source} does not exist.") from None
    except IsADirectoryError:
        raise BadInput(f"{source} is a folder; give a coachlog JSON export.") from None
    except OSError as exc:
        raise BadInput(f"cannot read {source}: {exc.strerror}.") from None
    if too_big or len(data) > MAX_BYTES:
        raise BadInput(
            f"{source} is larger than {MAX_BYTES // 2**20} MiB, the most import reads; "
            "check it is the right file, or export one client at a time (export --client C)."
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"cannot read {source}: it is not UTF-8 text.") from None


@dataclass
class ImportSummary:
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    erased: int = 0  # left out: purged from this store (tombstones)

    def total(self, which: str) -> int:
        return sum(getattr(self, which).values())


def parse_document(text: str, source: str) -> dict[str, Any]:
    """The JSON of an export, or a one-line BadInput saying where it breaks."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(
            f"{source} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "is the file complete?"
        ) from None
    except RecursionError:
        raise BadInput(
            f"{source} nests deeper than any coachlog export; it was not read."
        ) from None
    except ValueError as exc:  # a number of thousands of digits
        raise BadInput(f"{source} is not a coachlog export ({str(exc)[:80]}).") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BadInput(f'{source} is not a coachlog export (no "format": "{FORMAT}").')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BadInput(f"{source}: version must be a whole number, not {repr(version)[:40]}.")
    if version > VERSION:
        raise BadInput(
            f"{source} was written by a newer coachlog (export version {version}; this one "
            f"reads up to {VERSION}); upgrade coachlog to import it."
        )
    if not isinstance(document.get("records"), dict):
        raise BadInput(f'{source}: "records" must be an object of record lists.')
    return document


def _table(kind: Kind):
    return SQLModel.metadata.tables[kind.table]


def _value(kind: Kind, name: str, value: Any, where: str) -> Any:
    """One field, typed as its column: ISO times and dates, whole numbers, text."""
    column = _table(kind).columns[name]
    is_time = isinstance(column.type, models.UTCDateTime)
    python_type = datetime if is_time else column.type.python_type
    if value is None:
        return None
    shown = _shown(value)
    if python_type is datetime:
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                parsed = None
            if parsed is not None and parsed.tzinfo is not None:
                return _in_window(parsed, parsed.date(), where)
        raise BadInput(f"{where}: {shown} is not an ISO datetime with a zone offset.")
    if python_type is date:
        try:
            parsed_day = date.fromisoformat(value)
        except (TypeError, ValueError):
            raise BadInput(f"{where}: {shown} is not an ISO date.") from None
        return _in_window(parsed_day, parsed_day, where)
    if python_type is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise BadInput(f"{where}: {shown} is not a whole number.")
        low, high = RANGES.get((kind.table, name), (-LARGEST_INTEGER, LARGEST_INTEGER))
        if not low <= value <= high:
            raise BadInput(f"{where}: {shown} is not from {low} to {high}.")
        return value
    if not isinstance(value, str):
        raise BadInput(f"{where}: {shown} is not text.")
    _check_text(value, where)
    if (kind.table, name) in NOT_BLANK and not value.strip():
        raise BadInput(f"{where} is blank.")
    if (kind.table, name) == ("client", "handle"):
        from coachlog.lookup import check_handle

        try:
            check_handle(value)
        except BadInput:
            raise BadInput(f"{where}: {shown} is not a usable handle.") from None
    choices = CHOICES.get((kind.table, name))
    if choices is not None and value not in {member.value for member in choices}:
        allowed = ", ".join(member.value for member in choices)
        raise BadInput(f"{where}: {shown} is not one of {allowed}.")
    return value


def _shown(value: Any) -> str:
    """A value quoted in a message: short, and never a surrogate to print."""
    text = repr(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _check_text(value: str, where: str) -> None:
    if "\x00" in value:
        raise BadInput(f"{where}: the text contains a NUL character.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput(f"{where}: the text holds a lone surrogate, which is not text.") from None


def _in_window(value, day: date, where: str):
    from coachlog.dates import EARLIEST, LATEST

    if not EARLIEST <= day <= LATEST:
        raise BadInput(f"{where}: {day.isoformat()} is outside {EARLIEST.year} to {LATEST.year}.")
    return value


def _checked(kind: Kind, index: int, record: Any) -> dict[str, Any]:
    where = f"records.{kind.key}[{index}]"
    if not isinstance(record, dict):
        raise BadInput(f"{where} is not an object.")
    uuid = record.get("uuid")
    if not isinstance(uuid, str) or not 8 <= len(uuid) <= 36:
        raise BadInput(f"{where}.uuid is missing or not a uuid.")
    _check_text(uuid, f"{where}.uuid")
    clean: dict[str, Any] = {"uuid": uuid}
    for name in ("created_at", "updated_at"):
        if record.get(name) is None:
            raise BadInput(f"{where}.{name} is missing.")
        clean[name] = _value(kind, name, record[name], f"{where}.{name}")
    for name in kind.columns:
        clean[name] = _value(kind, name, record.get(name), f"{where}.{name}")
        if clean[name] is None and name in SINCE_SHARING:
            clean[name] = SINCE_SHARING[name]
        if clean[name] is not None and (kind.table, name) in KEY_COLUMNS:
            from coachlog.keys import encode, parse_public_key

            try:
                clean[name] = encode(parse_public_key(clean[name]))
            except BadInput:
                raise BadInput(f"{where}.{name} is not a coachlog public key.") from None
    for name in REQUIRED[kind.key]:
        if clean[name] is None:
            raise BadInput(f"{where}.{name} is missing.")
    for column in kind.parents:
        parent = record.get(kind.parent_field(column))
        if parent is not None and not isinstance(parent, str):
            raise BadInput(f"{where}.{kind.parent_field(column)} is not a uuid.")
        if parent is not None:
            _check_text(parent, f"{where}.{kind.parent_field(column)}")
        clean[column] = parent
    if kind.table == "session":
        goals = record.get(SESSION_GOALS, [])
        if not isinstance(goals, list) or not all(isinstance(g, str) for g in goals):
            raise BadInput(f"{where}.{SESSION_GOALS} must be a list of goal uuids.")
        for goal in goals:
            _check_text(goal, f"{where}.{SESSION_GOALS}")
        clean[SESSION_GOALS] = goals
    return clean


def check_document(document: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every record checked and typed, before anything is written."""
    found = document["records"]
    unknown = set(found) - {kind.key for kind in KINDS}
    if unknown:
        raise BadInput(f"records.{sorted(unknown)[0]} is not a kind of record coachlog knows.")
    checked = {}
    for kind in KINDS:
        listed = found.get(kind.key, [])
        if not isinstance(listed, list):
            raise BadInput(f"records.{kind.key} is not a list.")
        checked[kind.key] = [_checked(kind, index, record) for index, record in enumerate(listed)]
        uuids = [record["uuid"] for record in checked[kind.key]]
        if len(set(uuids)) != len(uuids):
            raise BadInput(f"records.{kind.key} lists the same uuid twice.")
        if "seq" in kind.columns:
            _number_histories(kind, checked[kind.key])
    _check_request_histories(checked)
    return checked


def _number_histories(kind: Kind, events: list[dict[str, Any]]) -> None:
    """A file from before sharing gives no event its place in its record's
    history: number them in the order the file lists them (the order they
    were made)."""
    parent = next(iter(kind.parents))
    made: dict[str, int] = {}
    for event in events:
        if event["seq"] is None:
            event["seq"] = made.get(event[parent], 0)
        made[event[parent]] = max(made.get(event[parent], 0), event["seq"] + 1)


def _check_request_histories(checked: dict[str, list[dict[str, Any]]]) -> None:
    """A request's state must be where its history in the file leads, each
    move one the rules allow: no request is `done` that was never accepted."""
    from coachlog.journal.requests import MOVES

    history: dict[str, list[dict[str, Any]]] = {}
    for event in checked["request_events"]:
        history.setdefault(event["request_id"], []).append(event)
    for index, request in enumerate(checked["requests"]):
        where = f"records.requests[{index}]"
        # In the order its state follows from (journal.history). Moves the
        # coach and the client made from the same point, before hearing
        # from each other, are both kept: a move need only start from a
        # state the history reached before it.
        events = sorted(
            history.get(request["uuid"], []), key=lambda e: (e["seq"], e["at"], e["uuid"])
        )
        if not events:
            if request["state"] != RequestState.PROPOSED:
                raise BadInput(
                    f"{where} is {request['state']} but the file holds none of its history."
                )
            continue
        state, reached = None, set()
        for event in events:
            start = event["from_state"]
            if state is None:
                allowed = {RequestState.PROPOSED} if start is None else set()
            else:
                allowed = set(MOVES[RequestState(start)].values()) if start in reached else set()
            if event["to_state"] not in allowed:
                raise BadInput(
                    f"{where}: its history moves {event['from_state'] or 'nothing'} to "
                    f"{event['to_state']}, which the rules do not allow."
                )
            state = RequestState(event["to_state"])
            reached.add(state)
        if state != request["state"]:
            raise BadInput(f"{where} is {request['state']}, but its history ends {state}.")


def _ids(db: Session, table_name: str) -> dict[str, int]:
    table = SQLModel.metadata.tables[table_name]
    return dict(db.connection().execute(select(table.c.uuid, table.c.id)).all())


def _without_erased(db: Session, records: dict[str, list[dict[str, Any]]]):
    """What was purged here stays purged: see `journal.trash.drop_erased`."""
    from coachlog.journal.trash import drop_erased

    return drop_erased(db, records)


def import_records(
    *,
    db: Session,
    records: dict[str, list[dict[str, Any]]],
    progress: Progress | None = None,
) -> ImportSummary:
    """Merge checked records into the store: add the new, update those the
    file holds a newer version of, leave the rest."""
    assert models  # the tables are registered by importing the models
    summary = ImportSummary()
    records, summary.erased = _without_erased(db, records)
    ids: dict[str, dict[str, int]] = {}
    owners: dict[str, dict[int, int]] = {}
    connection = db.connection()
    for kind in KINDS:
        table = _table(kind)
        known = {
            uuid: (number, updated)
            for number, uuid, updated in connection.execute(
                select(table.c.id, table.c.uuid, table.c.updated_at)
            )
        }
        for parent in set(kind.parents.values()):
            ids.setdefault(parent, _ids(db, parent))
        additions, updates, touched_sessions = [], [], []
        unchanged = 0
        for index, record in enumerate(records[kind.key]):
            row = {name: value for name, value in record.items() if name != SESSION_GOALS}
            for column, parent in kind.parents.items():
                reference = row[column]
                if reference is None:
                    continue
                if reference not in ids[parent]:
                    raise BadInput(
                        f"records.{kind.key}[{index}].{kind.parent_field(column)}: no {parent} "
                        f"{reference} in the file or the store."
                    )
                row[column] = ids[parent][reference]
            _same_client(db, kind, row, index, owners)
            existing = known.get(record["uuid"])
            if existing is None:
                additions.append(row)
            elif record["updated_at"] > existing[1]:
                _keeps_its_client(db, kind, row, existing[0], index, owners)
                updates.append({**row, "b_id": existing[0]})
            else:
                unchanged += 1
                continue
            if kind.table == "session":
                touched_sessions.append((record["uuid"], record[SESSION_GOALS], index))
        try:
            if additions:
                connection.execute(table.insert(), additions)
            if updates:
                statement = (
                    table.update()
                    .where(table.c.id == bindparam("b_id"))
                    .values({name: bindparam(name) for name in updates[0] if name != "b_id"})
                )
                connection.execute(statement, updates)
        except IntegrityError as exc:
            detail = str(exc.orig).split("\n")[0]
            raise BadInput(
                f"records.{kind.key} conflicts with this store ({detail}); "
                "is a handle or an agreement revision taken by another record?"
            ) from None
        ids[kind.table] = _ids(db, kind.table)
        owners.pop(kind.table, None)  # read again when next needed
        if touched_sessions:
            _link_goals(db, touched_sessions, ids)
        summary.added[kind.key] = len(additions)
        summary.updated[kind.key] = len(updates)
        summary.unchanged[kind.key] = unchanged
        if progress is not None:
            progress(kind.key, len(records[kind.key]))
    return summary


def _same_client(
    db: Session, kind: Kind, row: dict[str, Any], index: int, owners: dict[str, dict[int, int]]
) -> None:
    """A request's or advice's goal and session belong to its own client."""
    for column in ("goal_id", "session_id"):
        if column not in kind.parents or "client_id" not in kind.parents or row[column] is None:
            continue
        table = kind.parents[column]
        if table not in owners:
            owners[table] = dict(
                db.connection().exec_driver_sql(f"SELECT id, client_id FROM {table}").all()
            )
        if owners[table].get(row[column]) != row["client_id"]:
            raise BadInput(
                f"records.{kind.key}[{index}].{kind.parent_field(column)} belongs to another "
                "client; a record links only to its own client's goals and sessions."
            )


def _keeps_its_client(
    db: Session,
    kind: Kind,
    row: dict[str, Any],
    number: int,
    index: int,
    owners: dict[str, dict[int, int]],
) -> None:
    """A record never moves to another client: its links and its place in
    that client's purge and share would no longer hold."""
    if "client_id" not in kind.parents:
        return
    if kind.table not in owners:
        owners[kind.table] = dict(
            db.connection().exec_driver_sql(f"SELECT id, client_id FROM {kind.table}").all()
        )
    if owners[kind.table].get(number) != row["client_id"]:
        raise BadInput(
            f"records.{kind.key}[{index}].client differs from the client it has in this store; "
            "a record never moves to another client."
        )


def _link_goals(
    db: Session, sessions: list[tuple[str, list[str], int]], ids: dict[str, dict[str, int]]
) -> None:
    links = SQLModel.metadata.tables["session_goal"]
    goals = ids.get("goal") or _ids(db, "goal")
    connection = db.connection()
    session_ids = [ids["session"][uuid] for uuid, _, _ in sessions]
    for start in range(0, len(session_ids), 500):
        chunk = session_ids[start : start + 500]
        connection.execute(links.delete().where(links.c.session_id.in_(chunk)))
    rows = []
    for uuid, goal_uuids, index in sessions:
        for goal_uuid in dict.fromkeys(goal_uuids):
            if goal_uuid not in goals:
                raise BadInput(
                    f"records.sessions[{index}].goals: no goal {goal_uuid} in the file or the "
                    "store."
                )
            rows.append({"session_id": ids["session"][uuid], "goal_id": goals[goal_uuid]})
    _sessions_link_their_own_goals(db, rows, sessions)
    if rows:
        connection.execute(links.insert(), rows)


def _sessions_link_their_own_goals(
    db: Session, rows: list[dict[str, int]], sessions: list[tuple[str, list[str], int]]
) -> None:
    if not rows:
        return
    connection = db.connection()
    goal_owner = dict(connection.exec_driver_sql("SELECT id, client_id FROM goal").all())
    session_owner = dict(connection.exec_driver_sql("SELECT id, client_id FROM session").all())
    for row in rows:
        if goal_owner.get(row["goal_id"]) != session_owner.get(row["session_id"]):
            raise BadInput(
                "records.sessions: a session lists a goal of another client; a session "
                "discusses only its own client's goals."
            )
