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
from rich.table import Column, Table
from rich.text import Text

# A preview column (no_wrap and "…" on purpose, such as a session's notes)
# may be cut as long as this much of it still shows.
PREVIEW_CELLS = 12


class FittedTable(Table):
    _measured: dict | None = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator:
        # Each column is measured once per width for the whole decision and
        # layout (Rich would measure it again for each step).
        self._measured = {}
        try:
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
