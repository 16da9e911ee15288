"""The progress report as plain data, which every format renders.

A report is client-facing: it never selects private notes.

A request or piece of advice belongs to the period when it was made before
the period's end and either moved in the period or still waits on someone
(an open request, pending advice); each is shown as it stands now, with
every answer the client gave.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise

from coachlog.dates import to_local
from coachlog.kinds import AdviceKind, AdviceResponse, RecordKind, RequestState, display_id
from coachlog.queries import agreements, sessions
from coachlog.queries.common import ClientBrief, brief, unindexed
from coachlog.queries.sessions import SessionView
from coachlog.readers import Reader


@dataclass(eq=False, repr=False)
class Period:
    """The stretch of time a report covers."""

    since: datetime | None
    until: datetime


@dataclass(eq=False, repr=False)
class Engagement:
    """The agreement's terms as a report shows them."""

    focus: str | None
    desired_outcomes: str | None
    cadence_days: int | None
    start_date: date | None
    end_date: date | None
    revisions: int


@dataclass(eq=False, repr=False)
class Momentum:
    """Sessions held in the period, their rhythm and the next one planned."""

    held: int
    by_channel: dict[str, int]
    cadence_days: int | None
    mean_gap_days: float | None
    longest_gap_days: float | None
    next_session: SessionView | None


@dataclass(eq=False, repr=False)
class Point:
    """A goal's progress at one moment of the period."""

    at: datetime
    progress: int
    note: str | None = None


@dataclass(eq=False, repr=False)
class Move:
    """A step in a request's life after it was asked: the client's answer
    (their note, a counter-offer's words and date) or the coach's."""

    at: datetime
    state: str
    text: str | None
    due_date: date | None
    note: str | None


@dataclass(eq=False, repr=False)
class RequestEntry:
    """A request in a report, with its life since it was asked."""

    id: str
    text: str
    state: str
    due_date: date | None
    overdue: bool
    goal: str | None
    asked_at: datetime
    counter_text: str | None
    counter_due: date | None
    moves: list[Move] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class AdviceEntry:
    """Advice offered in the period and the client's answer."""

    id: str
    text: str
    kind: str
    response: str
    note: str | None  # the client's words with their answer
    goal: str | None
    offered_at: datetime
    answered_at: datetime | None


@dataclass(eq=False, repr=False)
class GoalProgress:
    """A goal's progress over the period, its check-ins and requests."""

    id: str
    title: str
    status: str
    progress: int
    progress_at_start: int
    change: int
    target_date: date | None
    days_left: int | None  # to the target date from today; negative once past it
    outcome: str | None
    check_ins: list[Point] = field(default_factory=list)
    requests: list[RequestEntry] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class RequestLedger:
    """How the period's requests stand, and the client's follow-through."""

    counts: dict[str, int]
    follow_through: float | None  # done ÷ (done + missed)


@dataclass(eq=False, repr=False)
class Highlight:
    """A held session's shared notes, as a report quotes them."""

    session: str
    at: datetime
    channel: str
    notes: str


@dataclass(eq=False, repr=False)
class Report:
    """A client's progress over a period: what `coachlog report` shows."""

    client: ClientBrief
    coach: str | None
    period: Period
    generated_at: datetime
    engagement: Engagement
    sessions: Momentum
    goals: list[GoalProgress]
    requests: RequestLedger
    other_requests: list[RequestEntry]  # not linked to a goal in the report
    advice: dict[str, dict[str, int]]
    advice_offered: list[AdviceEntry]
    highlights: list[Highlight]


def _in_period(column: str, period: Period, params: dict) -> str:
    params["until"] = period.until
    clause = f" AND {column} < :until"
    if period.since is not None:
        params["since"] = period.since
        clause += f" AND {column} >= :since"
    return clause


def _engagement(reader: Reader, client_id: int) -> Engagement:
    current = agreements.current(reader, client_id)
    revisions = reader.value(
        "SELECT count(*) FROM agreement WHERE client_id = :client", client=client_id
    )
    first = reader.row(
        "SELECT start_date FROM agreement WHERE client_id = :client ORDER BY revision LIMIT 1",
        client=client_id,
    )
    return Engagement(
        focus=current.focus if current else None,
        desired_outcomes=current.desired_outcomes if current else None,
        cadence_days=current.cadence_days if current else None,
        start_date=(current.start_date if current else None) or (first or {}).get("start_date"),
        end_date=current.end_date if current else None,
        revisions=revisions or 0,
    )


