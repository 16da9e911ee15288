"""The `coachlog` command.

`main` answers `--version` before importing Typer, so the commonest
question costs no more than starting Python; everything else goes through
the Typer app in `coachlog.cli.app`.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        from coachlog import __version__

        print(f"coachlog {__version__}")
        return 0
    # A run makes few reference cycles, but importing Typer and Rich and
    # building a view allocate enough objects to set off dozens of cycle
    # collections, each walking what is already loaded (~3 % of a review).
    # Collected every 100,000 allocations instead of every 700.
    gc.set_threshold(100_000)
    from coachlog.cli.app import run

    code = run(args)
    if argv is None:
        # The process ends with this command. Python's exit walks everything
        # loaded for cycles one last time (~5 % of a review); what is loaded
        # now is left out of that walk. Everything is still closed and freed
        # as usual. Not for a caller that goes on (the tests run many
        # commands in one process and need their cycles collected).
        gc.freeze()
    return code
