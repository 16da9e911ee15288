"""The reviews: `goals` (the executive's), `schedule`, `prep` and `agenda`."""

from __future__ import annotations

from datetime import date

from rich.console import Group, RenderableType
from rich.table import Column
from rich.text import Text

from coachlog.queries.requests import RequestView
from coachlog.queries.reviews import Agenda, Awaiting, Choices, ClientReview, GoalReview, Prep
from coachlog.queries.sessions import SessionView
from coachlog.render import text as fmt
from coachlog.render.accountability import due, wording
from coachlog.render.views import SafeText, fields, heading, nothing, session_table, table


def _target(goal: GoalReview, today: date) -> Text:
    if goal.target_date is None:
        return SafeText("no target date", style="dim")
    label = SafeText(fmt.day(goal.target_date))
    if goal.status == "active" and goal.days_left is not None:
        if goal.days_left < 0:
            label.append(f"\n{-goal.days_left} days past", style="red")
        else:
            label.append(f"\n{goal.days_left} days left", style="dim")
    return label


def _commitment(request: RequestView) -> Text:
    line = SafeText("  ↳ ", style="dim")
    line.append(f"{request.id} ", style="bold")
    line.append_text(SafeText(request.text))
    return line


def _commitment_line(request: RequestView, today: date) -> Text:
    line = _commitment(request)
    line.append("  ")
    line.append_text(due(request, today))
    return line


def _session_line(label: str, session: SessionView | None, *, notes: bool) -> Text:
    line = SafeText(f"{label}: ", style="bold")
    if session is None:
        line.append("none", style="dim")
        return line
    line.append(f"{session.id}  {fmt.session_when(session)}  {session.channel}")
    if notes and session.notes:
        line.append("\n  ")
        line.append_text(SafeText(fmt.first_line(session.notes, 200)))
    return line


def awaiting_view(
    awaiting: Awaiting, *, plain: bool, today: date, who: bool = False
) -> RenderableType:
    """Requests and advice waiting for the client's answer."""
    if not awaiting.requests and not awaiting.advice:
        return nothing("Nothing awaits an answer.")
    grid = table(
        "ID",
        *(["Client"] if who else []),
        "Asked",
        "What",
        Column("Due", no_wrap=True),
        plain=plain,
    )
    for request in awaiting.requests:
        grid.add_row(
            request.id,
            *([SafeText(request.client)] if who else []),
            wording(request),
            "countered" if request.state == "countered" else "request",
            due(request, today, stacked=True),
        )
    for advice in awaiting.advice:
        grid.add_row(
            advice.id,
            *([SafeText(advice.client)] if who else []),
            SafeText(advice.text),
            advice.kind,
            "",
        )
    return grid


def commitments_view(
    commitments: list[RequestView], *, plain: bool, today: date, who: bool = False
) -> RenderableType:
    """Accepted requests not yet done, soonest due first, lateness marked."""
    if not commitments:
        return nothing("None.")
    grid = table(
        "ID",
        *(["Client"] if who else []),
        "Commitment",
        "Goal",
        Column("Due", no_wrap=True),
        plain=plain,
    )
    for request in commitments:
        grid.add_row(
            request.id,
            *([SafeText(request.client)] if who else []),
            SafeText(request.text),
            request.goal or "",
            due(request, today, stacked=True),
        )
    return grid


def choices_view(choices: Choices, *, plain: bool) -> RenderableType:
    """What the client chose, in their words; a decline is a choice like any other."""
    grid = table("ID", "What was offered", "Choice", "In their words", plain=plain)
    for request in choices.requests:
        grid.add_row(request.id, SafeText(request.text), "declined", SafeText(request.note or ""))
    for advice in choices.advice:
        grid.add_row(
            advice.id, SafeText(advice.text), advice.response, SafeText(advice.response_note or "")
        )
    return grid


