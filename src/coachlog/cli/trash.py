"""Deleting, the trash, and erasing for good."""

# No `from __future__ import annotations` here: `delete_command` builds its
# parameters' annotations from its arguments, which Typer must see evaluated.

import sys
from collections.abc import Callable
from typing import Annotated

import typer

from coachlog.cli.common import (
    Everything,
    Json,
    Limit,
    NoPager,
    Yes,
    listed,
    out,
    reading,
    tell_more,
    writing,
)
from coachlog.kinds import RecordKind

app = typer.Typer(no_args_is_help=True, help="See, restore or erase what was deleted.")

Purge = Annotated[
    bool, typer.Option("--purge", help="Erase for good instead of moving to the trash.")
]


def confirm_erase(what: str, yes: bool) -> None:
    """Erasing cannot be undone: a person confirms at a terminal, a script says --yes."""
    from coachlog.errors import BadInput, CoachlogError

    if yes:
        return
    if not sys.stdin.isatty():
        raise BadInput(f"erasing {what} cannot be undone; add --yes to confirm.")
    if not typer.confirm(f"Erase {what} for good? This cannot be undone.", default=False, err=True):
        raise CoachlogError("nothing was erased.")


def _erase(ref, yes: bool):
    """`trash purge`: confirm, erase, then tell what is left anywhere."""
    from coachlog import dates
    from coachlog.journal import trash

    confirm_erase("the whole trash" if ref is None else str(ref), yes)
    with writing() as db:
        erased = trash.purge(db=db, ref=ref, now=dates.local_now())
    if ref is None and not erased.count:
        out().done("The trash is empty: nothing to erase.")
        return erased
    records = "record" if erased.count == 1 else "records"
    done = (
        f"Erased {erased.named}"
        if ref is not None
        else f"Erased {erased.count} {records} from the trash"
    )
    _finish_erasing(done, clients=erased.clients)
    return erased


def _finish_erasing(done: str, *, clients: int) -> None:
    """Say "for good" only when it is: the log folded into the store and
    emptied. Name the backups that still hold a purged client's text."""
    from coachlog import store
    from coachlog.cli.common import settings

    location = settings.location
    if store.checkpoint(location):
        out().done(f"{done} for good")
    else:
        out().done(done)
        out().note(
            f"Its text is still in the store's write-ahead log ({location.path}-wal) while "
            "another program reads the store; it goes when that program closes the store "
            "(then any coachlog command finishes it, e.g. coachlog trash list)."
        )
    if clients and location.is_sqlite:
        folder = store.backups_dir(location)
        held = sorted(folder.glob("coachlog-*.db")) if folder.is_dir() else []
        if held:
            out().note(
                f"{len(held)} backup(s) in {folder} still hold what was erased; to erase it "
                "from them too: coachlog backup --prune (replaces them with one made now)."
            )


def remove(target: str, *, kind: RecordKind | None, purge: bool, yes: bool) -> None:
    """`… delete`: to the trash, or (with --purge) erased for good."""
    from coachlog import dates
    from coachlog.journal import trash
    from coachlog.kinds import parse_display_id
    from coachlog.queries.common import find_client

    if kind is None:
        with reading() as reader:  # a unique prefix names a client in use
            ref = trash.TrashRef(None, None, find_client(reader, target).handle)
    else:
        ref = trash.TrashRef(kind, parse_display_id(target, kind), None)
    noun = "client" if kind is None else kind.noun
    if purge:
        confirm_erase(f"{noun} {ref}", yes)
    with writing() as db:
        trash.delete(db=db, ref=ref, now=dates.local_now())
        if purge:
            trash.purge(db=db, ref=ref, now=dates.local_now())
        else:
            named = trash.unambiguous(db, ref)
    if purge:
        _finish_erasing(f"Erased {noun} {ref}", clients=int(kind is None))
    else:
        out().done(
            f"Moved {noun} {ref} to the trash (restore with: coachlog trash restore {named})"
        )


def delete_command(kind: RecordKind | None, metavar: str, example: str) -> Callable[..., None]:
    """A `delete` command for one noun: the same behaviour for every kind."""
    noun = "client" if kind is None else kind.noun

    def delete(
        target: Annotated[str, typer.Argument(help=f"The {noun} ({example}).", metavar=metavar)],
        purge: Purge = False,
        yes: Yes = False,
    ) -> None:
        remove(target, kind=kind, purge=purge, yes=yes)

    extra = " and everything of theirs" if kind is None else ""
    delete.__doc__ = f"Move a {noun}{extra} to the trash, restorable; --purge erases it for good."
    return delete


@app.command("list")
def list_(
    limit: Limit = None,
    everything: Everything = False,
    no_pager: NoPager = False,
    json: Json = False,
) -> None:
    """What is in the trash, newest first."""
    from coachlog.queries.trash import trash_page
    from coachlog.render.views import trash_table

    with reading() as reader:
        found = trash_page(reader, limit=listed(limit, everything))
    if json:
        out().json({"trash": found.shown, "more": found.more})
    else:
        out().show(trash_table(found.shown, plain=out().plain), page=not no_pager)
    tell_more(found.more, "trashed records")


@app.command("restore")
def restore(
    target: Annotated[
        str,
        typer.Argument(
            help="An id (G3) or a client handle; session:S3 or client:HANDLE says which.",
            metavar="ID",
        ),
    ],
) -> None:
    """Bring something back from the trash (a client comes back with all of theirs)."""
    from coachlog.journal import trash

    ref = trash.parse_ref(target)
    with writing() as db:
        restored = trash.restore(db=db, ref=ref)
    theirs = " with everything of theirs" if restored.startswith("client ") else ""
    out().done(f"Restored {restored}{theirs}")


@app.command("purge")
def purge(
    target: Annotated[
        str | None,
        typer.Argument(
            help="One id or client handle (session:S3 or client:HANDLE says which); "
            "default: all of it.",
            metavar="[ID]",
        ),
    ] = None,
    yes: Yes = False,
) -> None:
    """Erase what is in the trash for good, leaving no trace in the store file."""
    from coachlog.journal import trash

    _erase(None if target is None else trash.parse_ref(target), yes)
