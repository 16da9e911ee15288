"""What an imported record must be before it is written: each field typed as
its column and within its range, each request's state where its history in
the file leads. Plain Python over `exchange`'s description of the columns:
no ORM on the import path."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import Any

from coachlog.dates import EARLIEST, LATEST
from coachlog.errors import BadInput
from coachlog.exchange import DATES, KINDS, REQUIRED, SESSION_GOALS, WHOLE_NUMBERS, Kind
from coachlog.kinds import (
    AdviceKind,
    AdviceResponse,
    Author,
    Channel,
    ClientStatus,
    GoalStatus,
    RequestState,
    SessionStatus,
)
from coachlog.readers import sqlite_text
from coachlog.tables import TIMES

CHOICES: dict[tuple[str, str], type[StrEnum]] = {
    ("client", "status"): ClientStatus,
    ("goal", "status"): GoalStatus,
    ("goal_update", "status"): GoalStatus,
    ("session", "status"): SessionStatus,
    ("session", "channel"): Channel,
    ("agreement", "default_channel"): Channel,
    ("request", "state"): RequestState,
    ("request_event", "from_state"): RequestState,
    ("request_event", "to_state"): RequestState,
    ("advice", "kind"): AdviceKind,
    ("advice", "response"): AdviceResponse,
    ("advice_event", "from_response"): AdviceResponse,
    ("advice_event", "to_response"): AdviceResponse,
    ("goal_update", "author"): Author,
    ("request_event", "author"): Author,
    ("advice_event", "author"): Author,
}
# Columns a file from before sharing does not have, and what they were then:
# every event the coach's (its place in its record's history is worked out
# from the file's order), no keys, no bundles.
SINCE_SHARING = {"author": Author.COACH.value, "share_seq": 0, "peer_seq": 0}
CHOICE_VALUES = {column: frozenset(m.value for m in enum) for column, enum in CHOICES.items()}
# Public keys (client_key, coach_key) must be keys.
KEY_COLUMNS = {("client", "client_key"), ("client", "coach_key")}
# What a SQLite or PostgreSQL integer column holds.
LARGEST_INTEGER = 2**63 - 1
# Whole numbers with a meaning, and the values they may take.
RANGES: dict[tuple[str, str], tuple[int, int]] = {
    ("agreement", "revision"): (1, 1_000_000),
    ("agreement", "cadence_days"): (1, 366),
    ("agreement", "session_minutes"): (1, 24 * 60),
    ("session", "duration_minutes"): (1, 24 * 60),
    ("goal", "progress"): (0, 100),
    ("goal_update", "progress"): (0, 100),
    ("client", "share_seq"): (0, 1_000_000_000),
    ("client", "peer_seq"): (0, 1_000_000_000),
    ("goal_update", "seq"): (0, 1_000_000),
    ("request_event", "seq"): (0, 1_000_000),
    ("advice_event", "seq"): (0, 1_000_000),
}
# Text a record cannot do without: blank is as missing.
NOT_BLANK = {("client", "handle"), ("client", "name"), ("goal", "title"), ("request", "text")}
NOT_BLANK |= {("advice", "text")}


def _column_type(table: str, name: str) -> type:
    if name in TIMES[table]:
        return datetime
    if (table, name) in DATES:
        return date
    return int if (table, name) in WHOLE_NUMBERS else str


# Each kind's fields as the file gives them, with what they hold.
TYPES = {
    (kind.table, name): _column_type(kind.table, name)
    for kind in KINDS
    for name in ("created_at", "updated_at", *kind.columns)
}


def _value(kind: Kind, name: str, value: Any, where: str) -> Any:
    """One field, typed as its column: ISO times and dates, whole numbers, text."""
    if value is None:
        return None
    python_type = TYPES[kind.table, name]
    if python_type is datetime:
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                parsed = None
            if parsed is not None and parsed.tzinfo is not None:
                return _in_window(parsed, parsed.date(), where)
        raise BadInput(f"{where}: {_shown(value)} is not an ISO datetime with a zone offset.")
    if python_type is date:
        try:
            parsed_day = date.fromisoformat(value)
        except (TypeError, ValueError):
            raise BadInput(f"{where}: {_shown(value)} is not an ISO date.") from None
        return _in_window(parsed_day, parsed_day, where)
    if python_type is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise BadInput(f"{where}: {_shown(value)} is not a whole number.")
        low, high = RANGES.get((kind.table, name), (-LARGEST_INTEGER, LARGEST_INTEGER))
        if not low <= value <= high:
            raise BadInput(f"{where}: {_shown(value)} is not from {low} to {high}.")
        return value
    if not isinstance(value, str):
        raise BadInput(f"{where}: {_shown(value)} is not text.")
    check_text(value, where)
    if (kind.table, name) in NOT_BLANK and not value.strip():
        raise BadInput(f"{where} is blank.")
    if (kind.table, name) == ("client", "handle"):
        from coachlog.lookup import check_handle

        try:
            check_handle(value)
        except BadInput:
            raise BadInput(f"{where}: {_shown(value)} is not a usable handle.") from None
    choices = CHOICE_VALUES.get((kind.table, name))
    if choices is not None and value not in choices:
        allowed = ", ".join(member.value for member in CHOICES[kind.table, name])
        raise BadInput(f"{where}: {_shown(value)} is not one of {allowed}.")
    return value


def _shown(value: Any) -> str:
    """A value quoted in a message: short, and never a surrogate to print."""
    text = repr(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def check_text(value: str, where: str) -> None:
    if "\x00" in value:
        raise BadInput(f"{where}: the text contains a NUL character.")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BadInput(
                f"{where}: the text holds a lone surrogate, which is not text."
            ) from None


def _in_window(value, day: date, where: str):
    if not EARLIEST <= day <= LATEST:
        raise BadInput(f"{where}: {day.isoformat()} is outside {EARLIEST.year} to {LATEST.year}.")
    return value


_REFUSED = object()  # a fast check's "look closer": `_value` accepts or says why not


def _fast_time(value: Any) -> Any:
    if value.__class__ is str:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return _REFUSED
        # Well inside the window; at its edges `_value` looks at the day.
        if parsed.tzinfo is not None and EARLIEST.year < parsed.year < LATEST.year:
            return parsed
    return _REFUSED


def _fast_date(value: Any) -> Any:
    if value.__class__ is str:
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            return _REFUSED
        if EARLIEST <= parsed <= LATEST:
            return parsed
    return _REFUSED


def _fast_whole(low: int, high: int) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        return value if value.__class__ is int and low <= value <= high else _REFUSED

    return check


def _fast_text(choices: frozenset[str] | None, not_blank: bool) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value.__class__ is not str or "\x00" in value:
            return _REFUSED
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate
                return _REFUSED
        if choices is not None and value not in choices:
            return _REFUSED
        if not_blank and not value.strip():
            return _REFUSED
        return value

    return check


# Times and dates as the exporter writes them (times in UTC). For SQLite,
# which keeps them as text, their stored text is cut from the file's:
# `isoformat` costs a microsecond or more, and a 100k import has 800,000 times.
_EXPORTED_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?\+00:00"
)
_EXPORTED_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _fast_stored_time(value: Any) -> Any:
    """SQLite's text for a time given as the exporter writes it."""
    if value.__class__ is str and _EXPORTED_TIME.fullmatch(value) is not None:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:  # a 31 February
            return _REFUSED
        if EARLIEST.year < parsed.year < LATEST.year:
            if len(value) == 25:  # a whole second
                return f"{value[:10]} {value[11:19]}.000000"
            return f"{value[:10]} {value[11:26]}"
    return _REFUSED


