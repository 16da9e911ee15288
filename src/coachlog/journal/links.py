"""What a request or a piece of advice may point at: the client's own goal
or session."""

from __future__ import annotations

from sqlmodel import Session

from coachlog.errors import BadInput
from coachlog.journal.goals import get_goal
from coachlog.journal.sessions import get_session
from coachlog.models import Client


def check_links(
    db: Session, client: Client, goal_number: int | None, session_number: int | None
) -> tuple[int | None, int | None]:
    """The goal and session a request or advice points at, if they are this client's."""
    goal_id = session_id = None
    if goal_number is not None:
        goal = get_goal(db=db, number=goal_number)
        if goal.client_id != client.id:
            raise BadInput(f"goal G{goal_number} belongs to another client, not {client.handle}.")
        goal_id = goal.id
    if session_number is not None:
        session = get_session(db=db, number=session_number)
        if session.client_id != client.id:
            raise BadInput(
                f"session S{session_number} belongs to another client, not {client.handle}."
            )
        session_id = session.id
    return goal_id, session_id
