"""Goals and their progress check-ins."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from coachlog.errors import BadInput, Conflict
from coachlog.journal.common import get_record, optional_text, require_text, utc
from coachlog.kinds import GoalStatus, RecordKind, display_id
from coachlog.models import Client, Goal, GoalUpdate

# Which status changes each move allows, and where it leads.
MOVES: dict[str, tuple[frozenset[GoalStatus], GoalStatus]] = {
    "achieve": (frozenset({GoalStatus.ACTIVE, GoalStatus.PAUSED}), GoalStatus.ACHIEVED),
    "pause": (frozenset({GoalStatus.ACTIVE}), GoalStatus.PAUSED),
    "resume": (
        frozenset({GoalStatus.PAUSED, GoalStatus.DROPPED, GoalStatus.ACHIEVED}),
        GoalStatus.ACTIVE,
    ),
    "drop": (frozenset({GoalStatus.ACTIVE, GoalStatus.PAUSED}), GoalStatus.DROPPED),
}


def get_goal(*, db: Session, number: int) -> Goal:
    return get_record(db=db, model=Goal, kind=RecordKind.GOAL, number=number)


def add_goal(
    *,
    db: Session,
    client: Client,
    title: str,
    outcome: str | None = None,
    measure: str | None = None,
    target_date: date | None = None,
) -> Goal:
    """Add an active goal at 0 % progress."""
    goal = Goal(
        client_id=client.id,
        title=require_text(title, "goal title").strip(),
        outcome=optional_text(outcome, "outcome"),
        measure=optional_text(measure, "measure"),
        target_date=target_date,
    )
    db.add(goal)
    db.flush()
    return goal


def check_progress(progress: int) -> int:
    if not 0 <= progress <= 100:
        raise BadInput(f"progress is a percentage from 0 to 100, not {progress}.")
    return progress


def record_progress(
    *, db: Session, goal: Goal, progress: int, at: datetime, note: str | None = None
) -> GoalUpdate:
    """Keep a check-in; the goal shows the progress of its latest check-in."""
    if goal.status not in (GoalStatus.ACTIVE, GoalStatus.PAUSED):
        raise Conflict(
            f"goal {display_id(RecordKind.GOAL, goal.id)} is {goal.status}; "
            f"`coachlog goal resume {display_id(RecordKind.GOAL, goal.id)}` reopens it."
        )
    update = GoalUpdate(
        goal_id=goal.id,
        at=utc(at),
        progress=check_progress(progress),
        note=optional_text(note, "note"),
    )
    db.add(update)
    db.flush()
    _refresh_progress(db, goal)
    return update


def _refresh_progress(db: Session, goal: Goal) -> None:
    latest = db.exec(
        select(GoalUpdate.progress)
        .where(GoalUpdate.goal_id == goal.id)
        .order_by(GoalUpdate.at.desc(), GoalUpdate.id.desc())
    ).first()
    goal.progress = latest if latest is not None else goal.progress
    db.add(goal)
    db.flush()


def move_goal(*, db: Session, goal: Goal, move: str, at: datetime, note: str | None = None) -> Goal:
    """achieve, pause, resume or drop, kept in the goal's history.

    Achieving a goal sets its progress to 100 %.
    """
    allowed_from, target = MOVES[move]
    if goal.status not in allowed_from:
        possible = sorted(name for name, (sources, _) in MOVES.items() if goal.status in sources)
        raise Conflict(
            f"goal {display_id(RecordKind.GOAL, goal.id)} is {goal.status}, so it cannot "
            f"{move}; from {goal.status} it can {' or '.join(possible)}."
        )
    goal.status = target
    if target == GoalStatus.ACHIEVED:
        goal.progress = 100
    db.add(
        GoalUpdate(
            goal_id=goal.id,
            at=utc(at),
            progress=goal.progress,
            status=target.value,
            note=optional_text(note, "note"),
        )
    )
    db.add(goal)
    db.flush()
    return goal


def edit_goal(
    *,
    db: Session,
    goal: Goal,
    title: str | None = None,
    outcome: str | None = None,
    measure: str | None = None,
    target_date: date | None = None,
) -> Goal:
    if all(value is None for value in (title, outcome, measure, target_date)):
        raise BadInput("nothing to change; give --title, --outcome, --measure or --by.")
    if title is not None:
        goal.title = require_text(title, "goal title").strip()
    if outcome is not None:
        goal.outcome = optional_text(outcome, "outcome")
    if measure is not None:
        goal.measure = optional_text(measure, "measure")
    if target_date is not None:
        goal.target_date = target_date
    db.add(goal)
    db.flush()
    return goal
