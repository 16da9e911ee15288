"""What a share bundle holds, described once for `share` and `receive`.

A bundle's content is JSON:

    {"format": "coachlog-share", "version": 1, "from": "coach" | "client",
     "number": N, "made_at": …,
     "client": {...},                 the engagement (the client's own uuid)
     "records": {"agreements": [...], "goals": [...], "sessions": [...],
                 "requests": [...], "advice": [...]},
     "events": {"goal_updates": [...], "request_events": [...],
                "advice_events": [...]},
     "trashed": [{"uuid": …, "kind": "session", "deleted_at": …}, ...],
     "tombstones": [{"uuid": …, "kind": "session"}, ...]}

Records refer to each other by uuid and keep the number their creating store
gave them (`id`), so G4 is G4 in both stores. Every record is the coach's:
only the coach's bundle carries records, and never a private note (the
parts below have no such field, so no query can put one in). A record in
the coach's trash travels as its uuid alone: a session trashed because it
was logged for the wrong client never reaches this one. Events are each
side's own: a bundle adds only events its sender made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from coachlog.dates import EARLIEST, LATEST
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

FORMAT = "coachlog-share"
VERSION = 1
SESSION_GOALS = "goals"


class Malformed(ValueError):
    """Content that is not what a coachlog bundle holds."""


# How a field's JSON value is read: its kind, and whether it must be there.
TEXT, INT, DATE, TIME, UUID = "text", "int", "date", "time", "uuid"


@dataclass(frozen=True)
class Field:
    """A field a share bundle may carry: its kind, bounds and link."""

    kind: str | type[StrEnum]
    required: bool = False
    parent: str | None = None  # a link: the table whose uuid it holds (column NAME_id)
    low: int | None = None
    high: int | None = None


@dataclass(frozen=True)
class Part:
    """A kind of record a share bundle carries."""

    key: str  # the list's name in the bundle
    table: str
    fields: dict[str, Field]
    # The columns a later bundle from the coach overwrites. The others
    # (a request's state and text, a goal's progress, an answer) follow from
    # the record's events and are worked out again after every merge.
    owned: tuple[str, ...] = ()
    parent_column: str | None = None  # events: the link naming the record they belong to

    @property
    def links(self) -> dict[str, str]:
        """Each link field and the table whose uuid it holds."""
        return {name: spec.parent for name, spec in self.fields.items() if spec.parent}


T = Field(TEXT)
D = Field(DATE)
I = Field(INT, low=0, high=10**9)  # noqa: E741
AT = Field(TIME)

RECORDS: tuple[Part, ...] = (
    Part(
        "agreements",
        "agreement",
        {
            "revision": Field(INT, True, low=1, high=10**6),
            "focus": T,
            "format": T,
            "desired_outcomes": T,
            "cadence_days": I,
            "default_channel": Field(Channel),
            "session_minutes": I,
            "boundaries": T,
            "start_date": D,
            "end_date": D,
        },
        owned=(
            "revision",
            "focus",
            "format",
            "desired_outcomes",
            "cadence_days",
            "default_channel",
            "session_minutes",
            "boundaries",
            "start_date",
            "end_date",
        ),
    ),
    Part(
        "goals",
        "goal",
        {
            "title": Field(TEXT, True),
            "outcome": T,
            "measure": T,
            "target_date": D,
            "status": Field(GoalStatus, True),
            "progress": Field(INT, True, low=0, high=100),
            "deleted_at": AT,
        },
        owned=("title", "outcome", "measure", "target_date", "deleted_at"),
    ),
    Part(
        "sessions",
        "session",
        {
            "at": Field(TIME, True),
            "status": Field(SessionStatus, True),
            "channel": Field(Channel, True),
            "duration_minutes": I,
            "notes": T,
            "deleted_at": AT,
        },
        owned=("at", "status", "channel", "duration_minutes", "notes", "deleted_at"),
    ),
    Part(
        "requests",
        "request",
        {
            "goal": Field(UUID, parent="goal"),
            "session": Field(UUID, parent="session"),
            "text": Field(TEXT, True),
            "due_date": D,
            "state": Field(RequestState, True),
            "counter_text": T,
            "counter_due": D,
            "note": T,
            "deleted_at": AT,
        },
        owned=("goal", "session", "deleted_at"),
    ),
    Part(
        "advice",
        "advice",
        {
            "goal": Field(UUID, parent="goal"),
            "session": Field(UUID, parent="session"),
            "text": Field(TEXT, True),
            "kind": Field(AdviceKind, True),
            "response": Field(AdviceResponse, True),
            "response_note": T,
            "responded_at": AT,
            "deleted_at": AT,
        },
        owned=("goal", "session", "text", "kind", "deleted_at"),
    ),
)

EVENTS: tuple[Part, ...] = (
    Part(
        "goal_updates",
        "goal_update",
        {
            "goal": Field(UUID, True, parent="goal"),
            "at": Field(TIME, True),
            "progress": Field(INT, True, low=0, high=100),
            "status": Field(GoalStatus),
            "note": T,
        },
        parent_column="goal",
    ),
    Part(
        "request_events",
        "request_event",
        {
            "request": Field(UUID, True, parent="request"),
            "at": Field(TIME, True),
            "from_state": Field(RequestState),
            "to_state": Field(RequestState, True),
            "text": T,
            "due_date": D,
            "note": T,
        },
        parent_column="request",
    ),
    Part(
        "advice_events",
        "advice_event",
        {
            "advice": Field(UUID, True, parent="advice"),
            "at": Field(TIME, True),
            "from_response": Field(AdviceResponse),
            "to_response": Field(AdviceResponse, True),
            "note": T,
        },
        parent_column="advice",
    ),
)
EVENT_COMMON = {"author": Field(Author, True), "seq": Field(INT, True, low=0, high=10**6)}
CLIENT_FIELDS = {
    "handle": Field(TEXT, True),
    "name": Field(TEXT, True),
    "email": T,
    "organization": T,
    "title": T,
    "status": Field(ClientStatus, True),
    "deleted_at": AT,
}
TABLE_OF = {part.table: part for part in RECORDS + EVENTS}
# What a tombstone may name: the records and events of one engagement.
ERASABLE = frozenset(TABLE_OF)
MAX_TEXT = 1_000_000
_WINDOW = (EARLIEST, LATEST)
MAX_ITEMS = 200_000
# A uuid as coachlog writes it (lower case, hyphens): the one spelling kept.
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


# -- writing -----------------------------------------------------------------


def encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


# -- reading -----------------------------------------------------------------


@dataclass
class Content:
    """A bundle's content, checked and typed."""

    sender: Author
    number: int
    made_at: datetime
    client: dict[str, Any]
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    trashed: list[dict[str, Any]] = field(default_factory=list)
    tombstones: list[dict[str, str]] = field(default_factory=list)