def _momentum(reader: Reader, client_id: int, period: Period, cadence: int | None) -> Momentum:
    params: dict = {"client": client_id}
    held = reader.rows(
        f"SELECT at, channel FROM session WHERE client_id = :client "
        f"AND {unindexed(reader, 'status')} = 'held' AND deleted_at IS NULL"
        + _in_period("at", period, params)
        + " ORDER BY at",
        **params,
    )
    gaps = [
        (later["at"] - earlier["at"]).total_seconds() / 86400 for earlier, later in pairwise(held)
    ]
    return Momentum(
        held=len(held),
        by_channel=dict(Counter(row["channel"] for row in held).most_common()),
        cadence_days=cadence,
        mean_gap_days=round(sum(gaps) / len(gaps), 1) if gaps else None,
        longest_gap_days=round(max(gaps), 1) if gaps else None,
        next_session=sessions.next_planned(reader, client_id, period.until),
    )


def _progress_before(reader: Reader, goal_id: int, moment: datetime | None) -> int:
    """A goal's progress as of `moment`: its last check-in before then, else 0."""
    if moment is None:
        return 0
    value = reader.value(
        "SELECT progress FROM goal_update WHERE goal_id = :goal AND at < :moment "
        "ORDER BY at DESC, id DESC LIMIT 1",
        goal=goal_id,
        moment=moment,
    )
    return value or 0


def _goals(reader: Reader, client_id: int, period: Period, today: date) -> list[GoalProgress]:
    goals = reader.rows(
        # A goal belongs to the period if it existed by its end: created, or
        # checked in on (check-ins may be back-dated), before then.
        "SELECT id, title, status, target_date, outcome FROM goal AS g "
        "WHERE client_id = :client AND deleted_at IS NULL AND (created_at < :until "
        "OR EXISTS (SELECT 1 FROM goal_update AS u WHERE u.goal_id = g.id AND u.at < :until)) "
        "ORDER BY CASE status WHEN 'active' THEN 0 WHEN 'achieved' THEN 1 "
        "WHEN 'paused' THEN 2 ELSE 3 END, id",
        client=client_id,
        until=period.until,
    )
    progress = []
    for goal in goals:
        params: dict = {"goal": goal["id"]}
        points = [
            Point(**row)
            for row in reader.rows(
                "SELECT at, progress, note FROM goal_update WHERE goal_id = :goal"
                + _in_period("at", period, params)
                + " ORDER BY at, id",
                **params,
            )
        ]
        start = _progress_before(reader, goal["id"], period.since)
        end = _progress_before(reader, goal["id"], period.until)
        progress.append(
            GoalProgress(
                id=display_id(RecordKind.GOAL, goal["id"]),
                title=goal["title"],
                status=goal["status"],
                progress=end,
                progress_at_start=start,
                change=end - start,
                target_date=goal["target_date"],
                days_left=(goal["target_date"] - today).days if goal["target_date"] else None,
                outcome=goal["outcome"],
                check_ins=points,
            )
        )
    return progress


def _in_play(table: str, alias: str, waiting: str, period: Period, params: dict) -> str:
    """The period's records of `table` (see the module's docstring)."""
    events = f"{table}_event AS e WHERE e.{table}_id = {alias}.id"
    params["until"] = period.until
    clause = f" AND (SELECT min(e.at) FROM {events}) < :until"
    if period.since is not None:
        params["since"] = period.since
        clause += (
            f" AND ({waiting} OR EXISTS (SELECT 1 FROM {events} "
            "AND e.at >= :since AND e.at < :until))"
        )
    return clause


def _requests(reader: Reader, client_id: int, period: Period, today: date) -> list[RequestEntry]:
    params: dict = {"client": client_id, "today": today}
    rows = reader.rows(
        # Soft-deleted goals are shown unlinked (DESIGN §5).
        "SELECT r.id, r.text, r.state, r.due_date, "
        "(r.state = 'accepted' AND r.due_date IS NOT NULL AND r.due_date < :today) AS overdue, "
        "g.id AS goal_id, r.counter_text, r.counter_due FROM request AS r "
        "LEFT JOIN goal AS g ON g.id = r.goal_id AND g.deleted_at IS NULL "
        "WHERE r.client_id = :client AND r.deleted_at IS NULL"
        + _in_play(
            "request", "r", "r.state IN ('proposed', 'countered', 'accepted')", period, params
        ),
        **params,
    )
    if not rows:
        return []
    moves: dict[int, list[dict]] = {}
    for event in reader.rows(
        "SELECT e.request_id, e.at, e.to_state AS state, e.text, e.due_date, e.note "
        "FROM request_event AS e JOIN request AS r ON r.id = e.request_id "
        "WHERE r.client_id = :client AND r.deleted_at IS NULL ORDER BY e.seq, e.at, e.uuid",
        client=client_id,
    ):
        moves.setdefault(event.pop("request_id"), []).append(event)
    entries = []
    for row in rows:
        history = moves.get(row["id"], [])
        entries.append(
            RequestEntry(
                id=display_id(RecordKind.REQUEST, row["id"]),
                text=row["text"],
                state=row["state"],
                due_date=row["due_date"],
                overdue=bool(row["overdue"]),
                goal=display_id(RecordKind.GOAL, row["goal_id"]) if row["goal_id"] else None,
                asked_at=history[0]["at"],
                counter_text=row["counter_text"],
                counter_due=row["counter_due"],
                moves=[Move(**event) for event in history[1:]],
            )
        )
    entries.sort(key=lambda entry: (entry.asked_at, entry.id))
    return entries


