"""The progress report in every format, from the same plain data.

Formats are registered by name in `FORMATS`. None of them can show private
notes: the report's data never holds them.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from coachlog.dates import describe_cadence, to_local
from coachlog.queries.report import GoalProgress, Point, Report, period_label
from coachlog.render import text as fmt
from coachlog.render.console import SafeConsole
from coachlog.render.data import to_data
from coachlog.render.output import visible
from coachlog.render.report_sections import CSS as SECTIONS_CSS
from coachlog.render.report_sections import (
    advice_html,
    advice_markdown,
    advice_text,
    check_in_span,
    escape,
    goal_sections_html,
    goal_sections_markdown,
    goal_sections_text,
    requests_html,
    requests_markdown,
    requests_text,
    target_label,
    today_of,
)
from coachlog.render.views import SafeText, fields, heading, nothing, small_table, table
from coachlog.render.wrapping import wrap_line

SPARKS = "▁▂▃▄▅▆▇█"
LEDGER_ORDER = ("proposed", "accepted", "countered", "declined", "done", "missed", "withdrawn")


def sparkline(points: list[Point]) -> str:
    """Check-ins as a line of block characters, 0 % low to 100 % high."""
    return "".join(SPARKS[min(7, p.progress * 8 // 101)] for p in points)


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:g} days"


def _follow_through(report: Report) -> str:
    value = report.requests.follow_through
    return "—" if value is None else f"{round(value * 100)}%"


def _change(goal: GoalProgress) -> str:
    return f"{goal.change:+d}" if goal.change else "0"


def _check_ins(goal: GoalProgress, separator: str) -> str:
    """The sparkline with the dates of its first and last check-in."""
    if not goal.check_ins:
        return "—"
    return f"{sparkline(goal.check_ins)}{separator}{check_in_span(goal.check_ins)}"


def _coach_line(report: Report) -> str | None:
    return f"Coach: {report.coach}" if report.coach else None


def _client_line(report: Report) -> str:
    client = report.client
    role = ", ".join(part for part in (client.title, client.organization) if part)
    return f"{client.name}" + (f", {role}" if role else "")


def _engagement_rows(report: Report) -> list[tuple[str, str | None]]:
    engagement = report.engagement
    return [
        ("Focus", engagement.focus),
        ("Desired outcomes", engagement.desired_outcomes),
        ("Cadence", describe_cadence(engagement.cadence_days) if engagement.cadence_days else None),
        ("Started", fmt.day(engagement.start_date) if engagement.start_date else None),
        ("Ends", fmt.day(engagement.end_date) if engagement.end_date else None),
        (
            "Agreement",
            f"{engagement.revisions} revision{'s' if engagement.revisions != 1 else ''}"
            if engagement.revisions
            else None,
        ),
    ]


def _momentum_rows(report: Report) -> list[tuple[str, str | None]]:
    momentum = report.sessions
    channels = ", ".join(f"{name} {count}" for name, count in momentum.by_channel.items())
    upcoming = momentum.next_session
    return [
        ("Sessions held", f"{momentum.held}" + (f" ({channels})" if channels else "")),
        ("Mean gap", _days(momentum.mean_gap_days)),
        ("Longest gap", _days(momentum.longest_gap_days)),
        ("Agreed cadence", _days(momentum.cadence_days)),
        (
            "Next session",
            f"{fmt.session_when(upcoming)}, {upcoming.channel}" if upcoming else "none",
        ),
    ]


# --- text (Rich) ---------------------------------------------------------


def text_view(report: Report, *, plain: bool) -> RenderableType:
    parts: list[RenderableType] = [
        heading(f"Progress report: {_client_line(report)}", period_label(report.period)),
        *([SafeText(_coach_line(report))] if report.coach else []),
        Text(""),
        heading("The engagement"),
        fields(_engagement_rows(report)),
        Text(""),
        heading("Sessions and momentum"),
        fields(_momentum_rows(report)),
        Text(""),
    ]
    if report.goals:
        goals = table(
            "Goal",
            "Status",
            "Progress",
            "Change",
            "Target",
            "Check-ins",
            plain=plain,
            title="Goals",
        )
        for goal in report.goals:
            goals.add_row(
                SafeText(f"{goal.id}  {goal.title}"),
                goal.status,
                fmt.progress(goal.progress, plain=plain),
                _change(goal),
                (target_label(goal) or "—").replace(", ", "\n", 1),
                _check_ins(goal, "\n"),
            )
        parts.append(goals)
        parts += goal_sections_text(report)
    else:
        parts.append(nothing("No goals."))
    ledger = small_table(
        [*(state.capitalize() for state in LEDGER_ORDER), "Follow-through"],
        [(*(str(report.requests.counts[s]) for s in LEDGER_ORDER), _follow_through(report))],
        plain=plain,
        title="Requests",
    )
    advice = small_table(
        ["Kind", "Accepted", "Declined", "Pending"],
        [
            (kind, *(str(answers[a]) for a in ("accepted", "declined", "pending")))
            for kind, answers in report.advice.items()
        ],
        plain=plain,
        title="Advice",
    )
    parts += [Text(""), ledger]
    if report.other_requests:
        parts += [
            Text(""),
            heading("Not linked to a goal"),
            requests_text(report.other_requests, today_of(report)),
        ]
    parts += [Text(""), advice]
    if report.advice_offered:
        parts += [Text(""), advice_text(report)]
    parts += [Text(""), heading("Highlights")]
    if report.highlights:
        parts.append(Highlights(report))
    else:
        parts.append(nothing("No session notes in this period."))
    return Group(*parts)


class Highlights:
    """Each session's line in bold, its notes, a blank line: written as
    segments, a line at a time, as Rich would wrap them all as one Text
    (render/wrapping.py). A year of sessions as renderables of their own, or
    as one Text, took a third of the whole report's time to lay out."""

    def __init__(self, report: Report) -> None:
        self.lines: list[tuple[str, str]] = []  # each line's text and style
        for highlight in report.highlights:
            when = f"{highlight.session}  {fmt.when(highlight.at)}  {highlight.channel}"
            self.lines.append((visible(when), "bold"))
            self.lines += [(line, "") for line in visible(highlight.notes.strip()).split("\n")]
            self.lines.append(("", ""))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        if console.color_system is None:  # no style shows: all of it as one segment
            pieces = (piece for line, _ in self.lines for piece in wrap_line(console, line, width))
            yield Segment("".join(f"{piece}\n" for piece in pieces))
            return
        styles = {"": None, "bold": console.get_style("bold")}
        newline = Segment.line()
        for line, style in self.lines:
            for piece in wrap_line(console, line, width):
                if piece:
                    yield Segment(piece, styles[style])
                yield newline


