"""Resolving what a person types (a CLIENT) to one record.

Pure functions over candidate rows, shared by the read and write sides.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from coachlog.errors import BadInput, Conflict, NotFound

HANDLE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


@dataclass(frozen=True)
class ClientRef:
    id: int
    handle: str
    name: str


def slugify(name: str) -> str:
    """`Zoë O'Brien-Smith` → `zoe-obrien-smith`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = ascii_name.lower().replace("'", "")  # O'Brien is obrien, not o-brien
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:64].strip("-")


# What a person types for a record: G12, s40, or a bare 12 (any case).
READS_AS_ID = re.compile(r"^[gsra]?[0-9]+$", re.IGNORECASE)


def check_handle(handle: str, *, made_from: str | None = None) -> str:
    """A usable handle, and never one that a command taking "an id or a
    handle" could read as a record's id. `made_from`: the name it was made of."""
    if READS_AS_ID.match(handle):
        if made_from is not None:
            raise BadInput(
                f"the handle made from {made_from!r} would be {handle}, which reads as a record "
                "id (like S1 or 12); give one with --handle, e.g. --handle sam-twelve."
            )
        raise BadInput(
            f"the handle {handle!r} reads as a record id (like S1, G12 or 12); choose a handle "
            "with a word in it, e.g. --handle sam-twelve."
        )
    if not HANDLE.match(handle):
        raise BadInput(
            f"{handle!r} is not a usable handle; use lowercase letters, digits and dashes "
            "(for example jane-doe)."
        )
    return handle


def pick_client(text: str, candidates: Sequence[ClientRef]) -> ClientRef:
    """Exact handle, else a unique case-insensitive prefix of handle or name."""
    wanted = text.strip()
    if not wanted:
        raise BadInput("a client is required: give a handle such as jane-doe.")
    for candidate in candidates:
        if candidate.handle == wanted:
            return candidate
    folded = wanted.casefold()
    matches = [
        candidate
        for candidate in candidates
        if candidate.handle.casefold().startswith(folded)
        or candidate.name.casefold().startswith(folded)
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = ", ".join(
            f"{c.handle} ({c.name})" for c in sorted(matches, key=lambda c: c.handle)
        )
        raise Conflict(f"{wanted!r} matches several clients: {listed}; give more of the handle.")
    close = difflib.get_close_matches(
        wanted.lower(), [c.handle for c in candidates], n=3, cutoff=0.6
    )
    hint = f" Did you mean {' or '.join(close)}?" if close else " See `coachlog client list`."
    raise NotFound(f"no client {wanted!r}.{hint}")