def _value(where: str, name: str, spec: Field, value: Any) -> Any:
    if value is None:
        if spec.required:
            raise Malformed(f"{where}: {name} is missing")
        return None
    kind = spec.kind
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        try:
            return kind(value).value
        except ValueError:
            raise Malformed(f"{where}: {name} {value!r} is not one of its values") from None
    if kind == TEXT:
        if not isinstance(value, str) or "\x00" in value or len(value) > MAX_TEXT:
            raise Malformed(f"{where}: {name} is not text coachlog keeps")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate, which JSON can spell
            raise Malformed(f"{where}: {name} is not text coachlog keeps") from None
        if spec.required and not value.strip():
            raise Malformed(f"{where}: {name} is empty")
        return value
    if kind == INT:
        if type(value) is not int or not (spec.low or 0) <= value <= (spec.high or 10**9):
            raise Malformed(f"{where}: {name} is not a whole number in range")
        return value
    if kind == UUID:
        return check_uuid(where, name, value)
    try:
        if kind == DATE:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            return _in_window(date.fromisoformat(value))
        if kind == TIME:
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                raise ValueError
            _in_window(parsed.date())
            return parsed.astimezone(UTC)
    except (TypeError, ValueError):
        raise Malformed(f"{where}: {name} is not a date coachlog keeps") from None
    raise AssertionError(kind)


def _in_window(day: date) -> date:
    if not _WINDOW[0] <= day <= _WINDOW[1]:
        raise ValueError
    return day


def _erasable(kind: Any) -> bool:
    return isinstance(kind, str) and kind in ERASABLE  # not a list: it cannot be hashed


def check_uuid(where: str, name: str, value: Any) -> str:
    if not isinstance(value, str) or not _UUID.fullmatch(value):
        raise Malformed(f"{where}: {name} is not a uuid")
    return value


_CREATED, _UPDATED = Field(TIME, True), Field(TIME)
_NUMBER = Field(INT, True, low=1, high=10**18)


