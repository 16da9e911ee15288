"""Tables as plain text (a file, a pipe), written a line at a time.

Rich measures and lays out every cell of a table: for fifty rows of search
hits or sessions, a fifth of the whole command; for a report's label/value
fields and counts, a tenth. A table whose columns are short one-line
cells, but for its last (a search match or a value that wraps, a session's
notes cut with "…"), is written here as Rich would lay it out: each short
column padded to its widest, two spaces between columns, the last one
taking the rest of the width. Whenever Rich would do anything else (the
last column narrower than a word of it or than a short column, as at a
narrow COLUMNS; a short cell holding a tab or a line break; a title wider
than the table; colour forced on), the table is Rich's own.
tests/test_plain_table.py holds the two to the same text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal, NamedTuple

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from coachlog.render.fitting import PREVIEW_CELLS
from coachlog.render.wrapping import wrap_line


class PlainTable:
    """`rows` (their text already made visible) under `headers` (None: no
    header row, as a grid), below a bold `title` when one is given; the
    last column wraps (`wrap`) or is cut to one line with "…" (`cut`, a
    column that takes what width is left); `table` makes Rich's table of
    the same. `overflow` is the last column's, as Rich's column has it."""

    def __init__(
        self,
        headers: Sequence[str] | None,
        rows: list[tuple[str, ...]],
        *,
        last: Literal["wrap", "cut"],
        table: Callable[[], RenderableType],
        title: str | None = None,
        overflow: Literal["ellipsis", "fold"] = "ellipsis",
    ) -> None:
        self.headers, self.rows, self.last, self.table = headers, rows, last, table
        self.title, self.overflow = title, overflow

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = None if console.color_system is not None else self._layout(options.max_width)
        # (with colour, a status or a header has a style: Rich writes it)
        if lines is None:
            yield self.table()
            return
        # Each line as wide as Rich's table (a file or a pipe strips the
        # spaces; a terminal without colour shows them as Rich would).
        out = []
        if self.title:
            out.append(_filled(self.title, lines.total))
        if self.headers is not None:
            heading = _padded(self.headers[:-1], lines.widths) + self.headers[-1]
            out.append(_filled(heading, lines.total))
        for row in self.rows:
            for number, piece in enumerate(self._pieces(console, row[-1], lines.room)):
                lead = _padded(row[:-1], lines.widths) if number == 0 else lines.indent
                out.append(lead + _filled(piece, lines.total - len(lines.indent)))
        yield Segment("".join(f"{line}\n" for line in out))

    def _layout(self, width: int) -> _Layout | None:
        """The short columns' widths and the room left for the last, or None
        where Rich would lay the table out any other way."""
        shown = [self.headers, *self.rows] if self.headers is not None else self.rows
        if not shown or len(shown[0]) < 2:
            return None
        columns = list(zip(*(row[:-1] for row in shown), strict=True))
        widths = [max(cell_len(text) for text in column) for column in columns]
        lead = sum(widths) + 2 * len(widths)  # two spaces after each short column
        room = width - lead
        if self.last == "wrap":  # no word of it cut (render/fitting.py)
            words = (word for row in self.rows for word in row[-1].split(" "))
            least = max(map(cell_len, words), default=0)
            # (a tab glued to a word widens it once expanded; Rich breaks
            # lines at more than "\n")
            odd_last = any(not row[-1].replace("\n", "").isprintable() for row in self.rows)
        else:  # a preview: at least its first few cells
            least, odd_last = PREVIEW_CELLS, False
        heading = cell_len(self.headers[-1]) if self.headers is not None else 0
        odd = odd_last or any(not cell.isprintable() for row in shown for cell in row[:-1])
        # (Rich shows nothing of a column no cell wide: a lone zero-width character)
        narrow = room < max(*widths, least, heading) + 2 or not min(widths)
        total = lead + min(room, self._last_width(heading))
        if self.title is not None:  # Rich wraps a title wider than its table
            odd = odd or not self.title.isprintable() or cell_len(self.title) > total
        if odd or narrow:
            return None
        return _Layout(widths, room, " " * lead, total)

    def _last_width(self, heading: int) -> int:
        """How wide the last column is when nothing in it wraps."""
        if self.last == "cut":  # it takes what width is left
            return 1 << 30
        lines = (line for row in self.rows for line in row[-1].split("\n"))
        # (Rich gives a column of nothing but empty lines one cell)
        return max(heading, max(map(cell_len, lines), default=0)) or 1

    def _pieces(self, console: Console, text: str, width: int) -> list[str]:
        """The last cell's lines, as its column renders them."""
        if self.last == "wrap":
            return wrap_line(console, text, width, overflow=self.overflow)
        if text.isascii() and text.isprintable() and not text.endswith(" "):
            return [text if len(text) <= width else text[: width - 1] + "…"]
        cut = Text(text).wrap(console, width, overflow="ellipsis", no_wrap=True)
        return [line.plain for line in cut]


class _Layout(NamedTuple):
    widths: list[int]  # of the short columns
    room: int  # for the last
    indent: str  # under the short columns, on a last cell's later lines
    total: int  # the table's width


def _padded(cells: Sequence[str], widths: list[int]) -> str:
    return "".join(
        cell + " " * (width - cell_len(cell) + 2) for cell, width in zip(cells, widths, strict=True)
    )


def _filled(text: str, width: int) -> str:
    """`text` with spaces to `width` cells."""
    return text + " " * (width - (len(text) if text.isascii() else cell_len(text)))
