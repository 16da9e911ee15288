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
}
Progress = Callable[[str, int], None]


@dataclass
class ImportSummary:
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

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
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BadInput(f'{source} is not a coachlog export (no "format": "{FORMAT}").')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise BadInput(f"{source}: version must be a whole number, not {version!r}.")
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
    if python_type is datetime:
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                parsed = None
            if parsed is not None and parsed.tzinfo is not None:
                return parsed
        raise BadInput(f"{where}: {value!r} is not an ISO datetime with a zone offset.")
    if python_type is date:
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise BadInput(f"{where}: {value!r} is not an ISO date.") from None
    if python_type is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise BadInput(f"{where}: {value!r} is not a whole number.")
    if not isinstance(value, str):
        raise BadInput(f"{where}: {value!r} is not text.")
    if "\x00" in value:
        raise BadInput(f"{where}: the text contains a NUL character.")
    choices = CHOICES.get((kind.table, name))
    if choices is not None and value not in {member.value for member in choices}:
        allowed = ", ".join(member.value for member in choices)
        raise BadInput(f"{where}: {value!r} is not one of {allowed}.")
    return value


def _checked(kind: Kind, index: int, record: Any) -> dict[str, Any]:
    where = f"records.{kind.key}[{index}]"
    if not isinstance(record, dict):
        raise BadInput(f"{where} is not an object.")
    uuid = record.get("uuid")
    if not isinstance(uuid, str) or not 8 <= len(uuid) <= 36:
        raise BadInput(f"{where}.uuid is missing or not a uuid.")
    clean: dict[str, Any] = {"uuid": uuid}
    for name in ("created_at", "updated_at"):
        if record.get(name) is None:
            raise BadInput(f"{where}.{name} is missing.")
        clean[name] = _value(kind, name, record[name], f"{where}.{name}")
    for name in kind.columns:
        clean[name] = _value(kind, name, record.get(name), f"{where}.{name}")
    for name in REQUIRED[kind.key]:
        if clean[name] is None:
            raise BadInput(f"{where}.{name} is missing.")
    if "progress" in kind.columns and not 0 <= clean["progress"] <= 100:
        raise BadInput(f"{where}.progress must be from 0 to 100.")
    for column in kind.parents:
        parent = record.get(kind.parent_field(column))
        if parent is not None and not isinstance(parent, str):
            raise BadInput(f"{where}.{kind.parent_field(column)} is not a uuid.")
        clean[column] = parent
    if kind.table == "session":
        goals = record.get(SESSION_GOALS, [])
        if not isinstance(goals, list) or not all(isinstance(g, str) for g in goals):
            raise BadInput(f"{where}.{SESSION_GOALS} must be a list of goal uuids.")
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
    return checked


def _ids(db: Session, table_name: str) -> dict[str, int]:
    table = SQLModel.metadata.tables[table_name]
    return dict(db.connection().execute(select(table.c.uuid, table.c.id)).all())


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
    ids: dict[str, dict[str, int]] = {}
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
            existing = known.get(record["uuid"])
            if existing is None:
                additions.append(row)
            elif record["updated_at"] > existing[1]:
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
        if touched_sessions:
            _link_goals(db, touched_sessions, ids)
        summary.added[kind.key] = len(additions)
        summary.updated[kind.key] = len(updates)
        summary.unchanged[kind.key] = unchanged
        if progress is not None:
            progress(kind.key, len(records[kind.key]))
    return summary


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
    if rows:
        connection.execute(links.insert(), rows)
