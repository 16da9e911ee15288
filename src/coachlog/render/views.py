"""Rich views of the coach's records: clients, agreements, goals, sessions.

User text always enters as `Text` (never as markup), so nothing a person
wrote can change how it is shown.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.table import Column, Table
from rich.text import Text

from coachlog.render import styles
from coachlog.render import text as fmt
from coachlog.render.fitting import FittedTable
from coachlog.render.output import visible
from coachlog.render.text import when

if TYPE_CHECKING:  # views take plain data; importing its modules costs every command
    from coachlog.queries.agreements import AgreementRevision
    from coachlog.queries.clients import ClientDetail, ClientSummary
    from coachlog.queries.goals import GoalView
    from coachlog.queries.sessions import SessionDetail, SessionView
    from coachlog.queries.trash import TrashItem


class SafeText(Text):
    """Rich's Text for anything a person typed: its control characters
    (ESC, BEL, backspace, CR, C1…) are shown as `^[`-style text before
    layout, so a column is as wide as what it shows, and nothing reaches
    the terminal to obey. (The console makes the same check after layout,
    for text that arrives any other way.) Rich itself would silently drop
    some (BEL, CR) and keep ESC raw."""

    def __init__(self, text: str = "", *args, **kwargs) -> None:
        super().__init__(visible(text), *args, **kwargs)

    def append(self, text, style=None):
        return super().append(visible(text) if isinstance(text, str) else text, style)


STATUS_STYLE = styles.STATUS


def table(
    *headers: str | Column, plain: bool, title: str | None = None, expand: bool = False
) -> Table:
    """A table that reads in a terminal and stays plain when piped; with
    `expand`, a `ratio` column takes what width is left. At a narrow
    terminal it wraps rather than cuts (render/fitting.py)."""
    grid = FittedTable(
        *headers,
        box=None if plain else box.SIMPLE_HEAD,
        header_style="bold",
        title=title,
        title_justify="left",
        title_style="bold",
        pad_edge=False,
        show_edge=False,
        collapse_padding=not plain,  # the box adds its own gap in a terminal
        expand=expand,
    )
    return grid


def small_table(
    headers: list[str], rows: list[tuple[str, ...]], *, plain: bool, title: str | None = None
) -> RenderableType:
    """A table of a few short cells (counts, states): to a file or a pipe,
    written line by line as Rich lays it out (render/plain_table.py)."""

    def laid_out() -> Table:
        grid = table(*headers, plain=plain, title=title)
        for row in rows:
            grid.add_row(*(SafeText(cell) for cell in row))
        return grid

    if not plain:
        return laid_out()
    from coachlog.render.plain_table import PlainTable

    shown = [tuple(visible(cell) for cell in row) for row in rows]
    return PlainTable(headers, shown, last="wrap", table=laid_out, title=title)


def heading(text: str, detail: str = "") -> Text:
    line = SafeText(text, style="bold")
    if detail:
        line.append(f"  {detail}", style="dim")
    return line


def status(value: str) -> Text:
    return SafeText(value, style=STATUS_STYLE.get(value, ""))


def fields(rows: list[tuple[str, str | Text | None]]) -> RenderableType:
    """Label/value pairs, leaving out the empty ones. Where no style shows
    (a file, a pipe), written line by line as Rich's grid lays them out
    (render/plain_table.py)."""
    from coachlog.render.plain_table import PlainTable

    kept = [(label, value) for label, value in rows if value]

    def grid() -> Table:
        laid_out = Table.grid(padding=(0, 2))
        laid_out.add_column(style="bold", no_wrap=True)
        laid_out.add_column(overflow="fold")
        for label, value in kept:
            laid_out.add_row(SafeText(label), value if isinstance(value, Text) else SafeText(value))
        return laid_out

    plain = [
        (visible(label), value.plain if isinstance(value, Text) else visible(value))
        for label, value in kept
    ]
    return PlainTable(None, plain, last="wrap", table=grid, overflow="fold")


def nothing(message: str) -> Text:
    return SafeText(message, style="dim italic")


# --- clients -------------------------------------------------------------


def client_table(clients: list[ClientSummary], *, plain: bool) -> RenderableType:
    if not clients:
        return nothing('No clients yet. Add one with: coachlog client add "Jane Doe"')
    grid = table(
        Column("Handle", no_wrap=True),
        "Name",
        "Organization",
        "Status",
        "Open goals",
        Column("Last session", no_wrap=True),
        Column("Next session", no_wrap=True),
        plain=plain,
    )
    for client in clients:
        grid.add_row(
            SafeText(client.handle),
            SafeText(client.name),
            SafeText(client.organization or ""),
            status(client.status),
            str(client.open_goals),
            fmt.when(client.last_session),
            fmt.when(client.next_session),
        )
    return grid


def client_card(detail: ClientDetail, *, plain: bool, today: date) -> RenderableType:
    role = ", ".join(part for part in (detail.title, detail.organization) if part)
    parts: list[RenderableType] = [
        heading(f"{detail.name} ({detail.handle})", detail.status),
        fields([("Role", role), ("Email", detail.email), ("Time zone", detail.time_zone)]),
        SafeText(""),
    ]
    if detail.agreement:
        parts += [agreement_summary(detail.agreement), SafeText("")]
    else:
        parts += [
            nothing(f"No agreement yet: coachlog agreement set {detail.handle} --focus …"),
            SafeText(""),
        ]
    parts += [goal_table(detail.goals, plain=plain, today=today, title="Goals"), SafeText("")]
    parts.append(
        session_table(detail.recent_sessions, plain=plain, title="Recent sessions", client=False)
        if detail.recent_sessions
        else nothing("No sessions held yet.")
    )
    if detail.next_session:
        upcoming = detail.next_session
        parts.append(
            SafeText.assemble(
                ("Next session: ", "bold"),
                f"{upcoming.id}  {fmt.session_when(upcoming)}  {upcoming.channel}",
            )
        )
    return Group(*parts)


# --- agreements ----------------------------------------------------------


def _agreement_rows(revision: AgreementRevision) -> list[tuple[str, str | None]]:
    period = f"{fmt.day(revision.start_date)} to {fmt.day(revision.end_date)}"
    if not revision.end_date:
        period = f"from {fmt.day(revision.start_date)}"
    return [
        ("Focus", revision.focus),
        ("Format", revision.format),
        ("Outcomes", revision.desired_outcomes),
        ("Cadence", fmt.cadence(revision.cadence_days) if revision.cadence_days else None),
        ("Channel", revision.default_channel),
        ("Length", fmt.minutes(revision.session_minutes) if revision.session_minutes else None),
        ("Boundaries", revision.boundaries),
        ("Period", period if revision.start_date else None),
    ]


def agreement_summary(revision: AgreementRevision) -> RenderableType:
    return Group(
        heading(
            "Agreement", f"revision {revision.revision}, {fmt.day(revision.created_at.date())}"
        ),
        fields(_agreement_rows(revision)),
    )


def agreement_history(revisions: list[AgreementRevision]) -> RenderableType:
    """Every revision, newest first, each showing only what it changed."""
    parts: list[RenderableType] = []
    previous: dict[str, str | None] = {}
    blocks = []
    for revision in revisions:
        rows = _agreement_rows(revision)
        changed = [(label, value) for label, value in rows if previous.get(label) != value]
        cleared = [
            (label, SafeText("(cleared)", style="dim")) for label, value in changed if not value
        ]
        blocks.append(
            Group(
                heading(
                    f"Revision {revision.revision}",
                    fmt.when(revision.created_at) + ("" if previous else "  first agreement"),
                ),
                fields([row for row in changed if row[1]] + cleared),
            )
        )
        previous = dict(rows)
    for block in reversed(blocks):
        parts += [block, SafeText("")]
    return Group(*parts[:-1])


# --- goals ---------------------------------------------------------------


def target(goal: GoalView, today: date) -> Text:
    if goal.target_date is None:
        return SafeText("—")
    label = SafeText(fmt.day(goal.target_date))
    if goal.status in ("active", "paused"):
        late = goal.target_date < today
        label.append(
            f"  {fmt.relative_days(goal.target_date, today)}",
            style=styles.OVERDUE if late else styles.QUIET,
        )
    return label


def goal_table(
    goals: list[GoalView], *, plain: bool, today: date, title: str | None = None
) -> RenderableType:
    if not goals:
        return nothing("No goals yet.")
    grid = table(
        "ID", "Goal", "Status", Column("Progress", no_wrap=True), "Target", plain=plain, title=title
    )
    for goal in goals:
        grid.add_row(
            goal.id,
            SafeText(goal.title),
            status(goal.status),
            fmt.progress(goal.progress, plain=plain),
            target(goal, today),
        )
    return grid


def goal_card(goal: GoalView, *, plain: bool, today: date) -> RenderableType:
    parts: list[RenderableType] = [
        heading(f"{goal.id}  {goal.title}", f"{goal.client}, {goal.status}"),
        fields(
            [
                ("Outcome", goal.outcome),
                ("Measure", goal.measure),
                ("Target", target(goal, today) if goal.target_date else None),
            ]
        ),
        fmt.progress(goal.progress, plain=plain),
        SafeText(""),
    ]
    if goal.history:
        grid = table("When", "Progress", "Change", "Note", plain=plain, title="Check-ins")
        for check_in in goal.history:
            grid.add_row(
                fmt.when(check_in.at),
                f"{check_in.progress}%",
                status(check_in.status) if check_in.status else SafeText(""),
                SafeText(check_in.note or ""),
            )
        parts.append(grid)
    else:
        parts.append(nothing(f"No check-ins yet: coachlog goal progress {goal.id} 20"))
    return Group(*parts)


# --- sessions ------------------------------------------------------------


def session_table(
    sessions: list[SessionView], *, plain: bool, title: str | None = None, client: bool = True
) -> RenderableType:
    if not sessions:
        return nothing("No sessions.")
    if plain and title is None:  # to a file or a pipe: line by line (render/plain_table.py)
        from coachlog.render.output import visible
        from coachlog.render.plain_table import PlainTable

        rows = [
            (
                view.id,
                fmt.session_when(view),
                *([visible(view.client)] if client else []),
                view.status,
                view.channel,
                fmt.minutes(view.duration_minutes),
                " ".join(view.goals),
                visible(fmt.first_line(view.notes, 80)),
            )
            for view in sessions
        ]
        names = ["ID", "When", *(["Client"] if client else []), "Status", "Channel", "Length"]
        return PlainTable(
            [*names, "Goals", "Notes"],
            rows,
            last="cut",
            table=lambda: _session_grid(sessions, plain=True, title=None, client=client),
        )
    return _session_grid(sessions, plain=plain, title=title, client=client)


def _session_grid(
    sessions: list[SessionView], *, plain: bool, title: str | None, client: bool
) -> RenderableType:
    headers = [
        "ID",
        Column("When", no_wrap=True),
        *([Column("Client", no_wrap=True)] if client else []),
        "Status",
        "Channel",
        "Length",
        "Goals",
        Column("Notes", no_wrap=True, overflow="ellipsis", ratio=1),
    ]
    grid = table(*headers, plain=plain, title=title, expand=True)
    for view in sessions:
        grid.add_row(
            view.id,
            fmt.session_when(view),
            *([SafeText(view.client)] if client else []),
            status(view.status),
            view.channel,
            fmt.minutes(view.duration_minutes),
            " ".join(view.goals),
            SafeText(fmt.first_line(view.notes, 80)),
        )
    return grid


def health_view(health) -> RenderableType:
    """What `doctor` found, problems last and plain."""
    rows = [
        ("Store", health.path),
        ("Size", f"{health.size_bytes:,} bytes" if health.exists else None),
        (
            "Schema",
            f"{health.schema_revision} (this coachlog: {health.schema_head})"
            if health.schema_revision
            else None,
        ),
        ("Journal", health.journal_mode),
        (
            "Permissions",
            f"file {health.file_mode}, folder {health.folder_mode}" if health.file_mode else None,
        ),
        ("Integrity", health.integrity),
        ("Foreign keys", health.foreign_keys),
        (
            "Newest backup",
            f"{health.newest_backup} ({when(health.newest_backup_at)})"
            if health.newest_backup
            else "none yet: coachlog backup",
        ),
    ]
    verdict = (
        SafeText("All is well.", style="bold green")
        if health.ok
        else SafeText(
            "\n".join(f"Problem: {problem}" for problem in health.problems), style="bold red"
        )
    )
    notes = [SafeText(f"Note: {note}", style="yellow") for note in health.notes]
    return Group(fields(rows), SafeText(""), *notes, verdict)


def trash_table(items: list[TrashItem], *, plain: bool) -> RenderableType:
    if not items:
        return nothing("The trash is empty.")
    grid = table("ID", "Kind", "Client", "What", Column("Deleted", no_wrap=True), plain=plain)
    for item in items:
        grid.add_row(
            SafeText(item.id),
            item.kind,
            SafeText(item.client),
            SafeText(fmt.first_line(item.what, 60)),
            fmt.when(item.deleted_at),
        )
    return grid


def session_card(detail: SessionDetail) -> RenderableType:
    parts: list[RenderableType] = [
        heading(f"{detail.id}  {fmt.when(detail.at)}", f"{detail.client}, {detail.status}"),
        fields(
            [
                ("Channel", detail.channel),
                ("Length", fmt.minutes(detail.duration_minutes)),
                ("Goals", " ".join(detail.goals)),
            ]
        ),
        SafeText(""),
        heading("Notes", "shared with the client"),
        SafeText(detail.notes) if detail.notes else nothing("No notes."),
    ]
    if detail.private_notes:
        parts += [
            SafeText(""),
            heading("Private notes", "the coach's alone"),
            SafeText(detail.private_notes),
        ]
    return Group(*parts)
