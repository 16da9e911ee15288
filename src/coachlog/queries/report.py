"""The progress report as plain data, which every format renders.

A report is client-facing: it never selects private notes.
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


@dataclass
class Period:
    since: datetime | None
    until: datetime


@dataclass
class Engagement:
    focus: str | None
    desired_outcomes: str | None
    cadence_days: int | None
    start_date: date | None
    end_date: date | None
    revisions: int


@dataclass
class Momentum:
    held: int
    by_channel: dict[str, int]
    cadence_days: int | None
    mean_gap_days: float | None
    longest_gap_days: float | None
    next_session: SessionView | None


@dataclass
class Point:
    at: datetime
    progress: int


@dataclass
class GoalProgress:
    id: str
    title: str
    status: str
    progress: int
    progress_at_start: int
    change: int
    target_date: date | None
    check_ins: list[Point] = field(default_factory=list)


@dataclass
class RequestLedger:
    counts: dict[str, int]
    follow_through: float | None  # done ÷ (done + missed)


@dataclass
class Highlight:
    session: str
    at: datetime
    channel: str
    notes: str


@dataclass
class Report:
    client: ClientBrief
    period: Period
    generated_at: datetime
    engagement: Engagement
    sessions: Momentum
    goals: list[GoalProgress]
    requests: RequestLedger
    advice: dict[str, dict[str, int]]
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


def _goals(reader: Reader, client_id: int, period: Period) -> list[GoalProgress]:
    goals = reader.rows(
        # A goal belongs to the period if it existed by its end: created, or
        # checked in on (check-ins may be back-dated), before then.
        "SELECT id, title, status, target_date FROM goal AS g "
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
                "SELECT at, progress FROM goal_update WHERE goal_id = :goal"
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
                check_ins=points,
            )
        )
    return progress


def _requests(reader: Reader, client_id: int, period: Period) -> RequestLedger:
    params: dict = {"client": client_id}
    rows = reader.rows(
        # A request counts in the period it was made: its first event.
        "SELECT state, count(*) AS n FROM request AS r WHERE client_id = :client "
        "AND deleted_at IS NULL"
        + _in_period(
            "(SELECT min(e.at) FROM request_event AS e WHERE e.request_id = r.id)", period, params
        )
        + " GROUP BY state",
        **params,
    )
    counts = {state.value: 0 for state in RequestState}
    counts.update({row["state"]: row["n"] for row in rows})
    settled = counts["done"] + counts["missed"]
    return RequestLedger(
        counts=counts,
        follow_through=round(counts["done"] / settled, 2) if settled else None,
    )


def _advice(reader: Reader, client_id: int, period: Period) -> dict[str, dict[str, int]]:
    params: dict = {"client": client_id}
    rows = reader.rows(
        "SELECT kind, response, count(*) AS n FROM advice AS a WHERE client_id = :client "
        "AND deleted_at IS NULL"
        + _in_period(
            "(SELECT min(e.at) FROM advice_event AS e WHERE e.advice_id = a.id)", period, params
        )
        + " GROUP BY kind, response",
        **params,
    )
    ledger = {kind.value: {r.value: 0 for r in AdviceResponse} for kind in AdviceKind}
    for row in rows:
        ledger[row["kind"]][row["response"]] = row["n"]
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
    reader: Reader, client_id: int, *, since: datetime | None, until: datetime, now: datetime
) -> Report:
    """The engagement's progress over a period (the whole engagement when
    `since` is None)."""
    period = Period(since=since, until=until)
    engagement = _engagement(reader, client_id)
    return Report(
        client=brief(reader, client_id),
        period=period,
        generated_at=now,
        engagement=engagement,
        sessions=_momentum(reader, client_id, period, engagement.cadence_days),
        goals=_goals(reader, client_id, period),
        requests=_requests(reader, client_id, period),
        advice=_advice(reader, client_id, period),
        highlights=_highlights(reader, client_id, period),
    )


def period_label(period: Period) -> str:
    end = to_local(period.until - timedelta(microseconds=1)).date()  # the last day included
    if period.since is None:
        return f"the whole engagement, to {end:%d %b %Y}"
    return f"{to_local(period.since).date():%d %b %Y} to {end:%d %b %Y}"
