"""What a request or a piece of advice may point at: the client's own goal
or session."""

from __future__ import annotations

from coachlog.errors import BadInput
from coachlog.journal.common import record_row
from coachlog.kinds import RecordKind, display_id
from coachlog.writer import Row, Writer


def check_links(
    db: Writer, client: Row, goal_number: int | None, session_number: int | None
) -> tuple[int | None, int | None]:
    """The goal and session a request or advice points at, if they are this client's."""
    linked = []
    for kind, number in ((RecordKind.GOAL, goal_number), (RecordKind.SESSION, session_number)):
        if number is None:
            linked.append(None)
            continue
        record = record_row(db=db, kind=kind, number=number)
        if record.client_id != client.id:
            raise BadInput(
                f"{kind.noun} {display_id(kind, number)} belongs to another client, "
                f"not {client.handle}."
            )
        linked.append(record.id)
    return linked[0], linked[1]
