"""The coaching agreement and its revisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from coachlog.readers import Reader


@dataclass(eq=False, repr=False)
class AgreementRevision:
    """One revision of a client's coaching agreement."""

    revision: int
    focus: str | None
    format: str | None
    desired_outcomes: str | None
    cadence_days: int | None
    default_channel: str | None
    session_minutes: int | None
    boundaries: str | None
    start_date: date | None
    end_date: date | None
    created_at: datetime


_COLUMNS = (
    "revision, focus, format, desired_outcomes, cadence_days, default_channel, "
    "session_minutes, boundaries, start_date, end_date, created_at"
)


def revisions(reader: Reader, client_id: int) -> list[AgreementRevision]:
    """Every revision, oldest first."""
    rows = reader.rows(
        f"SELECT {_COLUMNS} FROM agreement WHERE client_id = :client ORDER BY revision",
        client=client_id,
    )
    return [AgreementRevision(**row) for row in rows]


def current(reader: Reader, client_id: int) -> AgreementRevision | None:
    row = reader.row(
        f"SELECT {_COLUMNS} FROM agreement WHERE client_id = :client "
        "ORDER BY revision DESC LIMIT 1",
        client=client_id,
    )
    return AgreementRevision(**row) if row else None
