"""Search hits, with the matching words highlighted."""

from __future__ import annotations

import dataclasses

from rich.console import RenderableType
from rich.text import Text

from coachlog.dates import to_local
from coachlog.queries.search import HIT_CLOSE, HIT_OPEN, Hit
from coachlog.render import text as fmt
from coachlog.render.views import SafeText, nothing, table


def highlighted(snippet: str) -> Text:
    """The snippet with its matches in bold (and between `**` when piped,
    so they show without colour)."""
    line = SafeText()
    for index, part in enumerate(snippet.replace(HIT_CLOSE, HIT_OPEN).split(HIT_OPEN)):
        line.append(" ".join(part.split()), style="bold yellow" if index % 2 else "")
    return line


def marked(hit: Hit) -> Hit:
    """For JSON: matches between `**`, as in Markdown."""
    return dataclasses.replace(
        hit, snippet=" ".join(hit.snippet.replace(HIT_OPEN, "**").replace(HIT_CLOSE, "**").split())
    )


def hits_table(hits: list[Hit], *, plain: bool) -> RenderableType:
    if not hits:
        return nothing("No matches.")
    grid = table("ID", "Client", "When", "Match", plain=plain)
    for hit in hits:
        snippet = marked(hit).snippet if plain else None
        grid.add_row(
            hit.id,
            SafeText(hit.client),
            fmt.day(to_local(hit.at).date()),
            SafeText(snippet) if plain else highlighted(hit.snippet),
        )
    return grid