def to_text(report: Report) -> str:
    """The text report as a file: what a terminal shows, without colour."""
    # Safe as a terminal is: `cat report.txt` must not drive the terminal.
    console = SafeConsole(
        file=io.StringIO(), width=100, color_system=None, emoji=False, record=True
    )
    console.print(text_view(report, plain=True))
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


# --- markdown -------------------------------------------------------------


def md_text(text: str | None) -> str:
    """Text safe inside a Markdown table cell or line."""
    if not text:
        return ""
    escaped = text.replace("\\", "\\\\").replace("|", "\\|")
    for character in "*_`[]<>#":
        escaped = escaped.replace(character, "\\" + character)
    return " ".join(escaped.split())


def md_bar(percent: int) -> str:
    filled = round(percent / 10)
    return f"`{'█' * filled}{'░' * (10 - filled)}` {percent}%"


def to_markdown(report: Report) -> str:
    lines = [
        f"# Progress report: {md_text(_client_line(report))}",
        "",
        f"*{period_label(report.period)}*",
        "",
        *([md_text(_coach_line(report)), ""] if report.coach else []),
        "## The engagement",
        "",
    ]
    lines += [
        f"- **{label}:** {md_text(value)}" for label, value in _engagement_rows(report) if value
    ]
    lines += ["", "## Sessions and momentum", ""]
    lines += [
        f"- **{label}:** {md_text(value)}" for label, value in _momentum_rows(report) if value
    ]
    lines += ["", "## Goals", ""]
    if report.goals:
        lines += [
            "| Goal | Status | Progress | Change | Target | Check-ins |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {goal.id} {md_text(goal.title)} | {goal.status} | {md_bar(goal.progress)} | "
            f"{_change(goal)} | {target_label(goal) or '—'} | {_check_ins(goal, ' ')} |"
            for goal in report.goals
        ]
        lines += goal_sections_markdown(report, md_text)
    else:
        lines.append("No goals.")
    counts = report.requests.counts
    lines += [
        "",
        "## Requests",
        "",
        "| " + " | ".join(s.capitalize() for s in LEDGER_ORDER) + " | Follow-through |",
        "|" + "---|" * (len(LEDGER_ORDER) + 1),
        "| " + " | ".join(str(counts[s]) for s in LEDGER_ORDER) + f" | {_follow_through(report)} |",
    ]
    if report.other_requests:
        lines += ["", "### Not linked to a goal", ""]
        lines += requests_markdown(report.other_requests, today_of(report), md_text)
    lines += [
        "",
        "## Advice",
        "",
        "| Kind | Accepted | Declined | Pending |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {kind} | {a['accepted']} | {a['declined']} | {a['pending']} |"
        for kind, a in report.advice.items()
    ]
    if report.advice_offered:
        lines += ["", *advice_markdown(report, md_text)]
    lines += ["", "## Highlights", ""]
    if report.highlights:
        for highlight in report.highlights:
            lines += [
                f"### {highlight.session}, {fmt.when(highlight.at)} ({highlight.channel})",
                "",
                *(
                    f"> {md_text(line)}" if line.strip() else ">"
                    for line in highlight.notes.strip().splitlines()
                ),
                "",
            ]
    else:
        lines.append("No session notes in this period.")
    return "\n".join(lines).rstrip() + "\n"