def _fast_stored_date(value: Any) -> Any:
    if value.__class__ is str and _EXPORTED_DATE.fullmatch(value) is not None:
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            return _REFUSED
        if EARLIEST <= parsed <= LATEST:
            return value
    return _REFUSED


def _same_as_last(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`check`, answering the text it was just given again without looking
    again: a record's created_at, updated_at and at are often one moment,
    and checked one after the other."""
    last_text, last_answer = None, _REFUSED

    def checked(value: Any) -> Any:
        nonlocal last_text, last_answer
        if value.__class__ is str and value == last_text:
            return last_answer
        answer = check(value)
        if value.__class__ is str:
            last_text, last_answer = value, answer
        return answer

    return checked


_FAST_TIME, _FAST_STORED_TIME = _same_as_last(_fast_time), _same_as_last(_fast_stored_time)


def _fast(table: str, name: str, *, stored: bool = False) -> Callable[[Any], Any]:
    """A quick acceptance of the usual value; anything else goes to `_value`.
    `stored`: times and dates as SQLite keeps them (text), not as values."""
    python_type = TYPES[table, name]
    if python_type is datetime:
        return _FAST_STORED_TIME if stored else _FAST_TIME
    if python_type is date:
        return _fast_stored_date if stored else _fast_date
    if python_type is int:
        return _fast_whole(*RANGES.get((table, name), (-LARGEST_INTEGER, LARGEST_INTEGER)))
    if (table, name) in {("client", "handle"), ("client", "time_zone"), *KEY_COLUMNS}:
        return lambda value: _REFUSED
    return _fast_text(CHOICE_VALUES.get((table, name)), (table, name) in NOT_BLANK)


# Each kind's fields, in the order they are checked: the quick check, whether
# the field must be given, and what it is when not given; times and dates
# typed as values (PLANS) or as SQLite's text (STORED_PLANS).
PLANS, STORED_PLANS = (
    {
        kind.key: tuple(
            (
                name,
                _fast(kind.table, name, stored=stored),
                name in ("created_at", "updated_at") or name in REQUIRED[kind.key],
                SINCE_SHARING.get(name),
            )
            for name in ("created_at", "updated_at", *kind.columns)
        )
        for kind in KINDS
    }
    for stored in (False, True)
)
# Each kind's links to its parents: the id column, and the field naming the
# parent's uuid in the file.
PARENTS = {kind.key: [(c, kind.parent_field(c)) for c in kind.parents] for kind in KINDS}


def checked_record(kind: Kind, index: int, record: Any, *, stored: bool = False) -> dict[str, Any]:
    """One record of the file, every field checked and typed; parents are
    still uuids. With `stored`, times and dates are the text SQLite keeps
    (naive UTC `YYYY-MM-DD HH:MM:SS.ffffff`, ISO dates), not values."""
    if not isinstance(record, dict):
        raise BadInput(f"records.{kind.key}[{index}] is not an object.")
    uuid = record.get("uuid")
    if not isinstance(uuid, str) or not 8 <= len(uuid) <= 36:
        raise BadInput(f"records.{kind.key}[{index}].uuid is missing or not a uuid.")
    if "\x00" in uuid or not uuid.isascii():
        check_text(uuid, f"records.{kind.key}[{index}].uuid")
    clean: dict[str, Any] = {"uuid": uuid}
    for name, fast, required, default in (STORED_PLANS if stored else PLANS)[kind.key]:
        value = record.get(name)
        if value is None:
            if required:
                raise BadInput(f"records.{kind.key}[{index}].{name} is missing.")
            value = default
        else:
            typed = fast(value)
            if typed is _REFUSED:
                typed = _looked_closer(kind, name, value, index)
                if stored and isinstance(typed, date):  # a datetime is a date too
                    typed = sqlite_text(typed)
            value = typed
        clean[name] = value
    for column, name in PARENTS[kind.key]:
        parent = record.get(name)
        if parent is not None:
            if not isinstance(parent, str):
                raise BadInput(f"records.{kind.key}[{index}].{name} is not a uuid.")
            if "\x00" in parent or not parent.isascii():
                check_text(parent, f"records.{kind.key}[{index}].{name}")
        clean[column] = parent
    if kind.table == "session":
        where = f"records.{kind.key}[{index}].{SESSION_GOALS}"
        goals = record.get(SESSION_GOALS, [])
        if not isinstance(goals, list) or not all(isinstance(g, str) for g in goals):
            raise BadInput(f"{where} must be a list of goal uuids.")
        for goal in goals:
            check_text(goal, where)
        clean[SESSION_GOALS] = goals
    return clean


def _looked_closer(kind: Kind, name: str, value: Any, index: int) -> Any:
    """A value the quick check did not accept: accepted, or refused saying why."""
    where = f"records.{kind.key}[{index}].{name}"
    value = _value(kind, name, value, where)
    if (kind.table, name) == ("client", "time_zone"):
        from coachlog.zones import check_zone

        try:
            return check_zone(value)
        except BadInput:
            raise BadInput(f"{where}: {_shown(value)} is not a time zone name.") from None
    if (kind.table, name) in KEY_COLUMNS:
        from coachlog.keys import encode, parse_public_key

        try:
            return encode(parse_public_key(value))
        except BadInput:
            raise BadInput(f"{where} is not a coachlog public key.") from None
    return value


@cache
def _following() -> dict[str, frozenset[str]]:
    """The states a request may move to from each state, by name."""
    from coachlog.journal.requests import MOVES

    return {
        state.value: frozenset(to.value for to in moves.values()) for state, moves in MOVES.items()
    }


_NOWHERE: frozenset[str] = frozenset()
_FIRST = frozenset({RequestState.PROPOSED.value})


def check_request_history(where: str, state: str, events: list[tuple]) -> None:
    """A request's state must be where its history in the file leads, each
    move one the rules allow: no request is `done` that was never accepted.

    `events` are `(seq, at, uuid, from_state, to_state)`, in the order its
    state follows from (journal.history).
    Moves the coach and the client made from the same point, before hearing
    from each other, are both kept: a move need only start from a state the
    history reached before it."""
    if not events:
        if state != RequestState.PROPOSED:
            raise BadInput(f"{where} is {state} but the file holds none of its history.")
        return
    following = _following()
    reached_state, reached = None, set()
    for *_, start, to_state in events:
        if reached_state is None:
            allowed = _FIRST if start is None else _NOWHERE
        else:
            allowed = following[start] if start in reached else _NOWHERE
        if to_state not in allowed:
            raise BadInput(
                f"{where}: its history moves {start or 'nothing'} to {to_state}, which the "
                "rules do not allow."
            )
        reached_state = to_state
        reached.add(to_state)
    if reached_state != state:
        raise BadInput(f"{where} is {state}, but its history ends {reached_state}.")
