"""What exports read: the complete store as an export document (the coach's
own copy: private notes and records in the trash included), a client's
journal, the calendar's planned sessions and commitments."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from coachlog.exchange import DATES, FORMAT, KINDS, SESSION_GOALS, VERSION, Kind
from coachlog.readers import Reader
from coachlog.tables import TIMES

if TYPE_CHECKING:
    from coachlog.queries.advice import AdviceView
    from coachlog.queries.agreements import AgreementRevision
    from coachlog.queries.goals import GoalView
    from coachlog.queries.requests import RequestView
    from coachlog.queries.reviews import ClientBrief
    from coachlog.queries.sessions import SessionView


def _select(kind: Kind, client_id: int | None) -> tuple[str, dict[str, Any]]:
    parents = "".join(
        f", p{index}.uuid AS {kind.parent_field(column)}"
        for index, column in enumerate(kind.parents)
    )
    joins = "".join(
        f" LEFT JOIN {table} AS p{index} ON p{index}.id = t.{column}"
        for index, (column, table) in enumerate(kind.parents.items())
    )
    columns = ", ".join(f"t.{column}" for column in kind.columns)
    sql = (
        f"SELECT t.id, t.uuid, t.created_at, t.updated_at{parents}, {columns} "
        f"FROM {kind.table} AS t{joins}"
    )
    params: dict[str, Any] = {}
    if client_id is not None:
        sql += f" WHERE {kind.owner} = :client"
        params["client"] = client_id
    return sql + " ORDER BY t.id", params


def records(reader: Reader, *, client_id: int | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every record of every kind, parents referred to by uuid."""
    found: dict[str, list[dict[str, Any]]] = {}
    for kind in KINDS:
        sql, params = _select(kind, client_id)
        found[kind.key] = rows = reader.rows(sql, **params)
        if kind.table == "session":
            links: dict[int, list[str]] = {}
            for link in reader.rows(
                "SELECT sg.session_id, g.uuid FROM session_goal AS sg "
                "JOIN goal AS g ON g.id = sg.goal_id ORDER BY sg.session_id, g.id"
            ):
                links.setdefault(link["session_id"], []).append(link["uuid"])
            for row in rows:
                row[SESSION_GOALS] = links.get(row["id"], [])
        for row in rows:
            del row["id"]
    return found


def _session_goals(reader: Reader) -> dict[int, list[str]]:
    links: dict[int, list[str]] = {}
    for link in reader.stream(
        "SELECT sg.session_id, g.uuid FROM session_goal AS sg "
        "JOIN goal AS g ON g.id = sg.goal_id ORDER BY sg.session_id, g.id"
    ):
        links.setdefault(link["session_id"], []).append(link["uuid"])
    return links


def stream_document(
    reader: Reader, *, now: datetime, client_id: int | None = None
) -> Iterator[str]:
    """The export document as JSON text, a record a line, written as it is
    read: an export of any size holds one record in memory at a time."""
    import json

    from coachlog.render.data import to_data

    def dumped(value: Any) -> str:
        return json.dumps(to_data(value), ensure_ascii=False)

    yield (
        f'{{"format": {dumped(FORMAT)}, "version": {VERSION}, '
        f'"exported_at": {dumped(now)}, "records": {{'
    )
    for index, kind in enumerate(KINDS):
        yield f"{',' if index else ''}\n{dumped(kind.key)}: ["
        links = _session_goals(reader) if kind.table == "session" else None
        yield from _kind_lines(reader, kind, client_id, links)
        yield "\n]"
    yield "\n}}\n"


# SQLite's times and dates as coachlog stores them. Their ISO text is cut
# from the stored text once the value is known to be a time: `isoformat` costs
# a few microseconds, and a 100k export writes 700,000 times.
_STORED_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}")
_STORED_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _time_text(value: Any) -> str:
    """A time as `render.data` writes it, ISO-8601 in UTC, from SQLite's
    naive UTC text or a server's datetime."""
    if value.__class__ is str:
        if _STORED_TIME.fullmatch(value) is not None:
            datetime.fromisoformat(value)  # a 31 February is no time
            if value.endswith("000000"):  # as isoformat() leaves out a zero fraction
                return f"{value[:10]}T{value[11:19]}+00:00"
            return f"{value[:10]}T{value[11:]}+00:00"
        value = datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def _date_text(value: Any) -> str:
    if value.__class__ is str:
        day = value[:10]
        if _STORED_DATE.fullmatch(day) is not None:
            date.fromisoformat(day)
            return day
        value = date.fromisoformat(day)
    return value.isoformat()


