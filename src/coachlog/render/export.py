"""The export formats, registered by name in `EXPORTS` (`export -f NAME`
takes its choices, help and dispatch from there): the JSON document, CSV
tables, a Markdown journal for the client, and an iCalendar file of planned
sessions and open commitments.

Imported by `coachlog export --help`, so what the formats need is imported
when one runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from coachlog.queries.export import CalendarEntries, Journal
    from coachlog.readers import Reader

# A cell a spreadsheet would run as a formula starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """Text that a spreadsheet would take for a formula, quoted as text with a
    leading apostrophe (OWASP's advice); numbers coachlog writes stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


PRIVATE_COLUMN = "private_notes"  # the coach's alone: in csv only with --include-private


def csv_file_names() -> list[str]:
    from coachlog.exchange import KINDS

    return [f"{kind.key}.csv" for kind in KINDS]


def csv_tables(
    records: dict[str, list[dict[str, Any]]], *, include_private: bool = True
) -> dict[str, str]:
    """One CSV text per record kind, keyed by file name; the sessions'
    private notes column only with `include_private`."""
    import csv
    import io

    from coachlog.exchange import KINDS, SESSION_GOALS
    from coachlog.render.data import to_data

    tables = {}
    for kind in KINDS:
        rows = to_data(records[kind.key])
        columns = [
            "uuid",
            "created_at",
            "updated_at",
            *(kind.parent_field(c) for c in kind.parents),
            *(c for c in kind.columns if include_private or c != PRIVATE_COLUMN),
        ]
        if kind.table == "session":
            columns.append(SESSION_GOALS)
        buffer = io.StringIO()
        # RFC 4180 line ends: a field holding a bare CR is quoted too, never a new row.
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
        writer.writeheader()
        for row in rows:
            if kind.table == "session":
                row = {**row, SESSION_GOALS: ";".join(row[SESSION_GOALS])}
            writer.writerow(
                {name: csv_cell(value) for name, value in row.items() if name in columns}
            )
        tables[f"{kind.key}.csv"] = buffer.getvalue()
    return tables


def markdown_journal(journals: list[Journal], *, generated: datetime) -> str:
    from coachlog.render import text as fmt
    from coachlog.render.report import md_bar, md_text

    lines = ["# Coaching journal", "", f"*Exported {fmt.when(generated)}*", ""]
    for journal in journals:
        client = journal.client
        role = ", ".join(part for part in (client.title, client.organization) if part)
        lines += [f"## {md_text(client.name)}" + (f" ({md_text(role)})" if role else ""), ""]
        if journal.agreement:
            agreement = journal.agreement
            lines += ["### Agreement", ""]
            for label, value in (
                ("Focus", agreement.focus),
                ("Format", agreement.format),
                ("Desired outcomes", agreement.desired_outcomes),
                (
                    "Cadence",
                    fmt.cadence(agreement.cadence_days) if agreement.cadence_days else None,
                ),
                ("Boundaries", agreement.boundaries),
            ):
                if value:
                    lines.append(f"- **{label}:** {md_text(value)}")
            lines.append("")
        lines += ["### Goals", ""]
        if journal.goals:
            lines += ["| Goal | Status | Progress | Target |", "|---|---|---|---|"]
            lines += [
                f"| {goal.id} {md_text(goal.title)} | {goal.status} | {md_bar(goal.progress)} | "
                f"{fmt.day(goal.target_date) if goal.target_date else ''} |"
                for goal in journal.goals
            ]
        else:
            lines.append("No goals yet.")
        lines += ["", "### Sessions", ""]
        for session in journal.sessions:
            length = (
                f", {fmt.minutes(session.duration_minutes)}" if session.duration_minutes else ""
            )
            lines += [f"#### {session.id}, {fmt.when(session.at)} ({session.channel}{length})", ""]
            if session.notes:
                lines += [
                    md_text(line) if line.strip() else ""
                    for line in session.notes.strip().splitlines()
                ]
            else:
                lines.append("*No notes.*")
            lines.append("")
        if not journal.sessions:
            lines += ["No sessions yet.", ""]
        if journal.requests:
            lines += ["### Requests", "", "| Request | State | Due |", "|---|---|---|"]
            lines += [
                f"| {r.id} {md_text(r.text)} | {r.state} | "
                f"{fmt.day(r.due_date) if r.due_date else ''} |"
                for r in journal.requests
            ]
            lines.append("")
        if journal.advice:
            lines += ["### Advice", "", "| Advice | Kind | Answer |", "|---|---|---|"]
            lines += [
                f"| {a.id} {md_text(a.text)} | {a.kind} | {a.response} |" for a in journal.advice
            ]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def calendar(entries: CalendarEntries, *, now: datetime) -> bytes:
    """RFC 5545: planned sessions as VEVENTs, open commitments with a due
    date as VTODOs. Identifiers are stable, so re-importing updates events.

    RFC 5545 text holds no control characters, and a calendar printed to a
    terminal must not drive it: any in a name or a request show as `^[`."""
    from datetime import UTC, timedelta

    from icalendar import Calendar, Event, Todo

    from coachlog.render import text as fmt
    from coachlog.render.output import visible

    names = {handle: visible(name) for handle, name in entries.names.items()}
    cal = Calendar()
    cal.add("prodid", "-//coachlog//coaching journal//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "coachlog")
    for session in entries.planned:
        event = Event()
        event.add("uid", f"{session.id.lower()}.{session.client}@coachlog")
        event.add("dtstamp", now)
        # In UTC: every calendar shows it at the right hour in its own zone.
        event.add("dtstart", session.at.astimezone(UTC))
        event.add("description", f"{session.id}, {fmt.session_when(session)}")
        event.add("duration", timedelta(minutes=session.duration_minutes or 60))
        event.add("summary", f"Coaching: {names.get(session.client, session.client)}")
        event.add("location", session.channel)
        event.add("categories", ["coaching"])
        cal.add_component(event)
    for request in entries.commitments:
        if request.due_date is None:
            continue
        todo = Todo()
        todo.add("uid", f"{request.id.lower()}.{request.client}@coachlog")
        todo.add("dtstamp", now)
        todo.add("due", request.due_date)
        todo.add("summary", visible(request.text))
        todo.add("description", f"Commitment of {names.get(request.client, request.client)}")
        todo.add("status", "NEEDS-ACTION")
        cal.add_component(todo)
    return cal.to_ical()


# --- the registry -----------------------------------------------------------

# What a format writes: JSON text in pieces (written as it is read), one
# text or bytes, or a folder's files by name.
Exported = Iterable[str] | str | bytes | dict[str, str]


@dataclass(frozen=True)
class Chosen:
    """What `coachlog export` was told, for a format to write."""

    client_id: int | None
    now: datetime
    include_private: bool


@dataclass(frozen=True)
class ExportFormat:
    """One way out of the store."""

    help: str  # its part of `export --help`
    write: Callable[[Reader, Chosen], Exported]
    private: Literal["always", "optional", "never"] = "never"  # the sessions' private notes
    files: Callable[[], list[str]] | None = None  # a folder of these files, not one file
    one_client: str | None = None  # what it is ("journal") when it is for one client only
    said_after: Callable[[Chosen], list[str]] | None = None  # notes once it is written


def _json(reader: Reader, chosen: Chosen) -> Iterable[str]:
    from coachlog.queries.export import stream_document

    return stream_document(reader, now=chosen.now, client_id=chosen.client_id)


def _csv(reader: Reader, chosen: Chosen) -> dict[str, str]:
    from coachlog.queries.export import records

    return csv_tables(
        records(reader, client_id=chosen.client_id), include_private=chosen.include_private
    )


def _csv_said(chosen: Chosen) -> list[str]:
    if chosen.include_private:
        return ["sessions.csv holds private notes: keep it for yourself."]
    return ["Private notes were left out (--include-private writes them)."]


def _markdown(reader: Reader, chosen: Chosen) -> str:
    from coachlog.queries.export import journals

    found = journals(reader, client_id=chosen.client_id, today=chosen.now.date())
    return markdown_journal(found, generated=chosen.now)


def _ics(reader: Reader, chosen: Chosen) -> bytes:
    from coachlog.queries.export import calendar_entries

    entries = calendar_entries(reader, client_id=chosen.client_id, now=chosen.now)
    return calendar(entries, now=chosen.now)


EXPORTS: dict[str, ExportFormat] = {
    "json": ExportFormat(
        "the coach's full backup, PRIVATE NOTES INCLUDED (never for a client)",
        _json,
        private="always",
    ),
    "csv": ExportFormat(
        "a folder of tables, private notes left out unless --include-private",
        _csv,
        private="optional",
        files=csv_file_names,
        said_after=_csv_said,
    ),
    "markdown": ExportFormat(
        "one client's journal, for the client (no private notes)",
        _markdown,
        one_client="journal",
    ),
    "ics": ExportFormat("planned sessions and commitments", _ics),
}
