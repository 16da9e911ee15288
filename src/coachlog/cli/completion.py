"""Shell completion of client handles and record ids, from the store.

It runs at every press of Tab, so it is cheap and silent: it reads the
store read-only (never creating, upgrading or locking it, and leaving no
file behind), and whatever goes wrong (no store yet, a damaged file, a
server that does not answer, a broken config file) completes nothing
rather than print into the person's command line.

Which parameters complete what is read from the metavar their help shows
(CLIENT, GOAL, SESSION, REQUEST, ADVICE, ID), so every command taking one,
today's and tomorrow's, completes it without a line of its own.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from coachlog.kinds import RecordKind, display_id

if TYPE_CHECKING:
    from typer._click import Command, Context, Parameter
    from typer._click.shell_completion import CompletionItem

    from coachlog.readers import Reader
    from coachlog.store import Location

    Completer = Callable[[Context, Parameter, str], list[CompletionItem]]

SHOWN = 100  # candidates offered at most for one Tab (the newest records first)
HELP_WIDTH = 60  # a description longer than this is cut: zsh and fish show one line each
WAIT_MS = 200  # a store busy past this completes nothing this time
SERVER_WAIT_S = 2  # the same for a server that does not answer

# Each kind's table and how a candidate is described (zsh and fish show it).
RECORDS = {
    RecordKind.GOAL: ("goal", "t.title", "t.status"),
    RecordKind.SESSION: ("session", "t.at", "t.status"),
    RecordKind.REQUEST: ("request", "t.text", "t.state"),
    RecordKind.ADVICE: ("advice", "t.text", "t.response"),
}
USUAL = {"active", "held", "accepted", "pending"}  # states not worth saying
ID_TYPED = re.compile(r"^([a-zA-Z]?)([0-9]*)$")


@contextmanager
def _read_only(location: Location) -> Iterator[Reader]:
    """The store, read-only, or nothing at all when there is none."""
    from coachlog.readers import SQLiteReader

    path = location.path
    if path is not None:
        if not path.is_file():
            raise FileNotFoundError(path)  # no store yet: nothing to complete, nothing made
        from coachlog.store import read_only_uri

        uri = read_only_uri(path)
        if not path.with_name(path.name + "-wal").exists():
            # Closed cleanly, so everything is in the file: read it as it is,
            # without the -wal and -shm files a read-only connection leaves.
            uri += "&immutable=1"
        with closing(sqlite3.connect(uri, uri=True, timeout=WAIT_MS / 1000)) as connection:
            yield SQLiteReader(connection)
        return
    yield from _read_only_server(location)


def _read_only_server(location: Location) -> Iterator[Reader]:
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    from coachlog.readers import SQLAlchemyReader

    url = location.sqlalchemy_url
    waits = {"connect_timeout": SERVER_WAIT_S} if "+psycopg" in url.partition("://")[0] else {}
    engine = create_engine(url, hide_parameters=True, poolclass=NullPool, connect_args=waits)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            connection.exec_driver_sql(f"SET LOCAL statement_timeout = {SERVER_WAIT_S * 1000}")
            yield SQLAlchemyReader(connection)
            connection.rollback()
    finally:
        engine.dispose()


def _rows(ctx: Context, sql: str, **params: Any) -> list[dict[str, Any]]:
    """Rows from the store the command line names (its --db, else the usual
    one), or none whatever goes wrong."""
    try:
        from coachlog.store import resolve

        location = resolve(ctx.find_root().params.get("db"))
        with _read_only(location) as reader:
            return reader.rows(sql, **params)
    except Exception:  # completing must never fail loudly: no store, no candidates
        return []


def _like(text: str) -> str:
    """`text` as the start of a LIKE pattern, its own `%` and `_` literal."""
    return re.sub(r"([\\%_])", r"\\\1", text) + "%"


def _described(text: str | None, *extra: str | None) -> str:
    """A one-line description, safe for a shell's menu: control characters
    made visible, Rich markup (which Typer renders for zsh and fish) escaped."""
    from rich.markup import escape

    from coachlog.render.output import visible

    line = " ".join(" ".join(part.split()) for part in (text, *extra) if part)
    if len(line) > HELP_WIDTH:
        line = line[: HELP_WIDTH - 1].rstrip() + "…"
    return escape(visible(line))


def _item(value: str, help_text: str) -> CompletionItem:
    from typer._click.shell_completion import CompletionItem

    return CompletionItem(value, help=help_text or None)


def complete_client(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    """Live clients whose handle or name starts with what is typed."""
    start = _like(incomplete.strip().casefold())
    rows = _rows(
        ctx,
        "SELECT handle, name, status FROM client WHERE deleted_at IS NULL "
        "AND (handle LIKE :start ESCAPE '\\' OR lower(name) LIKE :start ESCAPE '\\') "
        "ORDER BY handle LIMIT :shown",
        start=start,
        shown=SHOWN,
    )
    return [
        _item(
            row["handle"],
            _described(row["name"], "(archived)" if row["status"] == "closed" else None),
        )
        for row in rows
    ]


def _day(at: Any) -> str:
    from coachlog.dates import to_local

    if isinstance(at, str):  # how SQLite keeps it
        at = datetime.fromisoformat(at).replace(tzinfo=UTC)
    return to_local(at).strftime("%a %d %b %Y")


def _client_named(ctx: Context) -> str | None:
    """The CLIENT already on the command line, if any. An option still
    waiting for its value (`--goal <Tab>`) stops Click's parse before the
    arguments, so they are parsed again without it."""
    client = ctx.params.get("client")
    if client is None and ctx.args:
        try:
            again = ctx.command.make_context(
                ctx.info_name, list(ctx.args), parent=ctx.parent, resilient_parsing=True
            )
        except Exception:  # a half-typed command line: no filter, then
            return None
        client = again.params.get("client")
    return client.strip() or None if isinstance(client, str) else None


def _typed_id(incomplete: str, kind: RecordKind) -> tuple[str, str] | None:
    """What was typed of an id, as (letter as typed, digits): `s1` → (s, 1),
    `12` → ("", 12), nothing → (S, ""); None when it cannot be one."""
    found = ID_TYPED.match(incomplete.strip())
    if found is None:
        return None
    letter, digits = found.groups()
    if letter and letter.upper() != kind.value:
        return None
    return (letter or ("" if digits else kind.value)), digits


def record_completer(kind: RecordKind, *, trashed: bool = False) -> Completer:
    """Ids of one kind of record, newest first, described; only the
    CLIENT's when the command line has named one already. `trashed`: what
    is in the trash instead (for `trash restore` and `trash purge`)."""
    table, title, state = RECORDS[kind]

    def complete(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
        typed = _typed_id(incomplete, kind)
        if typed is None:
            return []
        letter, digits = typed
        where = (
            "t.deleted_at IS NOT NULL"
            if trashed
            else ("t.deleted_at IS NULL AND c.deleted_at IS NULL")
        )
        params: dict[str, Any] = {"digits": digits + "%", "shown": SHOWN}
        client = None if trashed else _client_named(ctx)
        if client:
            where += " AND c.handle LIKE :client ESCAPE '\\'"
            params["client"] = _like(client.strip().casefold())
        rows = _rows(
            ctx,
            f"SELECT t.id AS number, c.handle AS client, {title} AS title, {state} AS state "
            f"FROM {table} AS t JOIN client AS c ON c.id = t.client_id WHERE {where} "
            "AND CAST(t.id AS TEXT) LIKE :digits ORDER BY t.id DESC LIMIT :shown",
            **params,
        )
        items = []
        for row in rows:
            value = letter + display_id(kind, row["number"])[1:]
            title_text = _day(row["title"]) if kind is RecordKind.SESSION else row["title"]
            extra = None if row["state"] in USUAL else row["state"]
            items.append(_item(value, _described(title_text, f"({row['client']})", extra)))
        return items

    return complete


def complete_trashed(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    """What `trash restore` and `trash purge` can name: trashed ids, and the
    handles of trashed clients."""
    found: list[CompletionItem] = []
    for kind in RECORDS:
        found += record_completer(kind, trashed=True)(ctx, param, incomplete)
    rows = _rows(
        ctx,
        "SELECT handle, name FROM client WHERE deleted_at IS NOT NULL "
        "AND handle LIKE :start ESCAPE '\\' ORDER BY handle LIMIT :shown",
        start=_like(incomplete.strip().casefold()),
        shown=SHOWN,
    )
    return found + [_item(row["handle"], _described(row["name"], "(client)")) for row in rows]


COMPLETERS: dict[str, Completer] = {
    "CLIENT": complete_client,
    "[CLIENT]": complete_client,
    "GOAL": record_completer(RecordKind.GOAL),
    "SESSION": record_completer(RecordKind.SESSION),
    "REQUEST": record_completer(RecordKind.REQUEST),
    "ADVICE": record_completer(RecordKind.ADVICE),
    "ID": complete_trashed,
    "[ID]": complete_trashed,
}


def attach(command: Command) -> None:
    """Give each CLIENT and record-id parameter of `command` and of its
    subcommands its completion, unless it has one of its own."""
    for param in command.params:
        completer = COMPLETERS.get(getattr(param, "metavar", None) or "")
        if completer is not None and param._custom_shell_complete is None:
            param._custom_shell_complete = completer
    for subcommand in getattr(command, "commands", {}).values():
        attach(subcommand)