def _json_time(value: Any) -> str:
    return "null" if value is None else f'"{_time_text(value)}"'  # ISO text needs no escapes


def _json_date(value: Any) -> str:
    return "null" if value is None else f'"{_date_text(value)}"'


LINES_AT_ONCE = 1000  # records joined into one piece of text to write


def _kind_lines(
    reader: Reader, kind: Kind, client_id: int | None, links: dict[int, list[str]] | None
) -> Iterator[str]:
    """A kind's records as JSON text, a record a line, as `json.dumps`
    writes each. The rows come as the driver gives them and each value is
    written where it sits into the line's template (its keys, fixed for the
    kind): a typed dict a row, `to_data` over it and `json.dumps` of it cost
    three quarters of a 100k export."""
    import json
    from json.encoder import encode_basestring  # the C encoder's own, as ensure_ascii=False

    def _json_value(value: Any) -> str:
        """A value as `json.dumps` writes it, without its per-call set-up."""
        if value is None:
            return "null"
        if value.__class__ is str:
            return encode_basestring(value)
        if value.__class__ is int:
            return int.__repr__(value)
        return json.dumps(value, ensure_ascii=False)

    names = ["uuid", "created_at", "updated_at"]
    names += [kind.parent_field(column) for column in kind.parents]
    names += kind.columns
    as_json = [
        _json_time
        if name in TIMES[kind.table]
        else _json_date
        if (kind.table, name) in DATES
        else _json_value
        for name in names
    ]
    if links is not None:
        names.append(SESSION_GOALS)
    template = "{" + ", ".join(f"{json.dumps(name)}: %s" for name in names) + "}"
    sql, params = _select(kind, client_id)
    lines: list[str] = []
    before = "\n"  # what comes before the next piece: a comma once a record is written
    for row in reader.stream_values(sql, **params):
        values = [write(value) for write, value in zip(as_json, row[1:], strict=True)]
        if links is not None:
            values.append(json.dumps(links.get(row[0], []), ensure_ascii=False))
        lines.append(template % tuple(values))
        if len(lines) == LINES_AT_ONCE:
            yield before + ",\n".join(lines)
            lines, before = [], ",\n"
    if lines:
        yield before + ",\n".join(lines)


# --- what the client-facing formats read ------------------------------------


@dataclass(eq=False, repr=False)
class Journal:
    """One client's engagement as the client may read it (no private notes)."""

    client: ClientBrief
    agreement: AgreementRevision | None
    goals: list[GoalView]
    sessions: list[SessionView]
    requests: list[RequestView]
    advice: list[AdviceView]


def journals(reader: Reader, *, client_id: int | None, today: date) -> list[Journal]:
    """The journal of one client, or of every client in the store by name."""
    from coachlog.queries import agreements
    from coachlog.queries.advice import advice_list
    from coachlog.queries.goals import goals_of
    from coachlog.queries.requests import request_list
    from coachlog.queries.reviews import brief
    from coachlog.queries.sessions import session_list

    if client_id is None:
        ids = [
            row["id"]
            for row in reader.rows(
                "SELECT id FROM client WHERE deleted_at IS NULL ORDER BY lower(name), handle"
            )
        ]
    else:
        ids = [client_id]
    return [
        Journal(
            client=brief(reader, number),
            agreement=agreements.current(reader, number),
            goals=goals_of(reader, number),
            sessions=session_list(reader, client_id=number, status="held", oldest_first=True),
            requests=request_list(reader, today=today, client_id=number, states=None),
            advice=advice_list(reader, client_id=number),
        )
        for number in ids
    ]


@dataclass(eq=False, repr=False)
class CalendarEntries:
    """What a calendar export holds: planned sessions from now on and the
    accepted requests, with every client's name by handle."""

    planned: list[SessionView]
    commitments: list[RequestView]
    names: dict[str, str]


def calendar_entries(reader: Reader, *, client_id: int | None, now: datetime) -> CalendarEntries:
    from coachlog.queries.requests import request_list
    from coachlog.queries.sessions import session_list

    return CalendarEntries(
        planned=session_list(
            reader, client_id=client_id, since=now, status="planned", oldest_first=True
        ),
        commitments=request_list(
            reader, today=now.date(), client_id=client_id, states=("accepted",)
        ),
        names={
            row["handle"]: row["name"] for row in reader.rows("SELECT handle, name FROM client")
        },
    )
