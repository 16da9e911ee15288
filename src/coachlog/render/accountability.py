"""Views of requests and advice. A decline is shown as a choice, in its
own quiet colour like an acceptance; only lateness is marked in red."""

from __future__ import annotations

from datetime import date

from rich.console import Group, RenderableType
from rich.table import Column
from rich.text import Text

from coachlog.queries.advice import AdviceView
from coachlog.queries.requests import RequestView
from coachlog.render import styles
from coachlog.render import text as fmt
from coachlog.render.views import SafeText, fields, heading, nothing, table

STATE_STYLE = styles.STATE
MOVE_WORDS = {
    "proposed": "proposed",
    "accepted": "accepted",
    "declined": "declined",
    "countered": "countered",
    "done": "done",
    "missed": "missed",
    "withdrawn": "withdrawn by the coach",
}


def state(value: str) -> Text:
    return SafeText(value, style=STATE_STYLE.get(value, ""))


def due(request: RequestView, today: date, *, stacked: bool = False) -> Text:
    """The due date that stands, with lateness marked for a commitment;
    `stacked` puts the relative part on a second line."""
    when = request.due_date
    if request.state == "countered" and request.counter_due:
        when = request.counter_due
    if when is None:
        return SafeText("no due date", style=styles.QUIET)
    label = SafeText(fmt.day(when))
    if request.overdue:
        days = (today - when).days
        gap = "\n" if stacked else "  "
        label.append(f"{gap}overdue {days} day{'s' if days != 1 else ''}", style=styles.OVERDUE)
    elif request.state in ("accepted", "proposed", "countered"):
        label.append(
            ("\n" if stacked else "  ") + fmt.relative_days(when, today), style=styles.QUIET
        )
    return label


def wording(request: RequestView) -> Text:
    """The request as it stands, with a counter-offer shown beside the ask."""
    words = SafeText(request.text)
    if request.state == "countered" and request.counter_text:
        words.append("\ncounter-offer: ", style="bold")
        words.append(request.counter_text)
    return words


def request_table(requests: list[RequestView], *, plain: bool, today: date) -> RenderableType:
    if not requests:
        return nothing("No requests.")
    grid = table(
        "ID", "Client", "Request", "State", Column("Due", no_wrap=True), "Goal", plain=plain
    )
    for request in requests:
        grid.add_row(
            request.id,
            SafeText(request.client),
            wording(request),
            state(request.state),
            due(request, today),
            request.goal or "",
        )
    return grid


def request_card(request: RequestView, *, plain: bool, today: date) -> RenderableType:
    parts: list[RenderableType] = [
        heading(f"{request.id}  {request.text}", f"{request.client}, {request.state}"),
        fields(
            [
                ("Due", due(request, today)),
                ("Counter-offer", request.counter_text if request.state == "countered" else None),
                ("Goal", request.goal),
                ("Session", request.session),
                ("Note", request.note),
            ]
        ),
        SafeText(""),
    ]
    history = table("When", "Move", "What", "Due", "Note", plain=plain, title="History")
    for event in request.history:
        history.add_row(
            fmt.when(event.at),
            SafeText(MOVE_WORDS[event.to_state]),
            SafeText(event.text or ""),
            fmt.day(event.due_date) if event.due_date else "",
            SafeText(event.note or ""),
        )
    parts.append(history)
    return Group(*parts)


def advice_table(advice: list[AdviceView], *, plain: bool) -> RenderableType:
    if not advice:
        return nothing("No advice.")
    grid = table("ID", "Client", "Kind", "Advice", "Answer", "Note", plain=plain)
    for item in advice:
        grid.add_row(
            item.id,
            SafeText(item.client),
            item.kind,
            SafeText(item.text),
            state(item.response),
            SafeText(item.response_note or ""),
        )
    return grid


def advice_card(advice: AdviceView, *, plain: bool) -> RenderableType:
    parts: list[RenderableType] = [
        heading(f"{advice.id}  {advice.text}", f"{advice.client}, {advice.kind}"),
        fields(
            [
                ("Answer", state(advice.response)),
                ("Note", advice.response_note),
                ("Answered", fmt.when(advice.responded_at) if advice.responded_at else None),
                ("Goal", advice.goal),
                ("Session", advice.session),
            ]
        ),
        SafeText(""),
    ]
    history = table("When", "Answer", "Note", plain=plain, title="History")
    for event in advice.history:
        history.add_row(
            fmt.when(event.at),
            "offered" if event.from_response is None else event.to_response,
            SafeText(event.note or ""),
        )
    parts.append(history)
    return Group(*parts)
