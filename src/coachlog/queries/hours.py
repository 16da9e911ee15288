"""Hours: the sessions held in a period and their time, per client and
channel, for invoices and supervision logs.

Held sessions only: planned ones are counted apart, cancelled and deleted
ones not at all. A session logged without a length is timed at its
client's agreed session length (the agreement in force now); with none
agreed it is counted but not timed, and named so the coach can fix it.
Each query walks one date range on an index (status, at; or client, at),
so its cost follows the period, not the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from coachlog.kinds import RecordKind, display_id
from coachlog.queries.common import unindexed
from coachlog.readers import Reader


@dataclass(eq=False, repr=False)
class ChannelHours:
    """Sessions held and minutes on one channel."""

    sessions: int = 0
    minutes: int = 0


@dataclass(eq=False, repr=False)
class ClientHours:
    """Sessions held and minutes for one client (or all, as the total)."""

    client: str  # handle
    name: str
    sessions: int = 0
    minutes: int = 0
    channels: dict[str, ChannelHours] = field(default_factory=dict)
    # Sessions logged without a length: timed at the agreed length, or not timed.
    agreed_length: list[str] = field(default_factory=list)
    untimed: list[str] = field(default_factory=list)

    def add(self, channel: str, sessions: int, minutes: int) -> None:
        self.sessions += sessions
        self.minutes += minutes
        part = self.channels.setdefault(channel, ChannelHours())
        part.sessions += sessions
        part.minutes += minutes


@dataclass(eq=False, repr=False)
class Period:
    """[since, until) in local time; since None means from the first session."""

    since: datetime | None
    until: datetime
    label: str


@dataclass(eq=False, repr=False)
class Hours:
    """Sessions held and hours per client in a period."""

    period: Period
    clients: list[ClientHours]
    total: ClientHours
    planned: int  # planned sessions in the period, not counted

    @property
    def channels(self) -> list[str]:
        """The channels sessions were held by, in the order the model lists them."""
        from coachlog.kinds import Channel

        used = set(self.total.channels)
        return [c.value for c in Channel if c.value in used] + sorted(
            used - {c.value for c in Channel}
        )


class Calendar(StrEnum):
    """The calendar periods `hours` offers by name."""

    THIS_MONTH = "this month"
    LAST_MONTH = "last month"
    THIS_WEEK = "this week"
    LAST_WEEK = "last week"


def calendar_period(which: Calendar, *, today: date) -> Period:
    """A whole calendar month, or week from Monday to Sunday, in local time."""
    from dateutil.relativedelta import relativedelta

    from coachlog.dates import day_bounds

    if which in (Calendar.THIS_MONTH, Calendar.LAST_MONTH):
        first = today.replace(day=1) - relativedelta(
            months=1 if which == Calendar.LAST_MONTH else 0
        )
        after = first + relativedelta(months=1)
        label = f"{which.value}, {first:%B %Y}"
    else:
        first = today - timedelta(
            days=today.weekday(), weeks=1 if which == Calendar.LAST_WEEK else 0
        )
        after = first + timedelta(weeks=1)
        label = f"{which.value}, {first:%a %d %b} to {after - timedelta(days=1):%a %d %b %Y}"
    return Period(day_bounds(first)[0], day_bounds(after)[0], label)


def chosen_period(since: datetime | None, until: datetime) -> Period:
    """A period given by --since and --until, named by its days."""
    from coachlog.dates import to_local

    last = to_local(until - timedelta(microseconds=1))
    end = f"{last:%a %d %b %Y}"
    if since is None:
        return Period(None, until, f"up to {end}")
    return Period(since, until, f"{to_local(since):%a %d %b %Y} to {end}")


_FROM = "FROM session AS s JOIN client AS c ON c.id = s.client_id"


def _where(reader: Reader, client_id: int | None, since: datetime | None) -> tuple[str, dict]:
    # With a client, (client_id, at) walks that client's sessions only; see unindexed().
    status = unindexed(reader, "s.status") if client_id is not None else "s.status"
    where = [
        "s.deleted_at IS NULL",
        "c.deleted_at IS NULL",
        f"{status} = :status",
        "s.at < :until",
    ]
    params: dict = {}
    if since is not None:
        where.append("s.at >= :since")
        params["since"] = since
    if client_id is not None:
        where.append("s.client_id = :client")
        params["client"] = client_id
    return " AND ".join(where), params


def hours(reader: Reader, *, period: Period, client_id: int | None = None) -> Hours:
    """Held sessions and their minutes in the period, per client and channel."""
    where, params = _where(reader, client_id, period.since)
    until = period.until
    groups = reader.rows(
        "SELECT s.client_id, c.handle, c.name, s.channel, count(*) AS sessions, "
        "coalesce(sum(s.duration_minutes), 0) AS minutes "
        f"{_FROM} WHERE {where} "
        "GROUP BY s.client_id, c.handle, c.name, s.channel",
        status="held",
        until=until,
        **params,
    )
    by_client: dict[int, ClientHours] = {}
    for row in groups:
        found = by_client.setdefault(row["client_id"], ClientHours(row["handle"], row["name"]))
        found.add(row["channel"], int(row["sessions"]), int(row["minutes"]))

    lengthless = reader.rows(
        f"SELECT s.id, s.client_id, s.channel {_FROM} "
        f"WHERE {where} AND s.duration_minutes IS NULL ORDER BY s.at, s.id",
        status="held",
        until=until,
        **params,
    )
    agreed = _agreed_lengths(reader, sorted({row["client_id"] for row in lengthless}))
    for row in lengthless:
        found, length = by_client[row["client_id"]], agreed.get(row["client_id"])
        number = display_id(RecordKind.SESSION, row["id"])
        if length:
            found.add(row["channel"], 0, length)
            found.agreed_length.append(number)
        else:
            found.untimed.append(number)

    clients = sorted(by_client.values(), key=lambda found: found.client)
    total = ClientHours("", "Total")
    for found in clients:
        for channel, part in found.channels.items():
            total.add(channel, part.sessions, part.minutes)
        total.agreed_length += found.agreed_length
        total.untimed += found.untimed
    planned = reader.value(
        f"SELECT count(*) {_FROM} WHERE {where}", status="planned", until=until, **params
    )
    return Hours(period, clients, total, int(planned or 0))


def _agreed_lengths(reader: Reader, client_ids: list[int]) -> dict[int, int | None]:
    """Each client's session length in the agreement in force (its newest revision)."""
    if not client_ids:
        return {}
    numbers = ", ".join(str(int(number)) for number in client_ids)
    rows = reader.rows(
        "SELECT a.client_id, a.session_minutes FROM agreement AS a "
        f"WHERE a.client_id IN ({numbers}) AND a.revision = "
        "(SELECT max(b.revision) FROM agreement AS b WHERE b.client_id = a.client_id)"
    )
    return {row["client_id"]: row["session_minutes"] for row in rows}
