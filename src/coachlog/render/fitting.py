"""Tables that lose nothing at a narrow terminal.

Rich fits a table that is too wide by shrinking its widest columns, then
every column evenly: cells are cut with "…" and, at 60 columns, whole
columns shrink to nothing and vanish. A `FittedTable` lays out as Rich does
whenever Rich keeps every word whole. When it would not, each column gets at
least its longest word and the rest of the room by what it lacks, every cell
wraps (a date too, at its spaces); and when even one word per column cannot
fit, each row is shown as a block of `Header  value` lines instead.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Column, Table
from rich.text import Text

from coachlog.render.wrapping import wrap_line

# A preview column (no_wrap and "…" on purpose, such as a session's notes)
# may be cut as long as this much of it still shows.
PREVIEW_CELLS = 12


class FittedTable(Table):
    _measured: dict | None = None
    # Each column's longest word and longest line, when its cells are plain
    # text laid out without Rich (below).
    _plain: list[tuple[int, int]] | None = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator:
        # Each column is measured once per width for the whole decision and
        # layout (Rich would measure it again for each step).
        self._measured = {}
        try:
            plain = plain_text(self, console, options)
            if plain is not None:
                yield Segment(plain)
                return
            if not self.columns or self._keeps_every_word(console, options):
                yield from super().__rich_console__(console, options)
                return
            widths = self._fitted_widths(console, options)
            if widths is None:
                yield from self._stacked()
                return
            yield from Table.__rich_console__(self._with_widths(widths), console, options)
        finally:
            self._measured = None

    def _measure_column(self, console: Console, options: ConsoleOptions, column: Column):
        if self._plain is not None:  # as Rich measures text in a padded cell
            width = options.max_width
            padding = self._get_padding_width(column._index)
            if width < 1:
                return Measurement(0, 0)
            if width - padding < 1:
                return Measurement(width, width)
            word, line = self._plain[column._index]
            return Measurement(min(word + padding, width), min(line + padding, width))
        if self._measured is None:
            return super()._measure_column(console, options, column)
        key = (column._index, options.max_width)
        if key not in self._measured:
            self._measured[key] = super()._measure_column(console, options, column)
        return self._measured[key]

    def _needs(self, console: Console, options: ConsoleOptions) -> list[int]:
        """What each column needs so no word of it is cut, padding included."""
        needs = []
        for column in self.columns:
            measured = self._measure_column(console, options, column)
            if _is_preview(column):
                needs.append(min(measured.maximum, PREVIEW_CELLS))
            elif column.no_wrap:
                needs.append(measured.maximum)
            else:
                needs.append(measured.minimum)
        return needs

    def _keeps_every_word(self, console: Console, options: ConsoleOptions) -> bool:
        widths = self._calculate_column_widths(console, options)
        return all(
            width >= need for width, need in zip(widths, self._needs(console, options), strict=True)
        )

    def _fitted_widths(self, console: Console, options: ConsoleOptions) -> list[int] | None:
        """Each column's longest word; then a no_wrap column (a date, a time)
        its longest phrase, so `Thu 26 Nov 2026  overdue 1 day` breaks between
        its parts; then the room left shared by what each still lacks. None
        when these do not fit: the rows are shown as blocks instead."""
        measured = [self._measure_column(console, options, column) for column in self.columns]
        room = options.max_width - self._extra_width
        widths = [each.minimum for each in measured]
        spare = room - sum(widths)
        if spare < 0:
            return None
        for index, column in enumerate(self.columns):
            if column.no_wrap and not _is_preview(column):
                more = max(
                    0, min(self._longest_phrase(index), measured[index].maximum) - widths[index]
                )
                if more > spare:  # a date broken word by word reads worse than a block
                    return None
                widths[index] += more
                spare -= more
        lacking = [each.maximum - width for each, width in zip(measured, widths, strict=True)]
        wanted = sum(lacking)
        if wanted <= spare:
            return [each.maximum for each in measured]
        given = [spare * lack // wanted for lack in lacking]
        left = spare - sum(given)
        for index in sorted(range(len(lacking)), key=lambda i: -lacking[i])[:left]:
            given[index] += 1
        return [width + extra for width, extra in zip(widths, given, strict=True)]

    def _longest_phrase(self, index: int) -> int:
        """The widest run of a column's cells between line breaks and double
        spaces, padding included."""
        column = self.columns[index]
        texts = [column.header, *column.cells]
        longest = max(
            (
                cell_len(phrase.strip())
                for text in texts
                if isinstance(text, (str, Text))
                for line in str(text).splitlines()
                for phrase in line.split("  ")
            ),
            default=0,
        )
        return longest + self._get_padding_width(index)

    def _with_widths(self, widths: list[int]) -> Table:
        """A copy of this table, each column at its width and wrapping."""
        fitted = copy.copy(self)
        fitted._measured = None
        fitted.expand = False
        fitted.columns = []
        for index, (column, width) in enumerate(zip(self.columns, widths, strict=True)):
            resized = copy.copy(column)
            resized.width = max(1, width - self._get_padding_width(index))
            resized.no_wrap = False
            resized.overflow = "fold"
            resized.ratio = None
            fitted.columns.append(resized)
        return fitted

    def _stacked(self) -> Iterator[RenderableType]:
        """Each row as `Header  value` lines, a blank line between rows."""
        if self.title:
            yield Text(str(self.title), style=self.title_style or "")
        blocks = Table.grid(padding=(0, 2))
        blocks.add_column(style="bold", no_wrap=True)
        blocks.add_column(overflow="fold")
        headers = [column.header for column in self.columns]
        rows = zip(*(column.cells for column in self.columns), strict=True)
        for number, cells in enumerate(rows):
            if number:
                blocks.add_row("", "")
            for header, cell in zip(headers, cells, strict=True):
                if cell.plain.strip() if isinstance(cell, Text) else cell:
                    blocks.add_row(header, cell)
        yield blocks


def _is_preview(column: Column) -> bool:
    return column.no_wrap and column.overflow == "ellipsis" and column.ratio is not None


# --- plain text ---------------------------------------------------------------


def plain_text(table: FittedTable, console: Console, options: ConsoleOptions) -> str | None:
    """The table as Rich lays it out where no style shows (a file, a pipe),
    without Rich measuring and rendering each cell: the same column widths
    (Rich's own sums, over each column's longest word and line), each cell
    wrapped as Rich wraps it and padded to its column. None for any table
    that is not simply plain text in plain columns (a box, colour, a tab, a
    style of layout of its own), and wherever a word would be cut: Rich
    lays those out. tests/test_fitting.py holds the two to the same text."""
    columns = _plain_columns(table, console)
    if columns is None:
        return None
    table._plain = [
        (
            max((max(map(cell_len, text.split()), default=0) for text in texts), default=0),
            max((max(map(cell_len, text.split("\n"))) for text in texts), default=0),
        )
        for texts in columns
    ]
    table._measured = {}
    try:
        if not table._keeps_every_word(console, options):
            return None
        widths = table._calculate_column_widths(console, options)
    finally:
        table._plain = None
        table._measured = {}
    last = len(widths) - 1
    lefts = [0 if index == 0 else 1 for index in range(len(widths))]
    rights = [0 if index == last else 1 for index in range(len(widths))]
    inner = [width - left - right for width, left, right in zip(widths, lefts, rights, strict=True)]
    if min(inner) < 1:
        return None
    out: list[str] = []
    total = sum(widths)
    if table.title:
        title = str(table.title)
        if cell_len(title) > total:  # Rich wraps it
            return None
        out.append(_padded(title, total))
    rows = list(zip(*columns, strict=True))
    for number, row in enumerate(rows):
        cells = []
        for index, text in enumerate(row):
            column = table.columns[index]
            pieces = _pieces(console, text, inner[index], column.overflow, column.no_wrap)
            if pieces is None:
                return None
            edge_left, edge_right = " " * lefts[index], " " * rights[index]
            cells.append(
                [f"{edge_left}{_padded(piece, inner[index])}{edge_right}" for piece in pieces]
            )
        height = max(map(len, cells))
        header = number == 0 and table.show_header  # a header sits at the bottom of its row
        for index, cell in enumerate(cells):
            blank = [" " * widths[index]] * (height - len(cell))
            cells[index] = blank + cell if header else cell + blank
        out += ["".join(line) for line in zip(*cells, strict=True)]
    return "".join(f"{line}\n" for line in out)


def _plain_columns(table: FittedTable, console: Console) -> list[list[str]] | None:
    """Each column's texts (its header first, when shown) where the table
    and every cell are plain: else None."""
    if (
        console.color_system is not None
        or not table.columns
        or table.box is not None
        or table.padding != (0, 1, 0, 1)
        or table.collapse_padding
        or table.pad_edge
        or table.expand
        or table.width is not None
        or table.min_width is not None
        or table.show_footer
        or table.caption is not None
        or (
            table.title is not None
            and (
                table.title_justify != "left"
                or not isinstance(table.title, str)
                or not table.title.isprintable()  # (a line break too: Rich's own)
            )
        )
    ):
        return None
    columns = []
    for column in table.columns:
        if (
            column.justify != "left"
            or column.vertical != "top"
            or column.width is not None
            or column.min_width is not None
            or column.max_width is not None
            or column.ratio is not None
            or column.overflow not in ("ellipsis", "fold")
        ):
            return None
        cells = [column.header, *column.cells] if table.show_header else list(column.cells)
        texts = [_plain(console, cell) for cell in cells]
        if any(text is None for text in texts):
            return None
        columns.append(texts)
    return columns


def _plain(console: Console, cell: object) -> str | None:
    """A cell's text when it is plain: a `Text` with no layout of its own, or
    a string Rich would not read as markup or emoji codes."""
    if isinstance(cell, str):
        text = cell
        if "[" in text or (":" in text and console._emoji):
            return None
    elif isinstance(cell, Text):
        if (
            cell.justify is not None
            or cell.overflow is not None
            or cell.no_wrap is not None
            or cell.tab_size is not None
            or cell.end != "\n"
        ):
            return None
        text = cell.plain
    else:
        return None
    return None if _odd(text) else text


def _odd(text: str) -> bool:
    """A tab, a control character, an unusual space or line break: Rich's own."""
    return not text.replace("\n", "").isprintable()


def _pieces(console: Console, text: str, width: int, overflow, no_wrap: bool) -> list[str] | None:
    """The lines Rich renders of `text` in a cell `width` wide."""
    pieces: list[str] = []
    for line in text.split("\n"):
        if no_wrap:
            if cell_len(line) > width:
                return None  # cut: Rich's own
            pieces.append(line)
        else:
            pieces += wrap_line(console, line, width, overflow=overflow)
    return pieces


def _padded(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))
