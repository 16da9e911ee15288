"""`coachlog session …`: sessions held, planned and cancelled."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from coachlog.cli.common import (
    Client,
    Everything,
    Json,
    Limit,
    NoPager,
    OptionalClient,
    Yes,
    default_client,
    duration,
    listed,
    out,
    reading,
    record_number,
    tell_more,
    warn_if_archived,
    when,
    when_or_now,
    writing,
)
from coachlog.cli.trash import delete_command
from coachlog.kinds import Channel, RecordKind, SessionStatus, display_id

if TYPE_CHECKING:
    from coachlog.journal.sessions import SameMinute
    from coachlog.writer import Writer

T = TypeVar("T")

SESSION = RecordKind.SESSION

app = typer.Typer(no_args_is_help=True, help="Log, plan, list and edit sessions.")

SessionId = Annotated[str, typer.Argument(help="Session id, e.g. S12 (or 12).", metavar="SESSION")]
ChannelOpt = Annotated[
    Channel | None, typer.Option("--channel", help="Default: the agreement's channel.")
]
Duration = Annotated[
    str | None,
    typer.Option(
        "--duration", metavar="DURATION", help="45m, 1h, 1h30m or 90. Default: the agreement's."
    ),
]
NotesOpt = Annotated[
    str | None,
    typer.Option(
        "--notes", metavar="TEXT", help="Shared notes (the client may see them); '-' reads stdin."
    ),
]
NotesFile = Annotated[
    Path | None,
    typer.Option("--notes-file", metavar="FILE", help="Read the shared notes from a file."),
]
Private = Annotated[
    str | None, typer.Option("--private", metavar="TEXT", help="Private notes: the coach's alone.")
]
Goals = Annotated[
    list[str] | None,
    typer.Option("--goal", help="A goal discussed (G3); repeat for several.", metavar="GOAL"),
]


def _goal_numbers(goals: list[str] | None) -> list[int] | None:
    if goals is None:
        return None
    return [record_number(goal, RecordKind.GOAL) for goal in goals]


DONE = {"log": "logged", "plan": "planned"}


def _at_a_terminal() -> bool:
    return sys.stdin.isatty()


def _go_on_at_same_minute(clash: SameMinute, does: str) -> None:
    """Two sessions at one minute are most often one logged twice: a person
    is asked at a terminal; a script says --yes."""
    from coachlog.errors import BadInput, CoachlogError

    if not _at_a_terminal():
        raise BadInput(f"{clash.message}; add --yes to {does} this one too.") from None
    if not typer.confirm(f"{clash.message}. {does.capitalize()} this one too?", err=True):
        raise CoachlogError(f"nothing was {DONE[does]}.") from None


def _writing_at_a_minute(write: Callable[[Writer, bool], T], *, yes: bool, does: str) -> T:
    """`write(db, same_minute_too)` in one transaction; when the client has a
    session at that minute already, ask, then write again with leave."""
    from coachlog.journal.sessions import SameMinute

    try:
        with writing() as db:
            return write(db, yes)
    except SameMinute as clash:
        _go_on_at_same_minute(clash, does)
    with writing() as db:
        return write(db, True)


@app.command("add")
def add(
    client: Client,
    on: Annotated[
        str | None, typer.Option("--on", metavar="WHEN", help="When it was held (default: now).")
    ] = None,
    channel: ChannelOpt = None,
    duration_: Duration = None,
    notes: NotesOpt = None,
    notes_file: NotesFile = None,
    private: Private = None,
    goal: Goals = None,
    next_: Annotated[
        str | None,
        typer.Option(
            "--next", metavar="WHEN", help="Plan the next session: 'in 2 weeks', 'friday 3pm'."
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            metavar="NAME",
            help="Open the editor on a notes outline: grow, intake, check-in, review, or your "
            "own (coachlog template list).",
        ),
    ] = None,
    yes: Yes = False,
    json: Json = False,
) -> None:
    """Log a session that was held, right after the call.

    With no --notes and a terminal, $VISUAL or $EDITOR opens for the notes
    (on a template's outline with --template).
    A session planned for the same day becomes this one; another at the
    same minute is asked about (--yes logs it).
    """
    from coachlog import dates
    from coachlog.cli import longtext
    from coachlog.journal.common import client_row
    from coachlog.journal.sessions import SameMinute, log_clash, log_session
    from coachlog.queries.sessions import session_detail
    from coachlog.render import text as fmt

    at = when_or_now(on)
    planned_at = None if next_ is None else when(next_)
    minutes = duration(duration_)
    goal_numbers = _goal_numbers(goal) or []
    outline = None
    if template is not None:
        from coachlog.cli.templates import outline_for_session

        given = notes is not None or notes_file is not None
        outline = outline_for_session(template, notes_given=given)
    shared = longtext.read_value(notes, notes_file, "notes")
    if shared is None and notes_file is None and longtext.can_edit():
        from coachlog.queries.common import find_client as look_up

        with reading() as reader:  # check the client, and the minute, before anyone types
            ref = look_up(reader, client)
            clash = None if yes else log_clash(reader, client=ref, at=at)
        if clash is not None:
            _go_on_at_same_minute(SameMinute(ref, clash), "log")
            yes = True
        edited = longtext.edit_notes(f"Session with {ref.name}, {fmt.when(at)}", private, outline)
        shared, private = edited.shared, edited.private

    def write(db: Writer, same_minute_too: bool):
        record = client_row(db=db, text=client)
        logged = log_session(
            db=db,
            client=record,
            at=at,
            now=dates.local_now(),
            channel=channel,
            duration_minutes=minutes,
            notes=shared,
            private_notes=private,
            goal_numbers=goal_numbers,
            next_at=planned_at,
            same_minute_too=same_minute_too,
        )
        # Read back in the same transaction: the store is not opened again.
        return record, logged, session_detail(db, logged.session.id) if json else None

    record, logged, detail = _writing_at_a_minute(write, yes=yes, does="log")
    warn_if_archived(record)
    if json:
        out().json(detail)
        return
    held = "planned session" if logged.was_planned else "session"
    out().done(f"Logged {held} {display_id(SESSION, logged.session.id)} with {record.handle}")
    if logged.upcoming is not None:
        upcoming = logged.upcoming
        out().done(
            f"Planned session {display_id(SESSION, upcoming.id)} with {record.handle} "
            f"on {fmt.when(upcoming.at)}"
        )


@app.command("plan")
def plan(
    client: Client,
    on: Annotated[str, typer.Argument(help="When: 'friday 3pm', 'Dec 1 10:00'.", metavar="WHEN")],
    channel: ChannelOpt = None,
    duration_: Duration = None,
    yes: Yes = False,
    json: Json = False,
) -> None:
    """Plan a session; another at the same minute is asked about (--yes plans it)."""
    from coachlog import dates
    from coachlog.journal.common import client_row
    from coachlog.journal.sessions import plan_session
    from coachlog.queries.sessions import session_detail
    from coachlog.render import text as fmt

    at, minutes = when(on), duration(duration_)

    def write(db: Writer, same_minute_too: bool):
        record = client_row(db=db, text=client)
        session = plan_session(
            db=db,
            client=record,
            at=at,
            now=dates.local_now(),
            channel=channel,
            duration_minutes=minutes,
            same_minute_too=same_minute_too,
        )
        return record, session, session_detail(db, session.id) if json else None

    record, session, detail = _writing_at_a_minute(write, yes=yes, does="plan")
    warn_if_archived(record)
    if json:
        out().json(detail)
        return
    out().done(
        f"Planned session {display_id(SESSION, session.id)} with {record.handle} "
        f"on {fmt.when(session.at)}"
    )


@app.command("list")
def list_(
    client: OptionalClient = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="WHEN", help="From this WHEN on.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="WHEN", help="Up to this WHEN.")
    ] = None,
    planned: Annotated[bool, typer.Option("--planned", help="Planned sessions only.")] = False,
    limit: Limit = None,
    everything: Everything = False,
    no_pager: NoPager = False,
    json: Json = False,
) -> None:
    """List sessions, newest first (all clients when none is chosen)."""
    from coachlog import dates
    from coachlog.queries.sessions import session_page
    from coachlog.render.views import session_table

    start = None if since is None else dates.parse_since(since)
    end = None if until is None else dates.parse_until(until)
    with reading() as reader:
        ref = default_client(reader, client)
        found = session_page(
            reader,
            limit=listed(limit, everything),
            client_id=ref.id if ref else None,
            since=start,
            until=end,
            status=SessionStatus.PLANNED.value if planned else None,
        )
    if json:
        out().json({"sessions": found.shown, "more": found.more})
    else:
        out().show(
            session_table(found.shown, plain=out().plain, client=ref is None), page=not no_pager
        )
    tell_more(found.more, "sessions")


def _detail(number: int):
    from coachlog.queries.sessions import session_detail

    with reading() as reader:
        return session_detail(reader, number)


@app.command("show")
def show(session: SessionId, json: Json = False) -> None:
    """Show a session with its shared and private notes."""
    from coachlog.render.views import session_card

    detail = _detail(record_number(session, RecordKind.SESSION))
    if json:
        out().json(detail)
    else:
        out().show(session_card(detail))


@app.command("edit")
def edit(
    session: SessionId,
    on: Annotated[
        str | None, typer.Option("--on", metavar="WHEN", help="Move it to this WHEN.")
    ] = None,
    status: Annotated[
        SessionStatus | None, typer.Option("--status", help="planned, held or cancelled.")
    ] = None,
    channel: ChannelOpt = None,
    duration_: Duration = None,
    notes: NotesOpt = None,
    notes_file: NotesFile = None,
    private: Private = None,
    goal: Goals = None,
    no_goals: Annotated[bool, typer.Option("--no-goals", help="Unlink every goal.")] = False,
    move_to: Annotated[
        str | None,
        typer.Option(
            "--client",
            metavar="CLIENT",
            help="Move it to this client, when it was logged for the wrong one.",
        ),
    ] = None,
) -> None:
    """Change a session; an empty --notes or --private clears them.

    With no options and a terminal, $VISUAL or $EDITOR opens on its shared
    and private notes. --client moves it to another client: its goals are
    then that client's (--goal), or none (--no-goals).
    """
    from coachlog.cli import longtext
    from coachlog.errors import BadInput
    from coachlog.journal.common import client_row
    from coachlog.journal.sessions import edit_session, get_session

    number = record_number(session, RecordKind.SESSION)
    if goal is not None and no_goals:
        raise BadInput("give --goal or --no-goals, not both.")
    at = None if on is None else when(on)
    minutes = duration(duration_)
    shared = longtext.read_value(notes, notes_file, "notes")
    given = (on, status, channel, duration_, notes, notes_file, private, goal, move_to)
    if all(value is None for value in given) and not no_goals and longtext.can_edit():
        shared, private = _edited_notes(number)
        if shared is None and private is None:
            out().note(
                f"The notes of session {display_id(SESSION, number)} were left as they were."
            )
            return
    with writing() as db:
        record = get_session(db=db, number=number)
        moved_to = None if move_to is None else client_row(db=db, text=move_to)
        edit_session(
            db=db,
            record=record,
            at=at,
            status=status,
            channel=channel,
            duration_minutes=minutes,
            notes=shared,
            private_notes=private,
            goal_numbers=[] if no_goals else _goal_numbers(goal),
            client=moved_to,
        )
    if moved_to is not None:
        warn_if_archived(moved_to)
        out().done(f"Moved session {display_id(SESSION, number)} to {moved_to.handle}")
        return
    out().done(f"Updated session {display_id(SESSION, number)}")


def _edited_notes(number: int) -> tuple[str | None, str | None]:
    """The session's notes through the editor: each part that changed, as
    the edit takes it ('' clears it), or None when it was left as it was.
    Emptying both saves nothing (longtext refuses an empty text)."""
    from coachlog.cli import longtext
    from coachlog.render import text as fmt

    detail = _detail(number)
    heading = f"Session {detail.id} with {detail.client}, {fmt.when(detail.at)}"
    edited = longtext.edit_notes(heading, detail.private_notes, detail.notes, outline=False)

    def changed(before: str | None, after: str | None) -> str | None:
        return None if (before or "").strip() == (after or "") else after or ""

    return changed(detail.notes, edited.shared), changed(detail.private_notes, edited.private)


@app.command("cancel")
def cancel(session: SessionId) -> None:
    """Cancel a planned session."""
    from coachlog.journal.sessions import cancel_session, get_session

    number = record_number(session, RecordKind.SESSION)
    with writing() as db:
        cancel_session(db=db, record=get_session(db=db, number=number))
    out().done(f"Cancelled session {display_id(SESSION, number)}")


app.command("delete")(delete_command(RecordKind.SESSION, "SESSION", "S12"))
