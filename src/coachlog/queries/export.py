"""What exports read: the complete store as an export document (the coach's
own copy: private notes and records in the trash included), a client's
journal, the calendar's planned sessions and commitments."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from coachlog.exchange import FORMAT, KINDS, SESSION_GOALS, VERSION, Kind
from coachlog.readers import Reader

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
        sql, params = _select(kind, client_id)
        for number, row in enumerate(reader.stream(sql, **params)):
            if links is not None:
                row[SESSION_GOALS] = links.get(row["id"], [])
            del row["id"]
            yield f"{',' if number else ''}\n{dumped(row)}"
        yield "\n]"
    yield "\n}}\n"


# --- what the client-facing formats read ------------------------------------


@dataclass
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


@dataclass
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
