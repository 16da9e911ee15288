"""A review of one client does the same work in a small store and in one ten
times larger (DESIGN §6: a review's time grows with what it shows, not with
the store). Work is counted in SQLite virtual-machine steps, which do not
depend on how busy the machine is."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))

from coachlog.readers import SQLiteReader

from generate import build

STEP = 10  # SQLite calls the progress handler every STEP instructions


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, Path]:
    """The same 20 records a client, for 20 clients and for 200."""
    folder = tmp_path_factory.mktemp("growth")
    made = {}
    for name, clients in (("small", 20), ("large", 200)):
        made[name] = folder / f"{name}.db"
        build(made[name], records=20 * clients, clients=clients)
    return made


@pytest.fixture
def steps(monkeypatch):
    """SQLite steps every reader of the next commands runs."""
    counted = [0]
    opened = SQLiteReader.__init__

    def counting(self, connection) -> None:
        opened(self, connection)

        def tick() -> int:
            counted[0] += 1
            return 0

        connection.set_progress_handler(tick, STEP)

    monkeypatch.setattr(SQLiteReader, "__init__", counting)
    return counted


@pytest.mark.parametrize(
    "review",
    [
        ["report", "client-007"],
        ["report", "client-007", "--since", "2026-01-01"],
        ["goals", "client-007"],
        ["prep", "client-007"],
        ["session", "list", "client-007"],
        ["requests", "client-007", "--state", "all"],
        ["advice", "list", "client-007"],
    ],
    ids=" ".join,
)
def test_a_review_of_one_client_does_not_grow_with_the_store(ok, stores, steps, review):
    work = {}
    for name, path in stores.items():
        steps[0] = 0
        ok("--db", str(path), *review)
        work[name] = steps[0]
    assert work["large"] <= 1.2 * work["small"], work
