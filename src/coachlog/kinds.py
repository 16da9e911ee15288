"""The domain's vocabulary: states, channels and display ids.

Kept free of the ORM so the command line and the read side can use it
without importing SQLModel.
"""

from __future__ import annotations

import re
from enum import StrEnum

from coachlog.errors import BadInput


class ClientStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class GoalStatus(StrEnum):
    ACTIVE = "active"
    ACHIEVED = "achieved"
    PAUSED = "paused"
    DROPPED = "dropped"


class SessionStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class Channel(StrEnum):
    IN_PERSON = "in-person"
    PHONE = "phone"
    VIDEO = "video"
    EMAIL = "email"


class RequestState(StrEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COUNTERED = "countered"
    DONE = "done"
    MISSED = "missed"
    WITHDRAWN = "withdrawn"


class AdviceKind(StrEnum):
    ADVICE = "advice"
    OPINION = "opinion"
    SUGGESTION = "suggestion"


class AdviceResponse(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Author(StrEnum):
    """Which side of the engagement made an event."""

    COACH = "coach"
    CLIENT = "client"


class RecordKind(StrEnum):
    """Records a person refers to by display id, with their letter."""

    GOAL = "G"
    SESSION = "S"
    REQUEST = "R"
    ADVICE = "A"

    @property
    def noun(self) -> str:
        return {"G": "goal", "S": "session", "R": "request", "A": "advice"}[self.value]


_DISPLAY_ID = re.compile(r"^\s*([A-Za-z]?)(\d+)\s*$")


def display_id(kind: RecordKind, number: int) -> str:
    return f"{kind.value}{number}"


def parse_display_id(text: str, kind: RecordKind) -> int:
    """`G12` or a bare `12` for a goal; `S12` given for a goal is refused."""
    match = _DISPLAY_ID.match(text)
    if not match:
        raise BadInput(f"{text!r} is not {_a(kind.noun)} id; {kind.noun} ids look like {kind}12.")
    letter, digits = match.group(1).upper(), match.group(2)
    if len(digits) > 18:  # past what any store's 64-bit ids reach
        raise BadInput(f"{text.strip()[:24]!r} is not {_a(kind.noun)} id: the number is too large.")
    number = int(digits)
    if letter and letter != kind.value:
        try:
            other = RecordKind(letter).noun
        except ValueError:
            other = None
        given = f"{text.strip()} is {_a(other)} id" if other else f"{text.strip()} is not an id"
        raise BadInput(f"{given}; this command takes {_a(kind.noun)} id such as {kind}{number}.")
    return number


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"
