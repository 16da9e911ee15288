"""Session notes, written in Markdown, as HTML a report can hold safely.

A note is text a person typed, and a report is opened in a browser: raw
HTML in a note is shown as text (never obeyed), links keep only http,
https and mailto, and an image is a link to it, never loaded (a report is
one self-contained page that fetches nothing).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

SAFE_SCHEMES = ("http:", "https:", "mailto:")


def safe_link(url: str) -> bool:
    """Only web and mail links; `javascript:`, `data:`, relative paths and
    the rest stay text."""
    return url.strip().lower().startswith(SAFE_SCHEMES)


def _image_as_link(renderer: Any, tokens: Sequence[Token], index: int, options, env) -> str:
    image = tokens[index]
    source = str(image.attrs.get("src", ""))
    label = renderer.renderInlineAsText(image.children or [], options, env) or source
    return f'<a href="{html.escape(source)}">{html.escape(label)}</a>'


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # `breaks`: a line break typed in a note stays one, as it did before
    # notes were read as Markdown.
    parser = MarkdownIt("commonmark", {"html": False, "breaks": True})
    parser.validateLink = safe_link  # links and images alike
    parser.add_render_rule("image", _image_as_link)
    return parser


def notes_html(notes: str) -> str:
    """A note's Markdown as HTML: emphasis, lists, quotes, code, safe links."""
    return _parser().render(notes.strip())
