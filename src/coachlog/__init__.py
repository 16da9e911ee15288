"""coachlog: a command-line coaching journal."""

__version__ = "0.1.0"