def client_review(review: ClientReview, *, plain: bool, today: date) -> RenderableType:
    """One client's page of the `goals` review."""
    client = review.client
    role = ", ".join(part for part in (client.title, client.organization) if part)
    parts: list[RenderableType] = [heading(client.name, role), SafeText("")]
    if review.goals:
        grid = table(
            "Goal", Column("Progress", no_wrap=True), Column("Target", no_wrap=True), plain=plain
        )
        for goal in review.goals:
            title = SafeText(f"{goal.id}  ", style="bold")
            title.append_text(SafeText(goal.title))
            if goal.status != "active":
                title.append(f"  ({goal.status})", style="dim")
            grid.add_row(title, fmt.progress(goal.progress, plain=plain), _target(goal, today))
            # Each commitment on its own row, its due date under the goal's target.
            for request in goal.commitments:
                grid.add_row(_commitment(request), "", due(request, today, stacked=True))
        parts.append(grid)
    else:
        parts.append(nothing("No active goals."))
    if review.other_commitments:
        parts += [SafeText(""), heading("Other commitments")]
        parts += [_commitment_line(request, today) for request in review.other_commitments]
    parts += [
        SafeText(""),
        heading("Awaiting an answer"),
        awaiting_view(review.awaiting, plain=plain, today=today),
    ]
    if review.recent_choices.requests or review.recent_choices.advice:
        parts += [
            SafeText(""),
            heading("Recent choices", "the last 30 days"),
            choices_view(review.recent_choices, plain=plain),
        ]
    parts += [
        SafeText(""),
        _session_line("Last session", review.last_session, notes=True),
        _session_line("Next session", review.next_session, notes=False),
    ]
    return Group(*parts)


def goals_review(reviews: list[ClientReview], *, plain: bool, today: date) -> RenderableType:
    if not reviews:
        return nothing("No active clients.")
    pages: list[RenderableType] = []
    for review in reviews:
        if pages:
            pages += [
                SafeText(""),
                SafeText("─" * 40 if not plain else "-" * 40, style="dim"),
                SafeText(""),
            ]
        pages.append(client_review(review, plain=plain, today=today))
    return Group(*pages)


def schedule_view(sessions: list[SessionView], *, plain: bool, days: int) -> RenderableType:
    if not sessions:
        return nothing(f"Nothing planned in the next {days} days.")
    return session_table(sessions, plain=plain, title=f"Planned, next {days} days")


def prep_view(brief: Prep, *, plain: bool, today: date) -> RenderableType:
    client = brief.client
    rhythm = "no session held yet"
    if brief.days_since_last_session is not None:
        rhythm = f"{brief.days_since_last_session} days since the last session"
        if brief.cadence_days:
            rhythm += f" (agreed: {fmt.cadence(brief.cadence_days)})"
    gap = SafeText(rhythm)
    if brief.days_past_cadence:
        gap.append(f"  {brief.days_past_cadence} days past the cadence", style="bold yellow")
    parts: list[RenderableType] = [
        heading(f"Prep: {client.name}", client.handle),
        fields([("Focus", brief.focus), ("Rhythm", gap)]),
        SafeText(""),
        _session_line("Last session", brief.last_session, notes=True),
        _session_line("Next session", brief.next_session, notes=False),
        SafeText(""),
    ]
    goals = table(
        "Goal", Column("Progress", no_wrap=True), "Since last session", plain=plain, title="Goals"
    )
    for goal in brief.goals:
        change = "—"
        if goal.change is not None:
            change = f"{goal.change:+d} points" if goal.change else "no change"
        goals.add_row(
            SafeText(f"{goal.id}  {goal.title}"), fmt.progress(goal.progress, plain=plain), change
        )
    parts.append(goals if brief.goals else nothing("No active goals."))
    parts += [
        SafeText(""),
        heading("Commitments"),
        commitments_view(brief.commitments, plain=plain, today=today),
    ]
    parts += [
        SafeText(""),
        heading("Awaiting an answer"),
        awaiting_view(brief.awaiting, plain=plain, today=today),
    ]
    return Group(*parts)


def agenda_view(agenda: Agenda, *, plain: bool, today: date) -> RenderableType:
    parts: list[RenderableType] = [heading("This week"), SafeText("")]
    parts.append(
        session_table(agenda.upcoming, plain=plain, title="Planned sessions, next 7 days")
        if agenda.upcoming
        else nothing("No sessions planned in the next 7 days.")
    )
    parts += [
        SafeText(""),
        heading("Overdue commitments"),
        commitments_view(agenda.overdue, plain=plain, today=today, who=True),
    ]
    parts += [SafeText(""), heading("Clients past their cadence")]
    if agenda.lapsed:
        grid = table("Client", "Last session", "Days", "Cadence", plain=plain)
        for lapsed in agenda.lapsed:
            grid.add_row(
                SafeText(lapsed.client),
                fmt.when(lapsed.last_session_at) if lapsed.last_session_at else "none held",
                str(lapsed.days_since),
                fmt.cadence(lapsed.cadence_days),
            )
        parts.append(grid)
    else:
        parts.append(nothing("None: every client is within 1.5× their cadence."))
    parts += [
        SafeText(""),
        heading("Awaiting an answer"),
        awaiting_view(agenda.awaiting, plain=plain, today=today, who=True),
    ]
    return Group(*parts)
