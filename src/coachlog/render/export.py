"""Export formats other than JSON: CSV tables, a Markdown journal for the
client, and an iCalendar file of planned sessions and open commitments."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from coachlog.exchange import KINDS, SESSION_GOALS
from coachlog.queries.advice import AdviceView
from coachlog.queries.agreements import AgreementRevision
from coachlog.queries.goals import GoalView
from coachlog.queries.requests import RequestView
from coachlog.queries.reviews import ClientBrief
from coachlog.queries.sessions import SessionView
from coachlog.render import text as fmt
from coachlog.render.data import to_data
from coachlog.render.report import md_bar, md_text

# A cell a spreadsheet would run as a formula starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """Text that a spreadsheet would take for a formula, quoted as text with a
    leading apostrophe (OWASP's advice); numbers coachlog writes stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_tables(records: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """One CSV text per record kind, keyed by file name."""
    tables = {}
    for kind in KINDS:
        rows = to_data(records[kind.key])
        columns = [
            "uuid",
            "created_at",
            "updated_at",
            *(kind.parent_field(c) for c in kind.parents),
            *kind.columns,
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
            writer.writerow({name: csv_cell(value) for name, value in row.items()})
        tables[f"{kind.key}.csv"] = buffer.getvalue()
    return tables


@dataclass
class Journal:
    """One client's engagement as the client may read it (no private notes)."""

    client: ClientBrief
    agreement: AgreementRevision | None
    goals: list[GoalView]
    sessions: list[SessionView]
    requests: list[RequestView]
    advice: list[AdviceView]


def markdown_journal(journals: list[Journal], *, generated: datetime) -> str:
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


def calendar(
    planned: list[SessionView],
    commitments: list[RequestView],
    names: dict[str, str],
    *,
    now: datetime,
) -> bytes:
    """RFC 5545: planned sessions as VEVENTs, open commitments with a due
    date as VTODOs. Identifiers are stable, so re-importing updates events."""
    from icalendar import Calendar, Event, Todo

    cal = Calendar()
    cal.add("prodid", "-//coachlog//coaching journal//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "coachlog")
    for session in planned:
        event = Event()
        event.add("uid", f"{session.id.lower()}.{session.client}@coachlog")
        event.add("dtstamp", now)
        event.add("dtstart", session.at)
        event.add("duration", timedelta(minutes=session.duration_minutes or 60))
        event.add("summary", f"Coaching: {names.get(session.client, session.client)}")
        event.add("location", session.channel)
        event.add("categories", ["coaching"])
        cal.add_component(event)
    for request in commitments:
        if request.due_date is None:
            continue
        todo = Todo()
        todo.add("uid", f"{request.id.lower()}.{request.client}@coachlog")
        todo.add("dtstamp", now)
        todo.add("due", request.due_date)
        todo.add("summary", request.text)
        todo.add("description", f"Commitment of {names.get(request.client, request.client)}")
        todo.add("status", "NEEDS-ACTION")
        cal.add_component(todo)
    return cal.to_ical()
