"""Long listings as plain text (a file, a pipe), written a line at a time.

Rich measures and lays out every cell of a table: for fifty rows of search
hits or sessions, a fifth of the whole command. A listing whose columns
are short one-line cells, but for its last (a search match that wraps, a
session's notes cut with "…"), is written here as Rich would lay it out:
each short column padded to its widest, two spaces between columns, the
last one taking the rest of the width. Whenever Rich would do anything
else (the last column narrower than a word of it or than a short column,
as at a narrow COLUMNS; a short cell holding a tab or a line break; colour
forced on), the table is Rich's own. tests/test_plain_table.py holds the two to the same
text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from coachlog.render.fitting import PREVIEW_CELLS
from coachlog.render.wrapping import wrap_line


class PlainTable:
    """`rows` (their text already made visible) under `headers`; the last
    column wraps (`wrap`) or is cut to one line with "…" (`cut`, a column
    that takes what width is left); `table` makes Rich's table of the same."""

    def __init__(
        self,
        headers: Sequence[str],
        rows: list[tuple[str, ...]],
        *,
        last: Literal["wrap", "cut"],
        table: Callable[[], RenderableType],
    ) -> None:
        self.headers, self.rows, self.last, self.table = tuple(headers), rows, last, table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        short = len(self.headers) - 1
        columns = list(zip(self.headers[:short], *(row[:short] for row in self.rows), strict=True))
        widths = [max(cell_len(text) for text in column) for column in columns]
        lead = sum(widths) + 2 * short  # two spaces after each short column
        room = options.max_width - lead
        if self.last == "wrap":  # no word of it cut (render/fitting.py)
            words = (word for row in self.rows for word in row[-1].split(" "))
            least = max(map(cell_len, words), default=0)
        else:  # a preview: at least its first few cells
            least = PREVIEW_CELLS
        odd = any(not cell.isprintable() for row in self.rows for cell in row[:short])
        narrow = room < max(*widths, least, cell_len(self.headers[-1])) + 2
        # (with colour, a status or a header has a style: Rich writes it)
        if console.color_system is not None or odd or narrow:
            yield self.table()
            return
        newline = Segment.line()
        heading = _padded(self.headers[:short], widths) + self.headers[-1]
        yield Segment(heading, console.get_style("bold"))
        yield newline
        for row in self.rows:
            for number, piece in enumerate(self._pieces(console, row[-1], room)):
                yield Segment(_padded(row[:short], widths) if number == 0 else " " * lead)
                yield Segment(piece)
                yield newline

    def _pieces(self, console: Console, text: str, width: int) -> list[str]:
        """The last cell's lines, as its column renders them (overflow "ellipsis")."""
        if self.last == "wrap":
            return wrap_line(console, text, width, overflow="ellipsis")
        if text.isascii() and text.isprintable() and not text.endswith(" "):
            return [text if len(text) <= width else text[: width - 1] + "…"]
        cut = Text(text).wrap(console, width, overflow="ellipsis", no_wrap=True)
        return [line.plain for line in cut]


def _padded(cells: Sequence[str], widths: list[int]) -> str:
    return "".join(
        cell + " " * (width - cell_len(cell) + 2) for cell, width in zip(cells, widths, strict=True)
    )
