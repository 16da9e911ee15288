"""`coachlog export` and `coachlog import`: the coach's data, out and back in."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coachlog.cli.common import out, reading, settings, writing_orm
from coachlog.cli.reports import Force

LARGE_IMPORT = 5_000  # records from which a terminal gets a progress bar
PRIVATE_COLUMN = "private_notes"  # the coach's alone: in csv only with --include-private


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    ICS = "ics"


def _journals(reader, client_id: int | None):
    from coachlog import dates
    from coachlog.queries import agreements
    from coachlog.queries.advice import advice_list
    from coachlog.queries.goals import goals_of
    from coachlog.queries.requests import request_list
    from coachlog.queries.reviews import brief
    from coachlog.queries.sessions import session_list
    from coachlog.render.export import Journal

    today = dates.today()
    if client_id is None:
        ids = [
            row["id"]
            for row in reader.rows(
                "SELECT id FROM client WHERE deleted_at IS NULL ORDER BY lower(name), handle"
            )
        ]
    else:
        ids = [client_id]
    return [
        Journal(
            client=brief(reader, number),
            agreement=agreements.current(reader, number),
            goals=goals_of(reader, number),
            sessions=session_list(reader, client_id=number, status="held", oldest_first=True),
            requests=request_list(reader, today=today, client_id=number, states=None),
            advice=advice_list(reader, client_id=number),
        )
        for number in ids
    ]


def _calendar(reader, client_id: int | None, now) -> bytes:
    from coachlog.queries.requests import request_list
    from coachlog.queries.sessions import session_list
    from coachlog.render.export import calendar

    planned = session_list(
        reader, client_id=client_id, since=now, status="planned", oldest_first=True
    )
    commitments = request_list(reader, today=now.date(), client_id=client_id, states=("accepted",))
    names = {row["handle"]: row["name"] for row in reader.rows("SELECT handle, name FROM client")}
    return calendar(planned, commitments, names, now=now)


def export(
    format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="json: the coach's full backup, PRIVATE NOTES INCLUDED (never for a "
            "client); csv: a folder of tables, private notes left out unless "
            "--include-private; markdown: one client's journal, for the client (no private "
            "notes); ics: planned sessions and commitments.",
        ),
    ],
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
    from coachlog.queries.export import records, stream_document
    from coachlog.render.export import csv_tables, markdown_journal

    _check_choices(format, client=client, all_clients=all_clients, private=include_private)
    store = settings.location.path
    if format == ExportFormat.CSV and out_path is None:
        raise BadInput("a csv export is a folder of files: give it with --out FOLDER.")
    if format == ExportFormat.CSV:
        from coachlog.exchange import KINDS

        names = [f"{kind.key}.csv" for kind in KINDS]
        check_export_folder(out_path, names, force=force, store=store)
    elif out_path is not None:
        check_destination(out_path, force=force, store=store)
    now = dates.local_now()
    with reading() as reader:
        client_id = None if client is None else find_client(reader, client).id
        if format == ExportFormat.JSON:
            # Written as it is read, inside the read: never whole in memory.
            pieces = stream_document(reader, now=now, client_id=client_id)
            if out_path is None:
                for piece in pieces:
                    out().raw(piece)
                return
            write_private(out_path, pieces, force=force, store=store)
            out().note(f"Wrote the {format} export to {out_path}")
            return
        if format == ExportFormat.CSV:
            tables = csv_tables(records(reader, client_id=client_id))
            if not include_private:
                tables = {name: _without_private(text) for name, text in tables.items()}
        elif format == ExportFormat.MARKDOWN:
            content = markdown_journal(_journals(reader, client_id), generated=now)
        else:
            content = _calendar(reader, client_id, now)
    if format == ExportFormat.CSV:
        write_private_folder(out_path, tables, force=force, store=store)
        out().note(f"Wrote {len(tables)} CSV files to {out_path}")
        if include_private:
            out().note("sessions.csv holds private notes: keep it for yourself.")
        else:
            out().note("Private notes were left out (--include-private writes them).")
    elif out_path is not None:
        write_private(out_path, content, force=force, store=store)
        out().note(f"Wrote the {format} export to {out_path}")
    elif isinstance(content, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
    else:
        out().raw(content)


def _check_choices(format: ExportFormat, *, client, all_clients: bool, private: bool) -> None:
    """Refuse the combinations that would hand a client what is not theirs."""
    from coachlog.errors import BadInput

    if client is not None and all_clients:
        raise BadInput("give --client CLIENT or --all-clients, not both.")
    if format == ExportFormat.MARKDOWN and client is None and not all_clients:
        raise BadInput(
            "a markdown journal is for one client: give --client CLIENT (or --all-clients "
            "to write every client's journal into one file, knowingly)."
        )
    if private and format in (ExportFormat.MARKDOWN, ExportFormat.ICS):
        raise BadInput(
            f"a {format} export never holds private notes; --include-private is for csv "
            "(json always holds them)."
        )


def _without_private(table: str) -> str:
    """A CSV table without its private notes column (rows otherwise as written)."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(table, newline="")))
    if not rows or PRIVATE_COLUMN not in rows[0]:
        return table
    dropped = rows[0].index(PRIVATE_COLUMN)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([cell for index, cell in enumerate(row) if index != dropped] for row in rows)
    return buffer.getvalue()


def import_(
    file: Annotated[
        Path, typer.Argument(help="A coachlog JSON export ('-' for stdin).", metavar="FILE")
    ],
) -> None:
    """Import a JSON export: merged by uuid, the newer change winning; all or
    nothing, and importing the same file twice changes nothing."""
    from coachlog.journal.importing import (
        check_document,
        import_records,
        parse_document,
        read_document,
    )

    source = "stdin" if str(file) == "-" else str(file)
    text = read_document(None if str(file) == "-" else str(file), source)
    checked = check_document(parse_document(text, source))
    total = sum(len(found) for found in checked.values())
    with ImportProgress(total) as advance, writing_orm() as db:
        summary = import_records(db=db, records=checked, progress=advance)
    out().done(
        f"Imported {source}: {summary.total('added')} added, {summary.total('updated')} "
        f"updated, {summary.total('unchanged')} unchanged"
        + (f", {summary.erased} skipped: erased in this store" if summary.erased else "")
    )


class ImportProgress:
    """A Rich progress bar on a terminal for a large import; silent otherwise."""

    def __init__(self, total: int) -> None:
        self.total, self.bar = total, None

    def __enter__(self):
        if self.total < LARGE_IMPORT or not sys.stderr.isatty():
            return None
        from rich.progress import Progress

        self.bar = Progress(console=out().stderr, transient=True)
        self.bar.start()
        task = self.bar.add_task("Importing", total=self.total)
        return lambda kind, count: self.bar.update(task, advance=count, description=kind)

    def __exit__(self, *exc_info) -> None:
        if self.bar is not None:
            self.bar.stop()
