"""The reviews: the executive's `goals`, and the coach's `schedule`, `prep`
and `agenda`. Every query here is bounded by one client or by a date range
on an index, so its time follows what it shows, not the store's size.

Client-facing data (the `goals` review) carries shared notes only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from coachlog.dates import day_bounds, to_local
from coachlog.kinds import RecordKind, parse_display_id
from coachlog.queries import agreements, sessions
from coachlog.queries.advice import AdviceView, advice_list
from coachlog.queries.common import ClientBrief, brief
from coachlog.queries.goals import goals_of
from coachlog.queries.requests import AWAITING_STATES, RequestView, request_list
from coachlog.queries.sessions import SessionView
from coachlog.readers import Reader

RECENT_DAYS = 30  # how far back `goals` shows the client's choices
LAPSE_FACTOR = 1.5  # a gap past 1.5× the agreed cadence needs the coach's attention
AGENDA_DAYS = 7


@dataclass(eq=False, repr=False)
class GoalReview:
    """A goal as `goals` reviews it: progress, target and commitments."""

    id: str
    title: str
    status: str
    progress: int
    target_date: date | None
    days_left: int | None
    outcome: str | None
    commitments: list[RequestView] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class Awaiting:
    """What waits for the client's answer."""

    requests: list[RequestView] = field(default_factory=list)
    advice: list[AdviceView] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class WaitingForCoach:
    """The client's counter-offers: the coach's to accept, decline or counter."""

    requests: list[RequestView] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class RequestOutcome(RequestView):
    """A request the client is done with (done, missed, declined), and when."""

    moved_at: datetime | None = None


@dataclass(eq=False, repr=False)
class Choices:
    """What the client did: commitments done or missed, requests declined,
    advice answered; since `since` (None: ever)."""

    since: date | None = None
    requests: list[RequestOutcome] = field(default_factory=list)
    advice: list[AdviceView] = field(default_factory=list)


@dataclass(eq=False, repr=False)
class ClientReview:
    """One client's commitments: what `goals` shows."""

    client: ClientBrief
    goals: list[GoalReview]
    other_commitments: list[RequestView]
    awaiting: Awaiting
    waiting_for_coach: WaitingForCoach
    recent_choices: Choices
    last_session: SessionView | None
    next_session: SessionView | None


def active_client_ids(reader: Reader) -> list[int]:
    rows = reader.rows(
        "SELECT id FROM client WHERE deleted_at IS NULL AND status = 'active' "
        "ORDER BY lower(name), handle"
    )
    return [row["id"] for row in rows]


def awaiting_answer(reader: Reader, *, today: date, client_id: int | None) -> Awaiting:
    return Awaiting(
        requests=request_list(reader, today=today, client_id=client_id, states=AWAITING_STATES),
        advice=advice_list(reader, client_id=client_id, pending_only=True),
    )


# What the client did with a request: a commitment kept or missed, or a
# request declined. A withdrawal is the coach's move, not the client's.
DONE_STATES = ("done", "missed", "declined")
EVER = datetime(1970, 1, 1, tzinfo=UTC)


def recent_choices(
    reader: Reader, *, client_id: int, now: datetime, everything: bool = False
) -> Choices:
    """What the client did in the last RECENT_DAYS days (`everything`: ever),
    the latest first."""
    since = EVER if everything else now - timedelta(days=RECENT_DAYS)
    requests = request_list(
        reader,
        today=to_local(now).date(),
        client_id=client_id,
        states=DONE_STATES,
        moved_since=None if everything else since,
    )
    outcomes = [
        RequestOutcome(
            **vars(request),
            # Its latest move, the one into its state (each of these is final);
            # one indexed look-up per request shown.
            moved_at=reader.value(
                "SELECT max(at) AS moved_at FROM request_event WHERE request_id = :number",
                number=parse_display_id(request.id, RecordKind.REQUEST),
            ),
        )
        for request in requests
    ]
    outcomes.sort(key=lambda outcome: outcome.moved_at or EVER, reverse=True)
    return Choices(
        since=None if everything else to_local(since).date(),
        requests=outcomes,
        advice=advice_list(reader, client_id=client_id, answered_since=since),
    )


def client_review(
    reader: Reader, client_id: int, *, now: datetime, all_goals: bool = False
) -> ClientReview:
    """One client's review, each item in its place: their commitments (under
    their goals, by due date, so overdue first), what awaits their answer, their counter-offers
    waiting for the coach, what they did (recent, or with `all_goals` ever),
    and the last and next sessions."""
    today = to_local(now).date()
    commitments = request_list(reader, today=today, client_id=client_id, states=("accepted",))
    goals = []
    for goal in goals_of(reader, client_id, include_closed=all_goals):
        if not all_goals and goal.status != "active":
            continue
        goals.append(
            GoalReview(
                id=goal.id,
                title=goal.title,
                status=goal.status,
                progress=goal.progress,
                target_date=goal.target_date,
                days_left=(goal.target_date - today).days if goal.target_date else None,
                outcome=goal.outcome,
                commitments=[c for c in commitments if c.goal == goal.id],
            )
        )
    shown = {goal.id for goal in goals}
    return ClientReview(
        client=brief(reader, client_id),
        goals=goals,
        other_commitments=[c for c in commitments if c.goal not in shown],
        awaiting=Awaiting(
            requests=request_list(reader, today=today, client_id=client_id, states=("proposed",)),
            advice=advice_list(reader, client_id=client_id, pending_only=True),
        ),
        waiting_for_coach=WaitingForCoach(
            requests=request_list(reader, today=today, client_id=client_id, states=("countered",))
        ),
        recent_choices=recent_choices(reader, client_id=client_id, now=now, everything=all_goals),
        last_session=sessions.last_held(reader, client_id),
        next_session=sessions.next_planned(reader, client_id, now),
    )


