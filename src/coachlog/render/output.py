"""Where output goes: data to stdout, messages to stderr (DESIGN §4)."""

from __future__ import annotations

import json
import os
import sys
from functools import cached_property
from typing import Any

from rich.console import Console, RenderableType
from rich.text import Text

from coachlog.render.data import to_data

PIPED_WIDTH = 120


class Output:
    """The two consoles of one command run.

    Rich renders for a terminal and falls back to plain text when piped;
    it honours `NO_COLOR` by itself.
    """

    @cached_property
    def stdout(self) -> Console:
        # Piped output is for files and grep: wide enough not to wrap rows.
        piped = not sys.stdout.isatty() and "COLUMNS" not in os.environ
        return Console(file=sys.stdout, highlight=False, width=PIPED_WIDTH if piped else None)

    @cached_property
    def stderr(self) -> Console:
        return Console(file=sys.stderr, highlight=False, soft_wrap=True)

    @property
    def plain(self) -> bool:
        """True when stdout is not a terminal: no boxes, no bars drawn in colour."""
        return not self.stdout.is_terminal

    def show(self, *renderables: RenderableType) -> None:
        if not self.plain:
            self.stdout.print(*renderables, sep="\n")
            return
        # Piped: the same text without the padding Rich adds to fill columns.
        with self.stdout.capture() as captured:
            self.stdout.print(*renderables, sep="\n")
        sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))

    def raw(self, text: str) -> None:
        """Text already in its final format (Markdown, HTML, JSON) to stdout."""
        sys.stdout.write(text)

    def json(self, value: Any) -> None:
        sys.stdout.write(json.dumps(to_data(value), indent=2, ensure_ascii=False) + "\n")

    def done(self, message: str) -> None:
        """The one confirmation line of a command that changed something.

        Printed as plain `Text`: whatever user text it quotes is shown as
        written, never read as markup or emoji codes.
        """
        self.stdout.print(Text(message), soft_wrap=True)

    def note(self, message: str) -> None:
        """A message for the person, not data: to stderr."""
        self.stderr.print(Text(message, style="dim" if self.stderr.is_terminal else ""))

    def error(self, message: str) -> None:
        """`Error: …` on one line; the message is never read as markup."""
        self.stderr.print(Text.assemble(("Error:", "bold red"), " ", message), soft_wrap=True)
