"""Resolving what a person types (a CLIENT) to one record.

Pure functions over candidate rows, shared by the read and write sides.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from coachlog.errors import BadInput, Conflict, NotFound

HANDLE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


@dataclass(frozen=True)
class ClientRef:
    """A client found by handle or name."""

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
    close = closest(wanted, {c.handle: client_forms(c) for c in candidates})
    hint = f" Did you mean {' or '.join(close)}?" if close else " See `coachlog client list`."
    raise NotFound(f"no client {wanted!r}.{hint}")


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def edits(a: str, b: str) -> int:
    """How many letters to insert, delete, change or swap with a neighbour
    to turn `a` into `b` (optimal string alignment distance)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, letter in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other))
            if i > 1 and j > 1 and letter == b[j - 2] and a[i - 2] == other:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def _tolerance(word: str) -> int:
    """Typos allowed: none in one letter, one in a short word, two beyond."""
    return 0 if len(word) < 2 else 1 if len(word) <= 4 else 2


def client_forms(client: ClientRef) -> list[str]:
    """What a person may have meant to type for a client: the handle, each
    part of it, the name and each word of it."""
    name = _folded(client.name)
    return [client.handle, *client.handle.split("-"), name, *name.split()]


def closest(typed: str, forms: Mapping[str, Iterable[str]], *, n: int = 3) -> list[str]:
    """The keys of `forms` a person most likely meant by `typed`: those
    fewest typos away from one of their forms, or from its start as long as
    `typed` (`kwme` → kwame-mensah); else `difflib`'s likeness of the keys."""
    word = _folded(typed.strip())
    tolerance = _tolerance(word)
    found: dict[str, int] = {}
    for key, names in forms.items():
        for form in names:
            form = _folded(form)
            if len(form) < 2:
                continue
            distance = edits(word, form)
            if len(word) >= 3 and len(form) > len(word):
                distance = min(distance, edits(word, form[: len(word)]))
            if distance <= tolerance and distance < len(form):
                found[key] = min(distance, found.get(key, distance))
    if found:
        nearest = min(found.values())
        return sorted(key for key, distance in found.items() if distance == nearest)[:n]
    return difflib.get_close_matches(word, list(forms), n=n, cutoff=0.6)
