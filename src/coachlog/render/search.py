"""Search hits, with the matching words highlighted."""

from __future__ import annotations

import dataclasses
import re

from rich.console import RenderableType
from rich.text import Text

from coachlog.dates import to_local
from coachlog.queries.search import HIT_CLOSE, HIT_OPEN, Hit
from coachlog.render import text as fmt
from coachlog.render.output import visible
from coachlog.render.plain_table import PlainTable
from coachlog.render.views import SafeText, nothing, table

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
    if plain:  # to a file or a pipe: line by line (render/plain_table.py)
        rows = [
            (
                hit.id,
                visible(hit.client),
                fmt.day(to_local(hit.at).date()),
                visible(unmarked(hit.snippet)),
            )
            for hit in hits
        ]
        return PlainTable(HEADERS, rows, last="wrap", table=lambda: _table(hits, plain=True))
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
