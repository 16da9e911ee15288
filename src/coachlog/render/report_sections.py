"""The report's goals, requests and advice told in full, in each format:
each goal with its target, check-ins and the requests made for it, then the
other requests and the advice offered, each with the client's answers in
their own words (shown in quotes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from coachlog.dates import local_zone, to_local
from coachlog.queries.report import AdviceEntry, GoalProgress, Move, Point, Report, RequestEntry
from coachlog.render import text as fmt
from coachlog.render.accountability import MOVE_WORDS, STATE_STYLE
from coachlog.render.output import visible
from coachlog.render.views import fields, heading, nothing

Quote = Callable[[str], str]
OVERDUE_STYLE = "bold red"  # as the request views mark lateness


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


@dataclass(frozen=True)
class Voice:
    """How a format quotes what a person wrote, and the zone its days are
    told in (found once: finding it reads the environment and the config)."""

    quote: Quote
    zone: tzinfo

    def on(self, at: datetime) -> str:
        return fmt.day(at.astimezone(self.zone).date())


def voice(quote: Quote = str) -> Voice:
    return Voice(quote, local_zone())


def today_of(report: Report) -> date:
    return to_local(report.generated_at).date()


def target_label(goal: GoalProgress) -> str | None:
    """`Thu 31 Dec 2026, 34 days left`; only a goal still open counts days."""
    if goal.target_date is None:
        return None
    label = fmt.day(goal.target_date)
    if goal.status in ("active", "paused") and goal.days_left is not None:
        if goal.days_left == 0:
            label += ", today"
        elif goal.days_left > 0:
            label += f", {_plural(goal.days_left, 'day')} left"
        else:
            label += f", {_plural(-goal.days_left, 'day')} past"
    return label


def check_in_span(points: list[Point]) -> str:
    """The dates of the first and last check-in: `18 Sep to 03 Nov 2026`."""
    if not points:
        return ""
    first, last = to_local(points[0].at).date(), to_local(points[-1].at).date()
    if first == last:
        return f"{last:%d %b %Y}"
    return f"{first:%d %b{' %Y' if first.year != last.year else ''}} to {last:%d %b %Y}"


def check_in_line(point: Point, say: Voice) -> str:
    line = f"{say.on(point.at)}: {point.progress}%"
    # A check-in's note is whoever checked in (often the coach): not quoted
    # as the client's words.
    return line + (f" — {say.quote(point.note)}" if point.note else "")


def standing(request: RequestEntry, today: date) -> str:
    """The request's state and the due date that stands, lateness marked."""
    line = request.state
    if request.due_date:
        line += f", due {fmt.day(request.due_date)}"
        if request.overdue:
            line += f", overdue {_plural((today - request.due_date).days, 'day')}"
    return line


def step(move: Move, say: Voice) -> str:
    """One move, with what was said: a counter-offer's words and date, the note."""
    line = f"{MOVE_WORDS.get(move.state, move.state)} {say.on(move.at)}"
    if move.text:
        line += f": “{say.quote(move.text)}”"
        if move.due_date:
            line += f", by {fmt.day(move.due_date)}"
    if move.note:
        line += f" — “{say.quote(move.note)}”"
    return line


def request_steps(request: RequestEntry, say: Voice) -> list[str]:
    return [f"asked {say.on(request.asked_at)}", *(step(move, say) for move in request.moves)]


def advice_heading(advice: AdviceEntry) -> str:
    return advice.kind + (f", for {advice.goal}" if advice.goal else "")


def advice_steps(advice: AdviceEntry, say: Voice) -> list[str]:
    steps = [f"offered {say.on(advice.offered_at)}"]
    if advice.response == "pending":
        steps.append("awaiting an answer")
    else:
        answer = advice.response
        if advice.answered_at is not None:
            answer += f" {say.on(advice.answered_at)}"
        steps.append(answer + (f" — “{say.quote(advice.note)}”" if advice.note else ""))
    return steps


# --- text (Rich) -------------------------------------------------------------


# A line of an entry: its text and its style (a key of STATE_STYLE's values, or
# "", "bold", "dim").
Line = tuple[str, str]


