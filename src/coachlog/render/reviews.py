"""The reviews: `goals` (the executive's), `schedule`, `prep` and `agenda`."""

from __future__ import annotations

from datetime import date

from rich.console import Group, RenderableType
from rich.table import Column
from rich.text import Text

from coachlog.dates import to_local
from coachlog.queries.requests import RequestView
from coachlog.queries.reviews import (
    EVER,
    RECENT_DAYS,
    Agenda,
    Awaiting,
    Choices,
    ClientReview,
    GoalReview,
    Prep,
    WaitingForCoach,
)
from coachlog.queries.sessions import SessionView
from coachlog.render import styles
from coachlog.render import text as fmt
from coachlog.render.accountability import due, state, wording
from coachlog.render.views import SafeText, fields, heading, nothing, session_table, table


def _target(goal: GoalReview, today: date) -> Text:
    if goal.target_date is None:
        return SafeText("no target date", style=styles.QUIET)
    label = SafeText(fmt.day(goal.target_date))
    if goal.status == "active" and goal.days_left is not None:
        if goal.days_left < 0:
            label.append(f"\n{-goal.days_left} days past", style=styles.OVERDUE)
        else:
            label.append(f"\n{goal.days_left} days left", style=styles.QUIET)
    return label


def _commitment(request: RequestView) -> Text:
    """What the executive owes: never dim (only the arrow is quiet)."""
    line = SafeText()
    line.append("  ↳ ", style=styles.QUIET)
    line.append(f"{request.id} ", style=styles.COMMITMENT)
    line.append_text(SafeText(request.text, style=styles.COMMITMENT))
    return line


def _commitment_line(request: RequestView, today: date) -> Text:
    line = _commitment(request)
    line.append("  ")
    line.append_text(due(request, today))
    return line


def _session_line(label: str, session: SessionView | None, *, notes: bool) -> Text:
    line = SafeText(f"{label}: ", style="bold")
    if session is None:
        line.append("none", style=styles.QUIET)
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


def your_answer_view(awaiting: Awaiting, *, plain: bool, today: date) -> RenderableType:
    """What the coach asked or offered that is the executive's to answer."""
    if not awaiting.requests and not awaiting.advice:
        return nothing("Nothing awaits your answer.")
    grid = table("ID", "Asked", "Kind", Column("Due", no_wrap=True), plain=plain)
    for request in awaiting.requests:
        grid.add_row(request.id, SafeText(request.text), "request", due(request, today))
    for advice in awaiting.advice:
        grid.add_row(advice.id, SafeText(advice.text), advice.kind, "")
    return grid


def waiting_for_coach_view(waiting: WaitingForCoach, *, plain: bool, today: date) -> RenderableType:
    """The executive's counter-offers: the coach's move next."""
    grid = table("ID", "Your counter-offer", Column("Due", no_wrap=True), plain=plain)
    for request in waiting.requests:
        offer = SafeText(request.counter_text or request.text)
        if request.counter_text:
            offer.append("\ninstead of: ", style=styles.QUIET)
            offer.append_text(SafeText(request.text, style=styles.QUIET))
        grid.add_row(request.id, offer, due(request, today))
    return grid


def did_view(choices: Choices, *, plain: bool) -> RenderableType:
    """What the executive did: commitments kept or missed, requests declined,
    advice answered, the latest first; a decline is a choice like any other."""
    grid = table(
        "ID", "What", "Outcome", Column("When", no_wrap=True), "In your words", plain=plain
    )
    done = [
        (request.moved_at, request.id, request.text, request.state, request.note)
        for request in choices.requests
    ] + [
        (advice.responded_at, advice.id, advice.text, advice.response, advice.response_note)
        for advice in choices.advice
    ]
    done.sort(key=lambda row: row[0] or EVER, reverse=True)
    for at, number, text, outcome, note in done:
        grid.add_row(
            number,
            SafeText(text),
            state(outcome),
            fmt.day(to_local(at).date()) if at else "",
            SafeText(note or ""),
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
                title.append(f"  ({goal.status})", style=styles.QUIET)
            grid.add_row(title, fmt.progress(goal.progress, plain=plain), _target(goal, today))
            # Each commitment on its own row, its due date under the goal's target.
            for request in goal.commitments:
                grid.add_row(_commitment(request), "", due(request, today, stacked=True))
        parts.append(grid)
    else:
        parts.append(nothing("No active goals."))
    if review.other_commitments:
        parts += [SafeText(""), heading("Other commitments", "tied to no goal")]
        parts += [_commitment_line(request, today) for request in review.other_commitments]
    parts += [
        SafeText(""),
        heading("Awaiting your answer"),
        your_answer_view(review.awaiting, plain=plain, today=today),
    ]
    if review.waiting_for_coach.requests:
        parts += [
            SafeText(""),
            heading("Waiting for the coach", "your counter-offers"),
            waiting_for_coach_view(review.waiting_for_coach, plain=plain, today=today),
        ]
    did = review.recent_choices
    if did.requests or did.advice:
        since = f"the last {RECENT_DAYS} days" if did.since else "all"
        parts += [
            SafeText(""),
            heading("What you did", since),
            did_view(did, plain=plain),
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
                SafeText("─" * 40 if not plain else "-" * 40, style=styles.QUIET),
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
