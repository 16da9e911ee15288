"""The benchmark generator builds a store coachlog can read (kept working)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))

from generate import build


def test_the_generator_builds_a_store_every_review_can_read(ok, tmp_path):
    path = tmp_path / "bench.db"
    counts = build(path, records=400, clients=20)
    assert counts["client"] == 20
    assert counts["session"] + counts["request"] == 420  # 400 + one planned session each
    review = json.loads(ok("--db", str(path), "goals", "client-007", "--json").out)
    assert len(review["clients"][0]["goals"]) == 3
    for args in (["agenda"], ["requests", "client-007"], ["schedule"], ["prep", "client-007"]):
        ok("--db", str(path), *args)
    ok("--db", str(path), "session", "add", "client-007", "--notes", "works")