class Entries:
    """Requests or advice, each an id and its lines, the lines after the
    first indented under it. Written as segments, a line at a time: as a
    grid of a row each, or as one Text Rich splits and wraps again, a year of
    requests took longer to lay out than the rest of the report."""

    def __init__(self, entries: list[tuple[str, list[Line]]]) -> None:
        self.entries = entries

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self._lines(console, options.max_width)
        if console.color_system is None:  # no style shows: all of it as one segment
            yield Segment(
                "".join(
                    f"{label}  {text}\n" if label else f"{indent}{text}\n"
                    for label, indent, text, _ in lines
                )
            )
            return
        names = {"", "bold", "dim", OVERDUE_STYLE, *STATE_STYLE.values()}
        styles = {name: console.get_style(name) for name in names}
        newline, gap = Segment.line(), Segment("  ")
        for label, indent, text, style in lines:
            if label:
                yield Segment(label, styles["bold"])
                yield gap
            elif indent:
                yield Segment(indent)
            if text:
                yield Segment(text, styles[style])
            yield newline

    def _lines(self, console: Console, max_width: int) -> Iterator[tuple[str, str, str, str]]:
        """Each line as its entry's id (on its first line only), the indent
        of a later line, its text and its style; a blank line between entries."""
        for index, (label, lines) in enumerate(self.entries):
            indent = " " * (len(label) + 2)
            width = max(20, max_width - len(indent))
            if index:
                yield "", "", "", ""
            first = label
            for line, style in lines:
                for piece in _wrapped(console, visible(line), width):
                    yield first, indent, piece, style
                    first = ""


def _wrapped(console: Console, line: str, width: int) -> list[str]:
    """`line` in pieces of at most `width` cells."""
    line = " ".join(line.split())
    # (an ASCII character takes at most one cell)
    if (len(line) <= width and line.isascii()) or cell_len(line) <= width:
        return [line]
    return [piece.plain.rstrip() for piece in Text(line).wrap(console, width)]


def _request_lines(request: RequestEntry, today: date, say: Voice) -> list[Line]:
    steps = request_steps(request, say)
    return [
        (request.text, ""),
        (
            standing(request, today),
            OVERDUE_STYLE if request.overdue else STATE_STYLE.get(request.state, ""),
        ),
        (steps[0], "dim"),  # when it was asked
        *((line, "") for line in steps[1:]),
    ]


def requests_text(requests: list[RequestEntry], today: date) -> RenderableType:
    say = voice()
    return Entries([(request.id, _request_lines(request, today, say)) for request in requests])


def goal_sections_text(report: Report) -> list[RenderableType]:
    """Each goal with its outcome, target and the requests made for it."""
    today = today_of(report)
    parts: list[RenderableType] = []
    for goal in report.goals:
        parts += [
            Text(""),
            heading(f"{goal.id}  {goal.title}", goal.status),
            fields([("Outcome", goal.outcome), ("Target", target_label(goal))]),
        ]
        if goal.requests:
            parts.append(requests_text(goal.requests, today))
        else:
            parts.append(nothing("No requests for this goal in this period."))
    return parts


def advice_text(report: Report) -> RenderableType:
    say = voice()
    return Entries(
        [
            (
                advice.id,
                [
                    (advice.text, ""),
                    (advice_heading(advice), "dim"),
                    *((line, "") for line in advice_steps(advice, say)),
                ],
            )
            for advice in report.advice_offered
        ]
    )


# --- markdown -------------------------------------------------------------


def _md_request(request: RequestEntry, today: date, say: Voice) -> list[str]:
    return [
        f"- **{request.id}** {say.quote(request.text)} — *{standing(request, today)}*",
        *(f"  - {line}" for line in request_steps(request, say)),
    ]


def requests_markdown(requests: list[RequestEntry], today: date, quote: Quote) -> list[str]:
    say = voice(quote)
    lines: list[str] = []
    for request in requests:
        lines += _md_request(request, today, say)
    return lines


