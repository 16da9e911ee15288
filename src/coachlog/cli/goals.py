"""`coachlog goal …`: goals and their progress check-ins."""

from __future__ import annotations

from typing import Annotated

import typer

from coachlog.cli.common import Client, Json, Note, day, out, reading, record_number, writing
from coachlog.cli.requests import On, happened_at
from coachlog.cli.trash import delete_command
from coachlog.kinds import RecordKind, display_id

app = typer.Typer(no_args_is_help=True, help="Add goals, record progress, change their status.")

GoalId = Annotated[str, typer.Argument(help="Goal id, e.g. G3 (or 3).", metavar="GOAL")]
Outcome = Annotated[
    str | None, typer.Option("--outcome", metavar="TEXT", help="What success looks like.")
]
Measure = Annotated[
    str | None, typer.Option("--measure", metavar="TEXT", help="How you will know.")
]
By = Annotated[
    str | None, typer.Option("--by", metavar="WHEN", help="Target date: 'March 31', 'in 8 weeks'.")
]


def _goal_view(number: int):
    from coachlog.queries.goals import goal_detail

    with reading() as reader:
        return goal_detail(reader, number)


def _print_goal(number: int) -> None:
    from coachlog import dates
    from coachlog.render.views import goal_card

    out().show(goal_card(_goal_view(number), plain=out().plain, today=dates.today()))


@app.command("add")
def add(
    client: Client,
    title: Annotated[str, typer.Argument(help="The goal, in the client's words.", metavar="TITLE")],
    outcome: Outcome = None,
    measure: Measure = None,
    by: By = None,
    json: Json = False,
) -> None:
    """Add a goal for a client."""
    from coachlog.cli.common import warn_if_archived
    from coachlog.journal.common import client_row
    from coachlog.journal.goals import add_goal
    from coachlog.queries.goals import goal_detail

    with writing() as db:
        record = client_row(db=db, text=client)
        warn_if_archived(record)  # logged all the same: back-filling
        goal = add_goal(
            db=db,
            client=record,
            title=title,
            outcome=outcome,
            measure=measure,
            target_date=day(by),
        )
        if json:  # read back in the same transaction: the store is not opened again
            out().json(goal_detail(db, goal.id))
            return
    out().done(f"Added goal {display_id(RecordKind.GOAL, goal.id)} for {record.handle}")


@app.command("progress")
def progress(
    goal: GoalId,
    percent: Annotated[
        str, typer.Argument(help="Progress from 0 to 100 (a % sign is fine).", metavar="PERCENT")
    ],
    note: Note = None,
    on: On = None,
) -> None:
    """Record a progress check-in; every check-in is kept."""
    from coachlog.errors import BadInput
    from coachlog.journal.goals import get_goal, record_progress

    number = record_number(goal, RecordKind.GOAL)
    try:
        value = int(percent.strip().removesuffix("%"))
    except ValueError:
        raise BadInput(f"progress is a whole percentage from 0 to 100, not {percent!r}.") from None
    at = happened_at(on)
    with writing() as db:
        record = get_goal(db=db, number=number)
        before = record.progress
        record_progress(db=db, goal=record, progress=value, at=at, note=note)
        after = record.progress
    change = f"{after}%" if before == after else f"{after}% (was {before}%)"
    out().done(f"Goal {display_id(RecordKind.GOAL, number)} is at {change}")


def _move(goal: str, move: str, note: str | None, on: str | None, said: str) -> None:
    from coachlog.journal.goals import get_goal, move_goal

    number = record_number(goal, RecordKind.GOAL)
    at = happened_at(on)
    with writing() as db:
        move_goal(db=db, goal=get_goal(db=db, number=number), move=move, at=at, note=note)
    out().done(f"Goal {display_id(RecordKind.GOAL, number)} {said}")


@app.command("achieve")
def achieve(goal: GoalId, note: Note = None, on: On = None) -> None:
    """Mark a goal achieved (progress 100 %)."""
    _move(goal, "achieve", note, on, "achieved")


@app.command("pause")
def pause(goal: GoalId, note: Note = None, on: On = None) -> None:
    """Pause a goal; resume it later."""
    _move(goal, "pause", note, on, "paused")


@app.command("resume")
def resume(goal: GoalId, note: Note = None, on: On = None) -> None:
    """Make a paused, dropped or achieved goal active again."""
    _move(goal, "resume", note, on, "is active again")


@app.command("drop")
def drop(goal: GoalId, note: Note = None, on: On = None) -> None:
    """Drop a goal: the client chose to stop pursuing it."""
    _move(goal, "drop", note, on, "dropped")


@app.command("edit")
def edit(
    goal: GoalId,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TITLE", help="New title.")
    ] = None,
    outcome: Outcome = None,
    measure: Measure = None,
    by: By = None,
) -> None:
    """Change a goal's title, outcome, measure or target date."""
    from coachlog.journal.goals import edit_goal, get_goal

    number = record_number(goal, RecordKind.GOAL)
    with writing() as db:
        edit_goal(
            db=db,
            goal=get_goal(db=db, number=number),
            title=title,
            outcome=outcome,
            measure=measure,
            target_date=day(by),
        )
    out().done(f"Updated goal {display_id(RecordKind.GOAL, number)}")


@app.command("show")
def show(goal: GoalId, json: Json = False) -> None:
    """Show a goal with its whole check-in history."""
    number = record_number(goal, RecordKind.GOAL)
    if json:
        out().json(_goal_view(number))
    else:
        _print_goal(number)


app.command("delete")(delete_command(RecordKind.GOAL, "GOAL", "G3"))
