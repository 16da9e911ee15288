"""Long listings at a terminal go through a pager, as `git log` does.

Only a view printed to a terminal is paged, and only when it is taller than
the terminal: piped output, `--json` and short listings are written as they
are. `$COACHLOG_PAGER` chooses the pager (empty: never page), else `$PAGER`
(empty or `cat`: never page), else Rich's default pager (pydoc's: `less`,
then `more`).
"""

from __future__ import annotations

import os
import sys

from rich.pager import Pager, SystemPager

# `less` shows colours only with -R; F quits when it all fits, X leaves the
# text on the screen after quitting (git's choice too). A user's own $LESS wins.
LESS_DEFAULT = "FRX"
NO_PAGER = ("", "cat")


def pager_command() -> str | None:
    """The pager a listing goes through: a shell command, "" for Rich's
    default one, or None when the user turned paging off."""
    from coachlog import config

    for command in (os.environ.get("COACHLOG_PAGER"), config.get("pager"), os.environ.get("PAGER")):
        if command is not None:
            return None if command.strip() in NO_PAGER else command
    return ""


def wants_pager() -> bool:
    """Paging is for a person at a terminal who has not turned it off."""
    return sys.stdout.isatty() and pager_command() is not None


class TallOutputPager(Pager):
    """Rich's pager for what is taller than the terminal; what fits is
    written to stdout as it is, without starting a pager."""

    def __init__(self, height: int) -> None:
        self.height = height

    def show(self, content: str) -> None:
        if content.count("\n") < self.height:
            sys.stdout.write(content)
            sys.stdout.flush()
            return
        os.environ.setdefault("LESS", LESS_DEFAULT)  # the pager inherits it
        command = pager_command()
        if command:
            import pydoc

            pydoc.pipepager(content, command)
        else:
            SystemPager().show(content)
