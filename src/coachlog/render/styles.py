"""What each state looks like at a terminal, in one place for every view.

Colour carries meaning only where someone must act: red is lateness alone
(an overdue commitment, a target passed). Progress is a calm bright blue, never the
alarm's colour. A decline or a miss is a recorded choice, shown in its own
quiet colour, never as a failure. Commitments, what the executive must act
on, are never dim. Piped output and `NO_COLOR` show none of this (Rich drops
the colours; piped views are plain text).
"""

from __future__ import annotations

OVERDUE = "bold red"  # an accepted request past its due date, a target passed
QUIET = "dim"  # secondary detail: relative days, empty values, separators
COMMITMENT = "bold"  # what the executive owes: its id and its words
PROGRESS = "bright_blue"  # a progress bar's filled part
PROGRESS_DONE = "green"  # a bar at 100%
PROGRESS_TODO = "grey23"  # the part still to go

# Requests and advice, by state or answer.
STATE = {
    "proposed": "cyan",
    "countered": "magenta",
    "accepted": "green",
    "declined": "blue",
    "done": "bold bright_green",
    "missed": "yellow",
    "withdrawn": "dim",
    "pending": "cyan",
}

# Clients, goals and sessions, by status.
STATUS = {
    "active": "green",
    "achieved": "bold green",
    "paused": "yellow",
    "dropped": "dim",
    "closed": "dim",
    "planned": "cyan",
    "held": "green",
    "cancelled": "dim",
}
