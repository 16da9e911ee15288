"""Goals and their progress check-ins."""

from __future__ import annotations

from datetime import date, datetime

from coachlog.errors import BadInput, Conflict
from coachlog.journal.backdating import when_it_happened
from coachlog.journal.common import (
    add_event,
    coach_only,
    optional_text,
    record_row,
    require_text,
    utc,
)
from coachlog.journal.history import derived
from coachlog.kinds import GoalStatus, RecordKind, display_id
from coachlog.writer import Row, Writer

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
PAST = {"achieve": "achieved", "pause": "paused", "resume": "resumed", "drop": "dropped"}


def get_goal(*, db: Writer, number: int) -> Row:
    return record_row(db=db, kind=RecordKind.GOAL, number=number)


def add_goal(
    *,
    db: Writer,
    client: Row,
    title: str,
    outcome: str | None = None,
    measure: str | None = None,
    target_date: date | None = None,
) -> Row:
    """Add an active goal at 0 % progress."""
    coach_only(db, client.id, "only your coach adds goals")
    return db.insert(
        "goal",
        client_id=client.id,
        title=require_text(title, "goal title").strip(),
        outcome=optional_text(outcome, "outcome"),
        measure=optional_text(measure, "measure"),
        target_date=target_date,
    )


def check_progress(progress: int) -> int:
    if not 0 <= progress <= 100:
        raise BadInput(f"progress is a percentage from 0 to 100, not {progress}.")
    return progress


def record_progress(
    *, db: Writer, goal: Row, progress: int, at: datetime | None = None, note: str | None = None
) -> Row:
    """Keep a check-in (at `at`, now when None; it may be back-dated
    anywhere); the goal shows the progress of its latest check-in.
    `goal` is updated in place, as every change here updates its row."""
    if goal.status not in (GoalStatus.ACTIVE, GoalStatus.PAUSED):
        raise Conflict(
            f"goal {display_id(RecordKind.GOAL, goal.id)} is {goal.status}; "
            f"`coachlog goal resume {display_id(RecordKind.GOAL, goal.id)}` reopens it."
        )
    add_event(
        db,
        "goal_update",
        goal,
        at=utc(db.now() if at is None else at),
        progress=check_progress(progress),
        note=optional_text(note, "note"),
    )
    latest = db.value(
        "SELECT progress FROM goal_update WHERE goal_id = :goal "
        "ORDER BY at DESC, seq DESC, uuid DESC LIMIT 1",
        goal=goal.id,
    )
    db.update("goal", goal.id, progress=latest)
    goal["progress"] = latest
    return goal


def move_goal(
    *, db: Writer, goal: Row, move: str, at: datetime | None = None, note: str | None = None
) -> Row:
    """achieve, pause, resume or drop, kept in the goal's history.

    Achieving a goal sets its progress to 100 %. `at` is when (now when
    None); it cannot come before the goal's latest check-in or status
    change, since a goal's history is read in order of time.
    """
    allowed_from, target = MOVES[move]
    coach_only(
        db, goal.client_id, f"only your coach {move}s goal {display_id(RecordKind.GOAL, goal.id)}"
    )
    if goal.status not in allowed_from:
        possible = sorted(name for name, (sources, _) in MOVES.items() if goal.status in sources)
        raise Conflict(
            f"goal {display_id(RecordKind.GOAL, goal.id)} is {goal.status}, so it cannot "
            f"{move}; from {goal.status} it can {' or '.join(possible)}."
        )
    progress = 100 if target == GoalStatus.ACHIEVED else goal.progress
    note = optional_text(note, "note")
    add_event(
        db,
        "goal_update",
        goal,
        at=when_it_happened(db, "goal_update", goal, at, PAST[move]),
        progress=progress,
        status=target.value,
        note=note,
    )
    # What the history says, read as every store reads it: a clock behind a
    # check-in already kept (another machine's) cannot leave the two apart.
    kept = derived(db, "goal", goal.id)
    db.update("goal", goal.id, **kept)
    goal.update(kept)
    return goal


def edit_goal(
    *,
    db: Writer,
    goal: Row,
    title: str | None = None,
    outcome: str | None = None,
    measure: str | None = None,
    target_date: date | None = None,
) -> None:
    """Change the given fields; blank text clears an optional one."""
    if all(value is None for value in (title, outcome, measure, target_date)):
        raise BadInput("nothing to change; give --title, --outcome, --measure or --by.")
    coach_only(
        db, goal.client_id, f"only your coach edits goal {display_id(RecordKind.GOAL, goal.id)}"
    )
    changes: dict = {}
    if title is not None:
        changes["title"] = require_text(title, "goal title").strip()
    if outcome is not None:
        changes["outcome"] = optional_text(outcome, "outcome")
    if measure is not None:
        changes["measure"] = optional_text(measure, "measure")
    if target_date is not None:
        changes["target_date"] = target_date
    db.update("goal", goal.id, **changes)
    goal.update(changes)