def schedule(reader: Reader, *, now: datetime, days: int) -> list[SessionView]:
    """Planned sessions of every client from today for `days` days, soonest first."""
    start, _ = day_bounds(to_local(now).date())
    return sessions.session_list(
        reader,
        since=start,
        until=start + timedelta(days=days),
        status="planned",
        oldest_first=True,
    )


@dataclass(eq=False, repr=False)
class GoalChange:
    """A goal's progress since the last session, for `prep`."""

    id: str
    title: str
    status: str
    progress: int
    progress_at_last_session: int | None
    change: int | None


@dataclass(eq=False, repr=False)
class Prep:
    """A brief before a client's next session."""

    client: ClientBrief
    focus: str | None
    cadence_days: int | None
    days_since_last_session: int | None
    days_past_cadence: int | None
    last_session: SessionView | None
    next_session: SessionView | None
    commitments: list[RequestView]
    awaiting: Awaiting
    goals: list[GoalChange]


def prep(reader: Reader, client_id: int, *, now: datetime) -> Prep:
    """The coach's brief before the next session."""
    today = to_local(now).date()
    agreement = agreements.current(reader, client_id)
    cadence = agreement.cadence_days if agreement else None
    last = sessions.last_held(reader, client_id)
    since = (today - to_local(last.at).date()).days if last else None
    goals = []
    for goal in goals_of(reader, client_id, include_closed=False):
        before = None
        if last is not None:
            before = reader.value(
                "SELECT progress FROM goal_update WHERE goal_id = :goal AND at <= :at "
                "ORDER BY at DESC, id DESC LIMIT 1",
                goal=parse_display_id(goal.id, RecordKind.GOAL),
                at=last.at,
            )
            before = 0 if before is None else before
        goals.append(
            GoalChange(
                id=goal.id,
                title=goal.title,
                status=goal.status,
                progress=goal.progress,
                progress_at_last_session=before,
                change=None if before is None else goal.progress - before,
            )
        )
    return Prep(
        client=brief(reader, client_id),
        focus=agreement.focus if agreement else None,
        cadence_days=cadence,
        days_since_last_session=since,
        days_past_cadence=(
            since - cadence if since is not None and cadence and since > cadence else None
        ),
        last_session=last,
        next_session=sessions.next_planned(reader, client_id, now),
        commitments=request_list(reader, today=today, client_id=client_id, states=("accepted",)),
        awaiting=awaiting_answer(reader, today=today, client_id=client_id),
        goals=goals,
    )


@dataclass(eq=False, repr=False)
class LapsedClient:
    """A client past their agreed cadence without a session."""

    client: str
    name: str
    cadence_days: int
    last_session_at: datetime | None
    days_since: int


@dataclass(eq=False, repr=False)
class Agenda:
    """The coach's dashboard across clients."""

    upcoming: list[SessionView]
    overdue: list[RequestView]
    lapsed: list[LapsedClient]
    awaiting: Awaiting


def lapsed_clients(reader: Reader, *, today: date) -> list[LapsedClient]:
    """Active clients whose gap since the last held session (or since the
    agreement began, if none was held) is past 1.5× their cadence."""
    rows = reader.rows(
        "SELECT c.handle AS client, c.name, a.cadence_days, a.start_date, "
        "(SELECT max(s.at) FROM session AS s WHERE s.client_id = c.id "
        " AND s.status = 'held' AND s.deleted_at IS NULL) AS last_session_at "
        "FROM client AS c JOIN agreement AS a ON a.client_id = c.id AND a.revision = "
        " (SELECT max(revision) FROM agreement WHERE client_id = c.id) "
        "WHERE c.deleted_at IS NULL AND c.status = 'active' AND a.cadence_days IS NOT NULL "
        "ORDER BY lower(c.name)"
    )
    lapsed = []
    for row in rows:
        start = row.pop("start_date")
        since = to_local(row["last_session_at"]).date() if row["last_session_at"] else start
        if since is None:
            continue
        days = (today - since).days
        if days > LAPSE_FACTOR * row["cadence_days"]:
            lapsed.append(LapsedClient(**row, days_since=days))
    return lapsed


def agenda(reader: Reader, *, now: datetime) -> Agenda:
    """The coach's week across clients."""
    today = to_local(now).date()
    return Agenda(
        upcoming=schedule(reader, now=now, days=AGENDA_DAYS),
        overdue=request_list(reader, today=today, states=("accepted",), overdue_only=True),
        lapsed=lapsed_clients(reader, today=today),
        awaiting=awaiting_answer(reader, today=today, client_id=None),
    )
