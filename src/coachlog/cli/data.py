"""`coachlog export` and `coachlog import`: the coach's data, out and back in."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coachlog.cli.common import out, reading, settings, writing
from coachlog.cli.reports import Force
from coachlog.render.export import EXPORTS

LARGE_IMPORT = 2 * 2**20  # bytes (about 5,000 records) from which a terminal gets a progress bar

# `export -f`: the formats registered in render/export.py.
ExportName = StrEnum("ExportName", [(name.upper(), name) for name in EXPORTS])
FORMATS_HELP = "; ".join(f"{name}: {form.help}" for name, form in EXPORTS.items()) + "."


def export(
    format: Annotated[ExportName, typer.Option("--format", "-f", help=FORMATS_HELP)],
    client: Annotated[
        str | None, typer.Option("--client", metavar="CLIENT", help="One client only.")
    ] = None,
    all_clients: Annotated[
        bool,
        typer.Option(
            "--all-clients",
            help="markdown: write every client's journal into one file, knowingly "
            "(a file for you, not for a client).",
        ),
    ] = False,
    include_private: Annotated[
        bool,
        typer.Option(
            "--include-private",
            help="csv: also write the sessions' PRIVATE NOTES (the coach's eyes only).",
        ),
    ] = False,
    out_path: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="PATH",
            help="A new file (a folder for csv), 0600; default stdout. Never the store or "
            "its backups.",
        ),
    ] = None,
    force: Force = False,
) -> None:
    """Export the store: a complete JSON copy, CSV tables, a Markdown journal
    or an iCalendar file. Files are written 0600.

    The JSON export is the coach's full backup: it holds every private note,
    so it is never the way to give a client their data (`coachlog share`
    is). A Markdown journal is for one client (--client); CSV leaves private
    notes out unless --include-private."""

    from coachlog import dates
    from coachlog.errors import BadInput
    from coachlog.files import (
        check_destination,
        check_export_folder,
        write_private,
        write_private_folder,
    )
    from coachlog.queries.common import find_client
    from coachlog.render.export import Chosen

    chosen_format = EXPORTS[format]
    _check_choices(format, client=client, all_clients=all_clients, private=include_private)
    store = settings.location.path
    if chosen_format.files is not None:
        if out_path is None:
            raise BadInput(f"a {format} export is a folder of files: give it with --out FOLDER.")
        check_export_folder(out_path, chosen_format.files(), force=force, store=store)
    elif out_path is not None:
        check_destination(out_path, force=force, store=store)
    with reading() as reader:
        client_id = None if client is None else find_client(reader, client).id
        chosen = Chosen(client_id=client_id, now=dates.local_now(), include_private=include_private)
        # Written inside the read, as it is read: the JSON export is never whole in memory.
        content = chosen_format.write(reader, chosen)
        if out_path is None:
            _to_stdout(content)
            return
        if chosen_format.files is None:
            write_private(out_path, content, force=force, store=store)
        else:
            write_private_folder(out_path, content, force=force, store=store)
    if chosen_format.files is None:
        out().note(f"Wrote the {format} export to {out_path}")
    else:
        out().note(f"Wrote {len(content)} {format.upper()} files to {out_path}")
    for note in chosen_format.said_after(chosen) if chosen_format.said_after else ():
        out().note(note)


def _to_stdout(content) -> None:
    """An export to stdout: text with its control characters made harmless,
    bytes (a calendar, made safe as it was written) as they are."""
    if isinstance(content, bytes):
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a stdout that takes text only (a program running coachlog's main)
            sys.stdout.write(content.decode("utf-8"))
            return
        sys.stdout.flush()
        buffer.write(content)
        return
    for piece in [content] if isinstance(content, str) else content:
        out().raw(piece)


def _check_choices(format: str, *, client, all_clients: bool, private: bool) -> None:
    """Refuse the combinations that would hand a client what is not theirs."""
    from coachlog.errors import BadInput

    chosen = EXPORTS[format]
    if client is not None and all_clients:
        raise BadInput("give --client CLIENT or --all-clients, not both.")
    if chosen.one_client and client is None and not all_clients:
        noun = chosen.one_client
        raise BadInput(
            f"a {format} {noun} is for one client: give --client CLIENT (or --all-clients "
            f"to write every client's {noun} into one file, knowingly)."
        )
    if private and chosen.private == "never":
        optional = ", ".join(name for name, form in EXPORTS.items() if form.private == "optional")
        always = ", ".join(name for name, form in EXPORTS.items() if form.private == "always")
        raise BadInput(
            f"a {format} export never holds private notes; --include-private is for "
            f"{optional} ({always} always holds them)."
        )


def import_(
    file: Annotated[
        Path, typer.Argument(help="A coachlog JSON export ('-' for stdin).", metavar="FILE")
    ],
) -> None:
    """Import a JSON export: merged by uuid, the newer change winning; all or
    nothing, and importing the same file twice changes nothing."""
    from coachlog.journal.common import no_import_here
    from coachlog.journal.importing import import_export, open_export

    source = "stdin" if str(file) == "-" else str(file)
    # Read up to its records before the store is opened: a file that is not
    # an export never creates or locks a store.
    with (
        open_export(None if str(file) == "-" else str(file), source) as document,
        ImportProgress(document.size) as advance,
        writing() as db,
    ):
        no_import_here(db)
        summary = import_export(db=db, document=document, progress=advance)
    out().done(
        f"Imported {source}: {summary.total('added')} added, {summary.total('updated')} "
        f"updated, {summary.total('unchanged')} unchanged"
        + (f", {summary.erased} skipped: erased in this store" if summary.erased else "")
    )


class ImportProgress:
    """A Rich progress bar on a terminal for a large import file (by the
    bytes read: the file streams, its records are not counted first);
    silent otherwise."""

    def __init__(self, total: int | None) -> None:
        self.total, self.bar = total, None

    def __enter__(self):
        if self.total is None or self.total < LARGE_IMPORT or not sys.stderr.isatty():
            return None
        from rich.progress import Progress

        self.bar = Progress(console=out().stderr, transient=True)
        self.bar.start()
        task = self.bar.add_task("Importing", total=self.total)
        return lambda kind, read: self.bar.update(task, completed=read, description=kind)

    def __exit__(self, *exc_info) -> None:
        if self.bar is not None:
            self.bar.stop()
