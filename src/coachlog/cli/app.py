"""The root Typer app, its sub-apps, and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Annotated

import typer
from typer._click.exceptions import NoArgsIsHelpError  # vendored Click, stable since 0.26

from coachlog import __version__
from coachlog.cli import (
    advice,
    agreements,
    clients,
    data,
    demo,
    goals,
    reports,
    requests,
    reviews,
    safety,
    search,
    sessions,
    trash,
)
from coachlog.cli.common import settings
from coachlog.errors import CoachlogError

app = typer.Typer(
    name="coachlog",
    help="A coaching journal: agreements, goals, sessions, requests and advice.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(clients.app, name="client")
app.add_typer(agreements.app, name="agreement")
app.add_typer(goals.app, name="goal")
app.add_typer(sessions.app, name="session")
app.add_typer(requests.app, name="request")
app.add_typer(advice.app, name="advice")
app.add_typer(trash.app, name="trash")
app.command("requests")(requests.requests)
app.command("goals")(reviews.goals)
app.command("schedule")(reviews.schedule)
app.command("prep")(reviews.prep)
app.command("agenda")(reviews.agenda)
app.command("report")(reports.report)
app.command("export")(data.export)
app.command("import")(data.import_)
app.command("search")(search.search)
app.command("backup")(safety.backup)
app.command("restore")(safety.restore)
app.command("doctor")(safety.doctor)
app.command("demo")(demo.demo)


def _version(value: bool) -> None:
    if value:
        print(f"coachlog {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Store: a SQLite file path or a SQLAlchemy URL. Default: $COACHLOG_DB, "
            "then the per-user data folder.",
            metavar="PATH_OR_URL",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """coachlog: a command-line coaching journal."""
    settings.db = db


def run(args: Sequence[str]) -> int:
    """Run one command; turn every failure into one `Error:` line and a code."""
    settings.reset()
    try:
        command = typer.main.get_command(app)
        result = command.main(list(args), prog_name="coachlog", standalone_mode=False)
    except CoachlogError as exc:
        settings.output.error(exc.message)
        return exc.exit_code
    except typer.Abort:
        settings.output.error("stopped.")
        return 130
    except NoArgsIsHelpError as exc:
        # `coachlog` or `coachlog goal` alone: Typer has shown the help; not an error.
        if exc.format_message().strip():
            settings.output.stdout.print(exc.format_message(), markup=False)
        return 0
    except typer.TyperException as exc:
        # Typer's own usage errors: a one-line message, and where to look.
        message = exc.format_message()
        context = getattr(exc, "ctx", None)
        hint = f" See `{context.command_path} --help`." if context is not None else ""
        settings.output.error(message.rstrip(".") + "." + hint)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`coachlog … | head`): not an error.
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115
        return 0
    except Exception as exc:  # a bug: still one line for the person, the trace on request
        if os.environ.get("COACHLOG_DEBUG"):
            raise
        settings.output.error(
            # The exception's text may quote a client's notes: name its type only.
            f"unexpected {type(exc).__name__}. This is a bug in coachlog; "
            "run again with COACHLOG_DEBUG=1 for the details."
        )
        return 1
    return result if isinstance(result, int) else 0
