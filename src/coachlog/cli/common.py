"""What the command modules share: options defined once, the store, output.

Kept light: importing this module must not import the ORM.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from coachlog import dates
from coachlog.kinds import RecordKind, parse_display_id

if TYPE_CHECKING:
    from coachlog.lookup import ClientRef
    from coachlog.readers import Reader
    from coachlog.render.output import Output
    from coachlog.store import Location
    from coachlog.writer import Writer


@dataclass
class Settings:
    """What the root command's options set for the run."""

    db: str | None = None
    _output: Output | None = None

    @property
    def output(self) -> Output:
        # Made on first use: `--help` never needs Rich's console.
        if self._output is None:
            from coachlog.render.output import Output

            self._output = Output()
        return self._output

    def reset(self) -> None:
        from coachlog import config

        self.db, self._output = None, None
        config.reset()
        dates.take_notes()  # a note belongs to the run that read the date

    @property
    def location(self) -> Location:
        from coachlog.store import resolve

        return resolve(self.db)


settings = Settings()


def out() -> Output:
    return settings.output


@contextmanager
def reading() -> Iterator[Reader]:
    from coachlog.store import reading as open_reading

    with open_reading(settings.location) as reader:
        yield reader


@contextmanager
def writing() -> Iterator[Writer]:
    """One write transaction through plain SQL: no ORM on the write path."""
    from coachlog.store import writing_sql

    with writing_sql(settings.location, command=_command_name()) as db:
        yield db


def _command_name() -> str | None:
    """The command running (`session add`): its change is kept under this
    name for `coachlog undo`."""
    from typer._click.globals import get_current_context  # vendored Click, as in app.py

    context = get_current_context(silent=True)
    return context.command_path.partition(" ")[2] or None if context is not None else None


# --- options defined once ---------------------------------------------------

Json = Annotated[bool, typer.Option("--json", help="Print JSON on stdout instead of a view.")]
Client = Annotated[
    str,
    typer.Argument(help="Client handle, or a unique start of handle or name.", metavar="CLIENT"),
]
OptionalClient = Annotated[
    str | None,
    typer.Argument(
        help="Client handle or unique prefix; defaults to $COACHLOG_CLIENT, the config "
        "file's `client`, or the only active client.",
        show_default=False,
        metavar="[CLIENT]",
    ),
]
Note = Annotated[
    str | None,
    typer.Option("--note", metavar="TEXT", help="Why, in the client's or coach's words."),
]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
LISTED = 50  # what a listing shows unless told --limit N or --all
Limit = Annotated[
    int | None,
    typer.Option(
        "--limit",
        metavar="N",
        min=1,
        max=10**9,  # past this it is --all; a 64-bit overflow in SQL otherwise
        help=f"Show at most N (default {LISTED}).",
        show_default=False,
    ),
]
Everything = Annotated[bool, typer.Option("--all", help=f"Show all, not only the first {LISTED}.")]
NoPager = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Do not page. A listing taller than the terminal goes through "
        "$COACHLOG_PAGER, else $PAGER, else less; COACHLOG_PAGER='' or PAGER=cat turns "
        "paging off for good. Piped output and --json are never paged.",
    ),
]


def listed(limit: int | None, everything: bool) -> int | None:
    """How many a listing shows: `--limit N`, all with `--all`, else LISTED."""
    if everything and limit is not None:
        from coachlog.errors import BadInput

        raise BadInput("give --limit N or --all, not both.")
    return None if everything else limit or LISTED


def tell_more(more: int, noun: str) -> None:
    """Say on stderr what a bounded listing left out."""
    if more:
        out().note(f"{more:,} more {noun} not shown; --limit N or --all shows them.")


def check_arguments(args: Sequence[str]) -> None:
    """Refuse an argument that is not text: bytes that are not UTF-8 reach
    Python as lone surrogates, which no store, file or terminal can hold."""
    for position, argument in enumerate(args, start=1):
        text_or_refusal(argument, f"argument {position}")


def text_or_refusal(value: str, what: str) -> str:
    """`value` when it is UTF-8 text, else a BadInput naming `what`."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        from coachlog.errors import BadInput

        shown = repr(value)  # escapes the surrogates: safe to print
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        raise BadInput(
            f"{what} ({shown}) is not UTF-8 text; set the terminal, or the file it came "
            "from, to UTF-8."
        ) from None
    return value


def record_number(text: str, kind: RecordKind) -> int:
    return parse_display_id(text, kind)


def tell_date_notes() -> None:
    """Say on stderr how an ambiguous date was read (dates.py collects the
    notes; it prints nothing itself)."""
    for note in dates.take_notes():
        out().note(f"Note: {note}")


def when(text: str) -> datetime:
    """A moment: a bare day means `default_time` on that day."""
    at = dates.parse_when(text)
    tell_date_notes()
    return at


def when_or_now(text: str | None) -> datetime:
    return dates.local_now() if text is None else when(text)


def day(text: str | None) -> date | None:
    if text is None:
        return None
    parsed = dates.parse_date(text)
    tell_date_notes()
    return parsed


def duration(text: str | None) -> int | None:
    return None if text is None else dates.parse_duration(text)


def warn_if_archived(client) -> None:
    """Logging to an archived client goes on (the coach may be back-filling),
    with one line on stderr saying so and how to bring them back. `client`
    is the client's row (its `handle` and `status`)."""
    if client.status == "closed":
        out().note(
            f"Warning: {client.handle} is archived; this is recorded all the same "
            f"(`coachlog client reactivate {client.handle}` brings them back)."
        )


def config_client() -> str | None:
    """`client` from the config file (`$COACHLOG_CONFIG`, or the user config dir)."""
    from coachlog import config

    return config.get("client")


def default_client(reader: Reader, text: str | None) -> ClientRef | None:
    """The client a command means when CLIENT may be left out (DESIGN §3):
    the argument, `$COACHLOG_CLIENT`, the config file, the only active
    client; None when none of these names one."""
    from coachlog.queries.common import find_client, only_active_client

    chosen = text or os.environ.get("COACHLOG_CLIENT") or config_client()
    if chosen and not text:
        text_or_refusal(chosen, "$COACHLOG_CLIENT")
    if chosen:
        return find_client(reader, chosen)
    return only_active_client(reader)