def _ledger(requests: list[RequestEntry]) -> RequestLedger:
    counts = {state.value: 0 for state in RequestState}
    counts.update(Counter(request.state for request in requests))
    settled = counts["done"] + counts["missed"]
    return RequestLedger(
        counts=counts,
        follow_through=round(counts["done"] / settled, 2) if settled else None,
    )


def _advice(reader: Reader, client_id: int, period: Period) -> list[AdviceEntry]:
    params: dict = {"client": client_id}
    rows = reader.rows(
        "SELECT a.id, a.text, a.kind, a.response, a.response_note AS note, g.id AS goal_id, "
        "(SELECT min(e.at) FROM advice_event AS e WHERE e.advice_id = a.id) AS offered_at, "
        "a.responded_at AS answered_at FROM advice AS a "
        "LEFT JOIN goal AS g ON g.id = a.goal_id AND g.deleted_at IS NULL "
        "WHERE a.client_id = :client AND a.deleted_at IS NULL"
        + _in_play("advice", "a", "a.response = 'pending'", period, params),
        **params,
    )
    entries = []
    for row in rows:
        number, goal = row.pop("id"), row.pop("goal_id")
        entries.append(
            AdviceEntry(
                id=display_id(RecordKind.ADVICE, number),
                goal=display_id(RecordKind.GOAL, goal) if goal else None,
                **row,
            )
        )
    entries.sort(key=lambda entry: (entry.offered_at, entry.id))
    return entries


def _advice_ledger(advice: list[AdviceEntry]) -> dict[str, dict[str, int]]:
    ledger = {kind.value: {r.value: 0 for r in AdviceResponse} for kind in AdviceKind}
    for entry in advice:
        ledger[entry.kind][entry.response] += 1
    return ledger


def _highlights(reader: Reader, client_id: int, period: Period) -> list[Highlight]:
    params: dict = {"client": client_id}
    rows = reader.rows(
        # Shared notes only: `private_notes` is never selected for a report.
        "SELECT id, at, channel, notes FROM session WHERE client_id = :client "
        f"AND {unindexed(reader, 'status')} = 'held' AND deleted_at IS NULL "
        "AND notes IS NOT NULL" + _in_period("at", period, params) + " ORDER BY at DESC, id DESC",
        **params,
    )
    return [
        Highlight(
            session=display_id(RecordKind.SESSION, row["id"]),
            at=row["at"],
            channel=row["channel"],
            notes=row["notes"],
        )
        for row in rows
    ]


def progress_report(
    reader: Reader,
    client_id: int,
    *,
    since: datetime | None,
    until: datetime,
    now: datetime,
    coach: str | None = None,
) -> Report:
    """The engagement's progress over a period (the whole engagement when
    `since` is None): each goal with the requests made for it, the other
    requests, the advice offered, and the client's answers to each."""
    period = Period(since=since, until=until)
    today = to_local(now).date()
    engagement = _engagement(reader, client_id)
    goals = _goals(reader, client_id, period, today)
    requests = _requests(reader, client_id, period, today)
    by_goal = {goal.id: goal for goal in goals}
    other_requests = []
    for request in requests:
        if request.goal in by_goal:
            by_goal[request.goal].requests.append(request)
        else:
            other_requests.append(request)
    advice = _advice(reader, client_id, period)
    return Report(
        client=brief(reader, client_id),
        coach=coach,
        period=period,
        generated_at=now,
        engagement=engagement,
        sessions=_momentum(reader, client_id, period, engagement.cadence_days),
        goals=goals,
        requests=_ledger(requests),
        other_requests=other_requests,
        advice=_advice_ledger(advice),
        advice_offered=advice,
        highlights=_highlights(reader, client_id, period),
    )


def period_label(period: Period) -> str:
    end = to_local(period.until - timedelta(microseconds=1)).date()  # the last day included
    if period.since is None:
        return f"the whole engagement, to {end:%d %b %Y}"
    return f"{to_local(period.since).date():%d %b %Y} to {end:%d %b %Y}"