# --- html -------------------------------------------------------------------

CSS = (
    """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328;
       max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0; } h2 { font-size: 1.2rem; margin-top: 2rem;
  border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
.period { color: #59636e; margin-top: .2rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left;
  padding: .3rem .5rem; border-bottom: 1px solid #eaeef2; vertical-align: middle; }
.bar { display: inline-block; width: 8rem; height: .6rem; background: #eaeef2;
  border-radius: .3rem; overflow: hidden; vertical-align: middle; }
.bar span { display: block; height: 100%; background: #1f883d; }
td.progress { white-space: nowrap; }
svg polyline { fill: none; stroke: #0969da; stroke-width: 2; }
svg circle { fill: #0969da; } svg line { stroke: #d0d7de; }
blockquote { margin: .3rem 0 1rem; padding-left: 1rem; border-left: 3px solid #d0d7de; }
@media print { body { margin: 0; max-width: none; } h2, h3 { break-after: avoid; }
  table, blockquote, .notes, .entries > li { break-inside: avoid; } }
"""
    + SECTIONS_CSS
)


def _chart(points: list[Point], width: int = 180, height: int = 48) -> str:
    """An inline SVG line chart of a goal's check-ins (0 to 100 %)."""
    if not points:
        return '<span class="none">no check-ins</span>'
    first, last = points[0].at.timestamp(), points[-1].at.timestamp()
    span = (last - first) or 1.0
    pad = 4

    def xy(point: Point) -> tuple[float, float]:
        x = pad + (width - 2 * pad) * (
            (point.at.timestamp() - first) / span if len(points) > 1 else 0.5
        )
        y = pad + (height - 2 * pad) * (1 - point.progress / 100)
        return round(x, 1), round(y, 1)

    coords = [xy(point) for point in points]
    polyline = " ".join(f"{x},{y}" for x, y in coords)
    dots = "".join(f'<circle cx="{x}" cy="{y}" r="2.5"/>' for x, y in coords)
    label = ", ".join(f"{p.progress}% on {to_local(p.at):%d %b}" for p in points)
    return (
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}"><line x1="{pad}" y1="{height - pad}" '
        f'x2="{width - pad}" y2="{height - pad}"/><polyline points="{polyline}"/>{dots}</svg>'
    )