def _row(where: str, raw: Any, fields: dict[str, Field], *, numbered: bool) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise Malformed(f"{where} is not a record")
    unknown = set(raw) - set(fields) - {"uuid", "id", "created_at", "updated_at", SESSION_GOALS}
    if unknown:
        raise Malformed(f"{where} has fields coachlog does not know: {', '.join(sorted(unknown))}")
    row = {"uuid": check_uuid(where, "uuid", raw.get("uuid"))}
    row["created_at"] = _value(where, "created_at", _CREATED, raw.get("created_at"))
    row["updated_at"] = _value(where, "updated_at", _UPDATED, raw.get("updated_at"))
    row["updated_at"] = row["updated_at"] or row["created_at"]
    if numbered:
        row["id"] = _value(where, "id", _NUMBER, raw.get("id"))
    for name, spec in fields.items():
        row[name] = _value(where, name, spec, raw.get(name))
    return row


def _list(container: dict, key: str, where: str) -> list:
    items = container.get(key, [])
    if not isinstance(items, list) or len(items) > MAX_ITEMS:
        raise Malformed(f"{where}.{key} is not a list coachlog reads")
    return items


def read_content(document: Any) -> Content:
    """Check a decrypted bundle's JSON; raise Malformed on anything else."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise Malformed("it is not a coachlog share")
    if document.get("version") != VERSION:
        raise Malformed(
            f"it is version {document.get('version')!r} of the share format; "
            f"this coachlog reads version {VERSION} (update coachlog)"
        )
    sender = _value("bundle", "from", Field(Author, True), document.get("from"))
    number = _value("bundle", "number", Field(INT, True, low=1), document.get("number"))
    made_at = _value("bundle", "made_at", Field(TIME, True), document.get("made_at"))
    raw_client = document.get("client")
    if sender == Author.COACH:
        client = _row("client", raw_client, CLIENT_FIELDS, numbered=True)
        from coachlog.errors import BadInput
        from coachlog.lookup import check_handle

        try:  # the executive's `share` names its file after it: never a path
            check_handle(client["handle"])
        except BadInput:
            raise Malformed(f"client: handle {client['handle']!r} is not a handle") from None
    else:
        if not isinstance(raw_client, dict):
            raise Malformed("client is not a record")
        client = {"uuid": check_uuid("client", "uuid", raw_client.get("uuid"))}
    content = Content(Author(sender), number, made_at, client)
    records = document.get("records", {})
    events = document.get("events", {})
    if not isinstance(records, dict) or not isinstance(events, dict):
        raise Malformed("records and events must be objects")
    for part in RECORDS:
        rows = []
        for index, raw in enumerate(_list(records, part.key, "records")):
            where = f"records.{part.key}[{index}]"
            row = _row(where, raw, part.fields, numbered=True)
            if part.table == "session":
                goals = raw.get(SESSION_GOALS, [])
                if not isinstance(goals, list) or len(goals) > 10_000:
                    raise Malformed(f"{where}.goals is not a list of uuids")
                row[SESSION_GOALS] = [check_uuid(where, "goals", one) for one in goals]
            rows.append(row)
        content.records[part.key] = rows
    for part in EVENTS:
        fields = {**part.fields, **EVENT_COMMON}
        content.events[part.key] = [
            _row(f"events.{part.key}[{index}]", raw, fields, numbered=False)
            for index, raw in enumerate(_list(events, part.key, "events"))
        ]
    for index, raw in enumerate(_list(document, "trashed", "bundle")):
        where = f"trashed[{index}]"
        if not isinstance(raw, dict) or not _erasable(raw.get("kind")):
            raise Malformed(f"{where} does not name a kind of record")
        content.trashed.append(
            {
                "uuid": check_uuid(where, "uuid", raw.get("uuid")),
                "kind": raw["kind"],
                "deleted_at": _value(where, "deleted_at", Field(TIME, True), raw.get("deleted_at")),
            }
        )
    for index, raw in enumerate(_list(document, "tombstones", "bundle")):
        where = f"tombstones[{index}]"
        if not isinstance(raw, dict) or not _erasable(raw.get("kind")):
            raise Malformed(f"{where} does not name a kind of record")
        content.tombstones.append(
            {"uuid": check_uuid(where, "uuid", raw.get("uuid")), "kind": raw["kind"]}
        )
    return content
