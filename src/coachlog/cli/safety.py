"""`coachlog backup`, `restore` and `doctor`: keeping a year of notes safe."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coachlog.cli.common import Json, Yes, out, settings


def backup(
    dest: Annotated[
        Path | None,
        typer.Argument(
            help="A new file, or a folder; default: backups/ beside the store, "
            "keeping the newest ten.",
            metavar="[DEST]",
        ),
    ] = None,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune",
            help="Then erase every other backup in backups/ beside the store (after "
            "erasing a client, so old backups no longer hold their notes).",
        ),
    ] = False,
    yes: Yes = False,
) -> None:
    """Back the store up, safely even while another coachlog writes to it."""
    from coachlog import backups, dates

    folder = None
    if prune:
        from coachlog.cli.trash import confirm_erase
        from coachlog.errors import BadInput

        if dest is not None:
            raise BadInput(
                "--prune makes its fresh backup in backups/ beside the store; leave out DEST."
            )
        folder = backups.default_folder(settings.location)
        confirm_erase(f"every backup in {folder} but the fresh one made now", yes)
    made = backups.backup(settings.location, dest, now=dates.local_now())
    out().done(f"Backed up to {made}")
    if folder is not None:
        removed = backups.prune(folder, made)
        out().done(
            f"Erased {len(removed)} other backup file(s) from {folder}; "
            "backups you keep elsewhere are not touched."
        )


def restore(
    src: Annotated[Path, typer.Argument(help="A backup to restore.", metavar="SRC")],
    yes: Yes = False,
) -> None:
    """Replace the store with a backup. The backup is checked first, and the
    store it replaces is itself backed up."""
    from coachlog import backups, dates
    from coachlog.cli.trash import confirm_erase

    problems = backups.check_file(src, schema=True)
    if problems:
        from coachlog.errors import BadInput

        raise BadInput(f"{src} cannot be restored: {problems[0]}. The store was not touched.")
    confirm_erase(f"the store's present content (it is backed up first) in favour of {src}", yes)
    saved = backups.restore(settings.location, src, now=dates.local_now())
    kept = f"; the store as it was is in {saved}" if saved else ""
    out().done(f"Restored {src}{kept}")


def doctor(json: Json = False) -> None:
    """Check the store: where it is, its size, schema, journal mode,
    permissions, integrity and newest backup. Exits 1 when something is wrong."""
    from coachlog import backups
    from coachlog.render.views import health_view

    health = backups.doctor(settings.location)
    if json:
        out().json({**vars(health), "ok": health.ok})
    else:
        out().show(health_view(health))
    if not health.ok:
        raise typer.Exit(1)
