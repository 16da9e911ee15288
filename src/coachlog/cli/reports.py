"""`coachlog report`: the engagement's progress, in any format."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from coachlog.cli.common import Client, out, reading, settings

# Shared by every command that writes a file with --out.
Force = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Replace an existing --out file (never the store, its -wal/-shm or its backups).",
    ),
]


class ReportFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    HTML = "html"


def report(
    client: Client,
    since: Annotated[
        str | None, typer.Option("--since", metavar="WHEN", help="Start (default: the beginning).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="WHEN", help="End (default: today).")
    ] = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="How to write it.")
    ] = ReportFormat.TEXT,
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="Write to a new file (0600); never over the store or its backups.",
        ),
    ] = None,
    force: Force = False,
) -> None:
    """A progress report: the engagement, momentum, each goal with its
    target and check-ins, the requests made for it and the client's answers,
    the advice offered, and the highlights of the period's sessions. The
    coach is named from `coach_name` in the config file.

    Client-facing: private notes never appear in any format.
    """
    from coachlog import config, dates
    from coachlog.errors import BadInput
    from coachlog.files import check_destination, write_private
    from coachlog.queries.common import find_client
    from coachlog.queries.report import progress_report
    from coachlog.render.report import FORMATS, text_view

    start = None if since is None else dates.parse_since(since)
    end = dates.parse_until(until or "today")
    if start is not None and start >= end:
        raise BadInput("--since must come before --until.")
    store = settings.location.path
    if out_file is not None:
        check_destination(out_file, force=force, store=store)
    with reading() as reader:
        found = progress_report(
            reader,
            find_client(reader, client).id,
            since=start,
            until=end,
            now=dates.local_now(),
            coach=config.get("coach_name"),
        )
    if out_file is not None:
        write_private(out_file, FORMATS[format](found), force=force, store=store)
        out().note(f"Wrote the {format} report to {out_file}")
    elif format == ReportFormat.TEXT:
        out().show(text_view(found, plain=out().plain))
    else:
        out().raw(FORMATS[format](found))
