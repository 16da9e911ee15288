"""`coachlog undo`: take the last change back."""

from __future__ import annotations

from typing import Annotated

import typer

from coachlog.cli.common import out, reading, writing


def undo(
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", "--show", help="Say what undo would take back; change nothing."),
    ] = False,
) -> None:
    """Take back the last change a command made, and say what it was.

    Only the last change can be undone, once: run again, undo says there is
    nothing to undo. An import, a receive, a share, a purge or a restore
    cannot be undone (undo says why and what to do instead), nor can a change
    made before one of them.
    """
    from coachlog import dates
    from coachlog.journal import undo as undoing
    from coachlog.render.text import when

    if dry_run:
        with reading() as reader:
            change = undoing.last_change(reader)
            effects = undoing.effects(reader, change)
        out().done(f"Would undo: {change.command} ({when(change.at)})")
        for effect in effects:
            out().done(f"  {effect}")
        return
    with writing() as db:
        change = undoing.undo(db=db, now=dates.local_now())
    out().done(f"Undid: {change.command} ({when(change.at)})")
