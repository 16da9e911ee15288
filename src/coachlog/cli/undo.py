"""`coachlog undo`: take the last change back."""

from __future__ import annotations

from typing import Annotated

import typer

from coachlog.cli.common import Yes, out, reading, writing


def undo(
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", "--show", help="Say what undo would take back; change nothing."),
    ] = False,
    yes: Yes = False,
) -> None:
    """Take back the last change a command made, and say what it was.

    Only the last change can be undone, once: run again, undo says there is
    nothing to undo. An import, a receive, a share, a purge or a restore
    cannot be undone (undo says why and what to do instead), nor can a change
    made before one of them. Undo asks first (or takes --yes) when it would
    discard a session's notes that the change wrote.
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
    if not yes:
        with reading() as reader:
            change = undoing.last_change(reader)
            lost = undoing.notes_lost(reader, change)
        if lost:
            _confirm_losing(change.command, lost)
    with writing() as db:
        change = undoing.undo(db=db, now=dates.local_now())
    if change.discarded:  # the notes leave no trace in the write-ahead log either
        from coachlog import store
        from coachlog.cli.common import settings

        store.checkpoint(settings.location)
    out().done(f"Undid: {change.command} ({when(change.at)})")


def _confirm_losing(command: str, sessions: list[str]) -> None:
    """Undo never drops written notes without a yes: at a terminal it asks,
    elsewhere it refuses and names --yes."""
    from coachlog.errors import BadInput, CoachlogError

    named = ", ".join(sessions)
    what = f"undoing {command} discards the notes it wrote in session {named}"
    if not _at_a_terminal():
        raise BadInput(f"{what}; add --yes to undo it all the same.")
    if not typer.confirm(f"{what[0].upper()}{what[1:]}. Undo it?", default=False, err=True):
        raise CoachlogError("nothing was undone.")


def _at_a_terminal() -> bool:
    import sys

    return sys.stdin.isatty()
