"""The JSON export format, described once for export and import.

A file is `{"format": "coachlog-export", "version": 1, "exported_at": …,
"records": {"clients": [...], ...}}`. Records refer to each other by `uuid`
(a goal's `"client"` is its client's uuid), never by local ids, so a file can
be merged into any store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORMAT = "coachlog-export"
VERSION = 1


@dataclass(frozen=True)
class Kind:
    """A kind of record in a JSON export: its list, table, columns and links."""

    key: str  # the list's name in the file
    table: str
    columns: tuple[str, ...]  # copied as they are
    parents: dict[str, str] = field(default_factory=dict)  # id column -> parent table
    owner: str = "t.client_id"  # SQL for the record's client, to export one client

    def parent_field(self, column: str) -> str:
        return column.removesuffix("_id")


KINDS: tuple[Kind, ...] = (
    Kind(
        "clients",
        "client",
        (
            "handle",
            "name",
            "email",
            "organization",
            "title",
            "status",
            "deleted_at",
            "client_key",
            "coach_key",
            "share_seq",
            "peer_seq",
            "time_zone",
        ),
        owner="t.id",
    ),
    Kind(
        "agreements",
        "agreement",
        (
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
        {"client_id": "client"},
    ),
    Kind(
        "goals",
        "goal",
        ("title", "outcome", "measure", "target_date", "status", "progress", "deleted_at"),
        {"client_id": "client"},
    ),
    Kind(
        "goal_updates",
        "goal_update",
        ("at", "progress", "status", "note", "author", "seq"),
        {"goal_id": "goal"},
        owner="(SELECT client_id FROM goal WHERE id = t.goal_id)",
    ),
    Kind(
        "sessions",
        "session",
        ("at", "status", "channel", "duration_minutes", "notes", "private_notes", "deleted_at"),
        {"client_id": "client"},
    ),
    Kind(
        "requests",
        "request",
        ("text", "due_date", "state", "counter_text", "counter_due", "note", "deleted_at"),
        {"client_id": "client", "goal_id": "goal", "session_id": "session"},
    ),
    Kind(
        "request_events",
        "request_event",
        ("at", "from_state", "to_state", "text", "due_date", "note", "author", "seq"),
        {"request_id": "request"},
        owner="(SELECT client_id FROM request WHERE id = t.request_id)",
    ),
    Kind(
        "advice",
        "advice",
        ("text", "kind", "response", "response_note", "responded_at", "deleted_at"),
        {"client_id": "client", "goal_id": "goal", "session_id": "session"},
    ),
    Kind(
        "advice_events",
        "advice_event",
        ("at", "from_response", "to_response", "note", "author", "seq"),
        {"advice_id": "advice"},
        owner="(SELECT client_id FROM advice WHERE id = t.advice_id)",
    ),
)

# Columns that must be present (not null) in every record of a kind.
REQUIRED = {
    "clients": ("handle", "name", "status"),
    "agreements": ("revision",),
    "goals": ("title", "status", "progress"),
    "goal_updates": ("at", "progress"),
    "sessions": ("at", "status", "channel"),
    "requests": ("text", "state"),
    "request_events": ("at", "to_state"),
    "advice": ("text", "kind", "response"),
    "advice_events": ("at", "to_response"),
}
# A session's goals travel with it, as a list of goal uuids.
SESSION_GOALS = "goals"
# What the copied columns hold besides text, so that import types a value
# without the ORM: times are `tables.TIMES`; these are dates and whole
# numbers. tests/test_import_stream.py checks them against models.py.
DATES = frozenset(
    {
        ("agreement", "start_date"),
        ("agreement", "end_date"),
        ("goal", "target_date"),
        ("request", "due_date"),
        ("request", "counter_due"),
        ("request_event", "due_date"),
    }
)
WHOLE_NUMBERS = frozenset(
    {
        ("client", "share_seq"),
        ("client", "peer_seq"),
        ("agreement", "revision"),
        ("agreement", "cadence_days"),
        ("agreement", "session_minutes"),
        ("goal", "progress"),
        ("goal_update", "progress"),
        ("goal_update", "seq"),
        ("session", "duration_minutes"),
        ("request_event", "seq"),
        ("advice_event", "seq"),
    }
)
