"""Search hits, with the matching words highlighted."""

from __future__ import annotations

import dataclasses
import re

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from coachlog.dates import to_local
from coachlog.queries.search import HIT_CLOSE, HIT_OPEN, Hit
from coachlog.render import text as fmt
from coachlog.render.output import visible
from coachlog.render.views import SafeText, nothing, table
from coachlog.render.wrapping import wrap_line

HIT_STYLE = "bold reverse"  # a match at a terminal; bold and reverse survive NO_COLOR
_MARKER = re.compile(f"[{HIT_OPEN}{HIT_CLOSE}]")
_SPACE = re.compile(r"\s+")


def _one_line(snippet: str) -> str:
    """The snippet's runs of spaces and line breaks as one space each: the
    spaces beside a match are kept (the markers are not spaces)."""
    return _SPACE.sub(" ", snippet).strip()


def highlighted(snippet: str) -> Text:
    """For a terminal: the snippet on one line, each match styled (never
    marked with characters), the note's own text shown as written."""
    line = SafeText()
    for index, part in enumerate(_MARKER.split(_one_line(snippet))):
        line.append(part, style=HIT_STYLE if index % 2 else "")
    return line


def unmarked(snippet: str) -> str:
    """For piped output: the snippet as plain text, no marks around matches."""
    return _MARKER.sub("", _one_line(snippet))


def _markdown_text(text: str) -> str:
    # The note's own `*` and `\` escaped, so `**` marks only a match.
    return text.replace("\\", "\\\\").replace("*", "\\*")


def marked(hit: Hit) -> Hit:
    """For JSON: matches between `**`, as in Markdown; the note's own
    asterisks escaped (`\\*`), so they are never read as a match."""
    parts = _MARKER.split(_one_line(hit.snippet))
    text = "".join(
        f"**{_markdown_text(part)}**" if index % 2 else _markdown_text(part)
        for index, part in enumerate(parts)
    )
    return dataclasses.replace(hit, snippet=text)


HEADERS = ("ID", "Client", "When", "Match")


def hits_table(hits: list[Hit], *, plain: bool) -> RenderableType:
    if not hits:
        return nothing("No matches.")
    if plain:
        return PlainHits(hits)
    return _table(hits, plain=False)


def _table(hits: list[Hit], *, plain: bool) -> RenderableType:
    grid = table(*HEADERS, plain=plain)
    for hit in hits:
        grid.add_row(
            hit.id,
            SafeText(hit.client),
            fmt.day(to_local(hit.at).date()),
            SafeText(unmarked(hit.snippet)) if plain else highlighted(hit.snippet),
        )
    return grid


class PlainHits:
    """The hits as plain text (a file, a pipe): the table Rich lays out,
    written a line at a time. Rich measured and laid out each of fifty
    rows' four cells, a fifth of a whole search; here three short columns
    are padded to their widest and the match wraps as Rich wraps it
    (render/wrapping.py). Whenever the match's column would be narrower
    than its longest word or a short column (a narrow COLUMNS), or a short
    column holds a tab or a line break, Rich lays out the table itself.
    tests/test_search_view.py holds the two to the same text."""

    def __init__(self, hits: list[Hit]) -> None:
        self.hits = hits
        self.rows = [
            (
                hit.id,
                visible(hit.client),
                fmt.day(to_local(hit.at).date()),
                " ".join(visible(unmarked(hit.snippet)).split(" ")),
            )
            for hit in hits
        ]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        columns = list(zip(HEADERS[:3], *(row[:3] for row in self.rows), strict=True))
        widths = [max(cell_len(text) for text in column) for column in columns]
        lead = sum(widths) + 2 * len(widths)  # two spaces after each
        room = options.max_width - lead
        longest = max(
            (cell_len(word) for row in self.rows for word in row[3].split(" ")), default=0
        )
        odd = any(not cell.isprintable() for row in self.rows for cell in row[:3])
        if odd or room < max(*widths, longest, cell_len(HEADERS[3])) + 2:
            yield _table(self.hits, plain=True)
            return
        newline = Segment.line()
        bold = console.get_style("bold")
        yield Segment(_padded(HEADERS[:3], widths) + HEADERS[3], bold)
        yield newline
        for row in self.rows:
            # Wrapped as a table's cell is: with its column's overflow.
            pieces = wrap_line(console, row[3], room, overflow="ellipsis")
            for number, piece in enumerate(pieces):
                yield Segment(_padded(row[:3], widths) if number == 0 else " " * lead)
                yield Segment(piece)
                yield newline


def _padded(cells: tuple[str, ...], widths: list[int]) -> str:
    return "".join(
        cell + " " * (width - cell_len(cell) + 2) for cell, width in zip(cells, widths, strict=True)
    )
