"""The root Typer app, its sub-apps, and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Annotated

import typer
from typer._click.exceptions import (  # vendored Click, stable since 0.26
    NoArgsIsHelpError,
    UsageError,
)

from coachlog import __version__
from coachlog.cli.common import check_arguments, settings, tell_date_notes
from coachlog.errors import CoachlogError

# Every command: where it lives (a module of coachlog.cli, and its Typer app
# or command function) and the one-line summary `coachlog --help` lists.
# Only the command that runs is imported.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "goals": ("reviews", "goals", "Your goals, commitments and what awaits your answer."),
    "requests": ("requests", "requests", "Open requests of one client or all."),
    "schedule": ("reviews", "schedule", "Planned sessions of every client, soonest first."),
    "prep": ("reviews", "prep", "A brief before a client's next session."),
    "agenda": ("reviews", "agenda", "The coach's dashboard across clients."),
    "client": ("clients", "app", "Add, list, show, edit and archive clients."),
    "agreement": ("agreements", "app", "Set and show the coaching agreement."),
    "goal": ("goals", "app", "Add goals, record progress, change their status."),
    "session": ("sessions", "app", "Log, plan, list and edit sessions."),
    "template": ("templates", "app", "List and show the outlines session notes can start from."),
    "request": ("requests", "app", "Make requests and record the client's answers."),
    "advice": ("advice", "app", "Offer advice and record the client's answer."),
    "report": ("reports", "report", "A progress report: text, Markdown, HTML or JSON."),
    "hours": ("hours", "hours", "Sessions held and hours per client in a period, for invoices."),
    "search": ("search", "search", "Search notes, goals, requests and advice."),
    "export": ("data", "export", "Export as JSON (a full copy), CSV, Markdown or iCalendar."),
    "import": ("data", "import_", "Import a JSON export, merged by uuid."),
    "key": ("sharing", "key", "Show your public key for share bundles (made once)."),
    "share": ("sharing", "share", "Write an encrypted bundle for your client or coach."),
    "receive": ("sharing", "receive", "Merge a bundle from your client or coach."),
    "trash": ("trash", "app", "See, restore or erase what was deleted."),
    "undo": ("undo", "undo", "Take back the last change, saying what it was."),
    "backup": ("safety", "backup", "Back the store up, even while it is in use."),
    "restore": ("safety", "restore", "Replace the store with a checked backup."),
    "doctor": ("safety", "doctor", "Check the store's health, permissions and backups."),
    "demo": ("demo", "demo", "Show an example engagement from a throwaway store."),
}


def load_command(name: str) -> typer.core.TyperCommand | typer.core.TyperGroup:
    """Import one command's module and build its Click command."""
    from importlib import import_module

    module, attribute, _summary = COMMANDS[name]
    target = getattr(import_module(f"coachlog.cli.{module}"), attribute)
    if isinstance(target, typer.Typer):
        # Built alone, as a part of the root: plain help, no completion options.
        target.rich_markup_mode, target._add_completion = None, False
        if not isinstance(target.info.cls, type):  # Typer's default group
            target.info.cls = SuggestingGroup
        command = typer.main.get_command(target)
    else:
        single = typer.Typer(rich_markup_mode=None, add_completion=False)
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    from coachlog.cli.completion import attach

    attach(command)  # CLIENT and record ids complete from the store
    return command


class LazyCommands(Mapping):
    """The root's commands by name, each built on first use."""

    def __init__(self) -> None:
        self.loaded: dict[str, typer.core.TyperCommand | typer.core.TyperGroup] = {}

    def __getitem__(self, name: str):
        if name not in COMMANDS:
            raise KeyError(name)
        if name not in self.loaded:
            self.loaded[name] = load_command(name)
        return self.loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class SuggestingGroup(typer.core.TyperGroup):
    """A group that answers a mistyped command with the nearest ones, by
    typos as well as likeness (`lookup.closest`): `sesion` → session."""

    def __init__(self, **attrs) -> None:
        super().__init__(**attrs)
        self.suggest_commands = False  # Typer's own (difflib alone): ours below instead

    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except UsageError as exc:
            typed = args[0] if args else ""
            if typed and not typed.startswith("-") and self.get_command(ctx, typed) is None:
                from coachlog.lookup import closest

                close = closest(typed, {name: [name] for name in self.list_commands(ctx)})
                if close:
                    named = " or ".join(repr(name) for name in close)
                    exc.message = f"{exc.message.rstrip('.')}. Did you mean {named}?"
            raise


class LazyGroup(SuggestingGroup):
    """The root group: it knows every command by name and summary, and
    imports only the one that runs."""

    def __init__(self, **attrs) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands()

    def format_commands(self, ctx, formatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, summary) for name, (*_, summary) in COMMANDS.items()])


app = typer.Typer(
    name="coachlog",
    cls=LazyGroup,
    help="A coaching journal: agreements, goals, sessions, requests and advice.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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
    from coachlog import config

    config.load()  # a mistyped key is refused before anything runs
    settings.db = db


_ROOT: list[typer.core.TyperGroup] = []


def root_command() -> typer.core.TyperGroup:
    """The root's Click group, built once per process: a second run in the
    same process (the tests, a shell that imports coachlog) reuses the
    commands built so far instead of reading every signature again."""
    if not _ROOT:
        _ROOT.append(typer.main.get_command(app))
    return _ROOT[0]


def run(args: Sequence[str]) -> int:
    """Run one command; turn every failure into one `Error:` line and a code."""
    settings.reset()
    try:
        check_arguments(args)
        command = root_command()
        result = command.main(list(args), prog_name="coachlog", standalone_mode=False)
        tell_date_notes()
    except CoachlogError as exc:
        tell_date_notes()
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
        message = message.strip()
        if not message.endswith(("?", "!")):
            message = message.rstrip(".") + "."
        settings.output.error(message + hint)
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
