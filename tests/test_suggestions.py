"""A typo is answered with what the person most likely meant: a client by
handle, any part of it, or the name, a letter dropped, added, changed or
two swapped; a command or subcommand the same way. One clean line each."""

from __future__ import annotations

import pytest

from conftest import dump


@pytest.fixture
def clients(ok):
    ok("client", "add", "Kwame Mensah")
    ok("client", "add", "Jane Doe")
    ok("client", "add", "Zoë O'Brien")
    ok("client", "add", "Li Ming")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("kwme", "kwame-mensah"),  # a letter dropped at a word start's middle
        ("mensha", "kwame-mensah"),  # two letters swapped in the second part
        ("Kwame Mensha", "kwame-mensah"),  # the name, mistyped
        ("doe", "jane-doe"),  # the second part alone
        ("jnae-doe", "jane-doe"),
        ("jane-do3", "jane-doe"),
        ("obrein", "zoe-obrien"),
        ("zoë-obrein", "zoe-obrien"),  # accents set aside
        ("li-mnig", "li-ming"),
    ],
)
def test_a_mistyped_client_is_answered_with_the_nearest_handle(run, clients, typed, meant):
    result = run("goals", typed)
    assert (result.code, result.out) == (1, "")
    assert result.err == f"Error: no client {typed!r}. Did you mean {meant}?\n"


def test_equally_near_clients_are_all_named(run, ok):
    ok("client", "add", "Sam Lee", "--handle", "sam-lee")
    ok("client", "add", "Sam Lea", "--handle", "sam-lea")
    result = run("goals", "sam-lex")
    assert result.err == "Error: no client 'sam-lex'. Did you mean sam-lea or sam-lee?\n"


def test_nothing_near_points_to_the_client_list(run, clients):
    result = run("goals", "xyz")
    assert (result.code, result.err) == (1, "Error: no client 'xyz'. See `coachlog client list`.\n")


def test_a_write_to_a_mistyped_client_changes_nothing(run, clients, store_file):
    before = dump(store_file)
    result = run("session", "add", "kwme", "--notes", "Board prep")
    assert (result.code, result.out) == (1, "")
    assert result.err == "Error: no client 'kwme'. Did you mean kwame-mensah?\n"
    assert dump(store_file) == before


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["sesion", "list"],
            "No such command 'sesion'. Did you mean 'session'? See `coachlog --help`.",
        ),
        (["gaols"], "No such command 'gaols'. Did you mean 'goals'? See `coachlog --help`."),
        (["rpeort"], "No such command 'rpeort'. Did you mean 'report'? See `coachlog --help`."),
        (
            ["xeport"],
            "No such command 'xeport'. Did you mean 'export' or 'report'? See `coachlog --help`.",
        ),
        (
            ["session", "lst"],
            "No such command 'lst'. Did you mean 'list'? See `coachlog session --help`.",
        ),
        (
            ["request", "acept", "R1"],
            "No such command 'acept'. Did you mean 'accept'? See `coachlog request --help`.",
        ),
        (["zzzz"], "No such command 'zzzz'. See `coachlog --help`."),
    ],
    ids=" ".join,
)
def test_a_mistyped_command_gets_one_line_with_no_stray_full_stop(run, args, line):
    result = run(*args)
    assert (result.code, result.out, result.err) == (2, "", f"Error: {line}\n")


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("kwme", "kwame", 1),
        ("mensha", "mensah", 1),  # a swap is one typo
        ("jane", "jane", 0),
        ("", "abc", 3),
        ("kitten", "sitting", 3),
    ],
)
def test_typos_are_counted_as_a_person_makes_them(a, b, distance):
    from coachlog.lookup import edits

    assert edits(a, b) == distance == edits(b, a)
