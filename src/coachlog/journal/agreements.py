"""The coaching agreement: every change is a new revision, history kept."""

from __future__ import annotations

from datetime import date

from coachlog.errors import BadInput, Conflict
from coachlog.journal.common import coach_only, optional_text
from coachlog.kinds import Channel
from coachlog.writer import Row, Writer

TEXT_FIELDS = ("focus", "format", "desired_outcomes", "boundaries")
FIELDS = (
    *TEXT_FIELDS,
    "cadence_days",
    "default_channel",
    "session_minutes",
    "start_date",
    "end_date",
)


def current_agreement(*, db: Writer, client_id: int) -> Row | None:
    found = db.row(
        "SELECT * FROM agreement WHERE client_id = :client ORDER BY revision DESC LIMIT 1",
        client=client_id,
    )
    return None if found is None else Row(found)


def set_agreement(
    *,
    db: Writer,
    client: Row,
    today: date,
    focus: str | None = None,
    format: str | None = None,
    desired_outcomes: str | None = None,
    cadence_days: int | None = None,
    default_channel: Channel | None = None,
    session_minutes: int | None = None,
    boundaries: str | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> Row:
    """Write a new revision: given fields change, the rest carry over.

    Blank text clears a text field. The first revision starts today unless
    a start is given.
    """
    coach_only(db, client.id, "only your coach sets the agreement")
    given = {
        "focus": focus,
        "format": format,
        "desired_outcomes": desired_outcomes,
        "cadence_days": cadence_days,
        "default_channel": default_channel,
        "session_minutes": session_minutes,
        "boundaries": boundaries,
        "start_date": start_date,
        "end_date": end_date,
    }
    given = {name: value for name, value in given.items() if value is not None}
    if not given:
        raise BadInput(
            "nothing to set; give --focus, --format, --outcomes, --cadence, --channel, "
            "--length, --boundaries, --start or --end."
        )
    previous = current_agreement(db=db, client_id=client.id)
    fields = {name: getattr(previous, name) for name in FIELDS} if previous else {}
    for name, value in given.items():
        fields[name] = (
            optional_text(value, name.replace("_", " ")) if name in TEXT_FIELDS else value
        )
    if fields.get("default_channel") is not None:
        fields["default_channel"] = Channel(fields["default_channel"]).value
    if previous is None and fields.get("start_date") is None:
        fields["start_date"] = today
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise BadInput(f"the agreement cannot end ({end}) before it starts ({start}).")
    if previous is not None and all(fields[name] == getattr(previous, name) for name in FIELDS):
        raise Conflict(
            f"the agreement with {client.handle} already says that; no new revision was made."
        )
    return db.insert(
        "agreement",
        client_id=client.id,
        revision=previous.revision + 1 if previous else 1,
        **fields,
    )
