"""`benchmarks/run.py --only`: time a few commands, not the whole table."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))

import run as bench

from generate import build


@pytest.fixture
def small_stores(tmp_path, monkeypatch):
    """Stand-ins for the 1k and 100k stores, small enough for a test."""
    stores = tmp_path / "stores"
    stores.mkdir()

    def ensure_stores() -> None:
        for name in ("1k.db", "100k.db"):
            build(stores / name, records=100, clients=50)  # client-042 among them

    monkeypatch.setattr(bench, "STORES", stores)
    monkeypatch.setattr(bench, "ensure_stores", ensure_stores)


def test_only_times_the_commands_named(small_stores, capsys):
    bench.main(["--only", "session list", "--runs", "1"])
    table = capsys.readouterr().out
    rows = [line.split("  ")[0] for line in table.splitlines()[1:] if line.strip()]
    assert rows == [
        "python -c pass (floor)",
        "coachlog session list client-042",
        "coachlog session list (all clients)",
    ]
    assert "export" not in table and "goals" not in table


def test_commands_run_from_bytecode_kept_outside_the_checkout(small_stores, monkeypatch):
    """As an installed coachlog does, even where PYTHONDONTWRITEBYTECODE is set."""
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    seen = []

    def timed(command, runs, env):
        seen.append(env)
        return 0.01, 0.01

    monkeypatch.setattr(bench, "timed", timed)
    bench.main(["--only", "report", "--runs", "1"])
    assert len(seen) == 1  # the report, timed in turn with the floor
    for env in seen:
        assert "PYTHONDONTWRITEBYTECODE" not in env
        prefix = Path(env["PYTHONPYCACHEPREFIX"])
        assert not prefix.is_relative_to(Path(__file__).parent.parent)


def test_each_ratio_is_to_the_floor_timed_in_turn_with_it(small_stores, monkeypatch, capsys):
    """A machine that slows down between two commands slows their floors too:
    each command is divided by its own."""
    slower = iter([(0.20, 0.02), (0.10, 0.01)])  # the same 10× on a busy and a quiet machine
    monkeypatch.setattr(bench, "timed", lambda command, runs, env: next(slower))
    bench.main(["--only", "session list", "--runs", "1"])
    table = capsys.readouterr().out
    ratios = {}  # command: its "× floor" cell
    for line in table.splitlines()[1:]:
        cells = [cell.strip() for cell in line.split("  ") if cell.strip()]
        if cells and cells[1] == "100k":
            ratios[cells[0]] = cells[3]
    assert ratios["coachlog session list client-042"] == "10.0"
    assert ratios["coachlog session list (all clients)"] == "10.0"


def test_goals_growth_compares_each_store_to_its_own_floor(small_stores, monkeypatch, capsys):
    """`goals` on the 100k store timed in a slower minute than on the 1k store
    does not read as growth: each is divided by the floor timed with it."""
    timings = iter([(0.16, 0.016), (0.10, 0.010)])  # 100k, then 1k: both 10×
    monkeypatch.setattr(bench, "timed", lambda command, runs, env: next(timings))
    code = bench.main(["--only", "goals", "--runs", "1"])
    table = capsys.readouterr().out
    growth = next(line for line in table.splitlines() if "100k ÷ 1k" in line)
    assert "1.00" in growth and "ok" in growth
    assert code == 0
