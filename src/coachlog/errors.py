"""The one error family. Each kind knows its exit code (DESIGN §4).

The domain raises these; `coachlog.cli.main` is the only place that turns
them into `Error: …` and an exit status.
"""


class CoachlogError(Exception):
    """A domain error: an unknown client or id, a move the rules forbid."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(CoachlogError):
    """A client or record that does not exist (or is in the trash)."""


class Conflict(CoachlogError):
    """A move the rules forbid: a state change, a taken handle."""


class BadInput(CoachlogError):
    """Input that cannot be understood: a bad WHEN, empty text, 120 %."""

    exit_code = 2


class StoreError(CoachlogError):
    """The store cannot be used: locked, corrupt, newer, unreachable."""

    exit_code = 3