def _dl(rows: list[tuple[str, str | None]]) -> str:
    items = "".join(
        f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in rows if value
    )
    return f"<dl>{items}</dl>"


def to_html(report: Report) -> str:
    from coachlog.render.notes_html import notes_html

    e = escape
    today = today_of(report)
    goals = "".join(
        f"<tr><td><strong>{goal.id}</strong> {e(goal.title)}</td><td>{goal.status}</td>"
        f'<td class="progress"><span class="bar"><span style="width:{goal.progress}%">'
        "</span></span> "
        f"{goal.progress}%</td><td>{_change(goal)}</td>"
        f"<td>{e(target_label(goal) or '—').replace(', ', '<br>', 1)}</td>"
        f'<td>{_chart(goal.check_ins)}<span class="span">{check_in_span(goal.check_ins)}</span>'
        "</td></tr>"
        for goal in report.goals
    )
    counts = report.requests.counts
    ledger = (
        "<tr>"
        + "".join(f"<th>{s.capitalize()}</th>" for s in LEDGER_ORDER)
        + "<th>Follow-through</th></tr><tr>"
        + "".join(f"<td>{counts[s]}</td>" for s in LEDGER_ORDER)
        + f"<td>{_follow_through(report)}</td></tr>"
    )
    advice = "".join(
        f"<tr><td>{kind}</td><td>{a['accepted']}</td><td>{a['declined']}</td>"
        f"<td>{a['pending']}</td></tr>"
        for kind, a in report.advice.items()
    )
    highlights = (
        "".join(
            f"<h3>{h.session}, {e(fmt.when(h.at))} ({h.channel})</h3>"
            f'<div class="notes">{notes_html(h.notes)}</div>'
            for h in report.highlights
        )
        or "<p>No session notes in this period.</p>"
    )
    title = f"Progress report: {_client_line(report)}"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<style>{CSS}</style>
</head>
<body>
<h1>{e(title)}</h1>
<p class="period">{e(period_label(report.period))}</p>
{f"<p>{e(_coach_line(report))}</p>" if report.coach else ""}
<h2>The engagement</h2>
{_dl(_engagement_rows(report))}
<h2>Sessions and momentum</h2>
{_dl(_momentum_rows(report))}
<h2>Goals</h2>
<table><tr><th>Goal</th><th>Status</th><th>Progress</th><th>Change</th><th>Target</th>
<th>Check-ins</th></tr>
{goals or '<tr><td colspan="6">No goals.</td></tr>'}</table>
{goal_sections_html(report)}
<h2>Requests</h2>
<table>{ledger}</table>
{_other_requests_html(report, today)}
<h2>Advice</h2>
<table><tr><th>Kind</th><th>Accepted</th><th>Declined</th><th>Pending</th></tr>{advice}</table>
{advice_html(report)}
<h2>Highlights</h2>
{highlights}
<p class="period">Generated {e(fmt.when(report.generated_at))} by coachlog.</p>
</body>
</html>
"""


def _other_requests_html(report: Report, today) -> str:
    if not report.other_requests:
        return ""
    return "<h3>Not linked to a goal</h3>" + requests_html(report.other_requests, today)


def to_json(report: Report) -> str:
    import json

    return json.dumps(to_data(report), indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[[Report], str]] = {
    "text": to_text,
    "markdown": to_markdown,
    "html": to_html,
    "json": to_json,
}