def goal_sections_markdown(report: Report, quote: Quote) -> list[str]:
    """A `###` section a goal: outcome, target, dated check-ins, requests."""
    today, say = today_of(report), voice(quote)
    lines: list[str] = []
    for goal in report.goals:
        lines += ["", f"### {goal.id} {say.quote(goal.title)}", ""]
        if goal.outcome:
            lines.append(f"- **Outcome:** {say.quote(goal.outcome)}")
        lines.append(f"- **Status:** {goal.status}, {goal.progress}%")
        if goal.target_date:
            lines.append(f"- **Target:** {target_label(goal)}")
        lines += ["", "**Check-ins**", ""]
        lines += [f"- {check_in_line(point, say)}" for point in goal.check_ins] or [
            "No check-ins in this period."
        ]
        lines += ["", "**Requests**", ""]
        lines += requests_markdown(goal.requests, today, quote) or [
            "No requests for this goal in this period."
        ]
    return lines


def advice_markdown(report: Report, quote: Quote) -> list[str]:
    say = voice(quote)
    lines: list[str] = []
    for advice in report.advice_offered:
        lines.append(f"- **{advice.id}** {say.quote(advice.text)} — *{advice_heading(advice)}*")
        lines += [f"  - {line}" for line in advice_steps(advice, say)]
    return lines


# --- html -------------------------------------------------------------------

CSS = """
.entries { list-style: none; padding: 0; } .entries > li { margin: .6rem 0; }
.entries .id { font-weight: 600; margin-right: .4rem; }
.entries ul { margin: .2rem 0 0; padding-left: 1.2rem; color: #3d444d; }
.state { font-style: italic; color: #59636e; } .overdue { color: #cf222e; }
.span { display: block; font-size: .8rem; color: #59636e; }
ol.check-ins { padding-left: 1.2rem; } h3 { font-size: 1.05rem; margin: 1.4rem 0 .3rem; }
.notes { margin: .3rem 0 1rem; padding-left: 1rem; border-left: 3px solid #d0d7de; }
.notes > :first-child { margin-top: 0; } .notes > :last-child { margin-bottom: 0; }
.notes h1, .notes h2, .notes h3, .notes h4 { font-size: 1rem; margin: .4rem 0; }
"""


def escape(text: str) -> str:
    """`html.escape`, imported only when HTML is written: the module's
    table of named entities would cost every other format."""
    import html

    return html.escape(text)


def _html_entry(label: str, text: str, detail: str, steps: list[str], overdue: bool) -> str:
    e = escape
    kind = "state overdue" if overdue else "state"
    items = "".join(f"<li>{step}</li>" for step in steps)
    return (
        f'<li><span class="id">{e(label)}</span>{e(text)} '
        f'<span class="{kind}">{e(detail)}</span><ul>{items}</ul></li>'
    )


def requests_html(requests: list[RequestEntry], today: date) -> str:
    if not requests:
        return ""
    say = voice(escape)
    return (
        '<ul class="entries">'
        + "".join(
            _html_entry(
                request.id,
                request.text,
                standing(request, today),
                request_steps(request, say),
                request.overdue,
            )
            for request in requests
        )
        + "</ul>"
    )


def goal_sections_html(report: Report) -> str:
    e = escape
    today, say = today_of(report), voice(escape)
    sections = []
    for goal in report.goals:
        rows = [
            ("Outcome", goal.outcome),
            ("Status", f"{goal.status}, {goal.progress}%"),
            ("Target", target_label(goal)),
        ]
        details = "".join(f"<dt>{label}</dt><dd>{e(value)}</dd>" for label, value in rows if value)
        check_ins = "".join(f"<li>{check_in_line(p, say)}</li>" for p in goal.check_ins)
        sections.append(
            f"<h3>{goal.id} {e(goal.title)}</h3><dl>{details}</dl>"
            + (
                f'<p><strong>Check-ins</strong></p><ol class="check-ins">{check_ins}</ol>'
                if check_ins
                else "<p>No check-ins in this period.</p>"
            )
            + "<p><strong>Requests</strong></p>"
            + (
                requests_html(goal.requests, today)
                or "<p>No requests for this goal in this period.</p>"
            )
        )
    return "".join(sections)


def advice_html(report: Report) -> str:
    if not report.advice_offered:
        return ""
    say = voice(escape)
    return (
        '<ul class="entries">'
        + "".join(
            _html_entry(
                advice.id,
                advice.text,
                advice_heading(advice),
                advice_steps(advice, say),
                False,
            )
            for advice in report.advice_offered
        )
        + "</ul>"
    )
