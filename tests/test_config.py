"""The config file: every documented key honoured, any other refused with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachlog import config


@pytest.fixture
def config_file(isolated: Path) -> Path:
    import os

    return Path(os.environ["COACHLOG_CONFIG"])


def write(file: Path, text: str) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")


def test_an_unknown_key_is_refused_with_its_file_line_and_a_suggestion(
    run, ok, config_file, store_file
):
    from tests.conftest import dump

    ok("client", "add", "Jane Doe")
    before = dump(store_file)
    write(config_file, '# mine\nclient = "jane"\n\ncolour = false\n')
    result = run("session", "add", "jane", "--notes", "Talked")
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(
        f"Error: the config file {config_file}, line 4: unknown key 'colour'"
    )
    assert "did you mean 'color'?" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert dump(store_file) == before


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('color = "no"', "color takes true or false, not 'no'"),
        ('default_time = "9 o\'clock"', 'default_time takes a time such as "09:00"'),
        ('date_order = "ydm"', 'date_order takes "iso", "dmy" or "mdy"'),
        ('time_zone = "Mars/Olympus"', "time_zone takes a zone name"),
        ("client = 3", "client takes a client handle, not 3"),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused_with_what_the_key_takes(run, config_file, line, says):
    write(config_file, f"{line}\n")
    result = run("client", "list")
    assert result.code == 2
    assert f"line 1: {says}" in result.err


def test_a_file_that_is_not_toml_is_refused_in_one_line(run, config_file):
    write(config_file, "db = [\n")
    result = run("client", "list")
    assert result.code == 2
    assert result.err.startswith(f"Error: the config file {config_file} is not valid TOML")
    assert len(result.err.strip().splitlines()) == 1


def test_db_in_the_config_file_chooses_the_store(ok, config_file, monkeypatch, tmp_path, backend):
    if backend != "sqlite":
        pytest.skip("a file path store")
    monkeypatch.delenv("COACHLOG_DB")
    chosen = tmp_path / "from-config.db"
    write(config_file, f'db = "{chosen}"\n')
    ok("client", "add", "Jane Doe")
    assert chosen.is_file()
    assert "jane-doe" in ok("client", "list").out


def test_coachlog_db_and_db_option_come_before_the_config_file(ok, config_file, isolated, tmp_path):
    other = tmp_path / "not-this.db"
    write(config_file, f'db = "{other}"\n')
    ok("client", "add", "Jane Doe")
    assert not other.exists()


def test_color_false_turns_colour_off_where_it_would_be_forced(ok, config_file, monkeypatch):
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    ok("client", "add", "Jane Doe")
    ok("goal", "add", "jane", "Speak first at the board")
    ok("goal", "progress", "G1", "40")
    coloured = ok("goals", "jane").out
    monkeypatch.setenv("NO_COLOR", "1")
    uncoloured = ok("goals", "jane").out
    assert coloured != uncoloured
    monkeypatch.delenv("NO_COLOR")
    write(config_file, "color = false\n")
    assert ok("goals", "jane").out == uncoloured


def test_client_in_the_config_file_is_the_default_client(ok, config_file):
    ok("client", "add", "Jane Doe")
    ok("client", "add", "Li Ming")
    write(config_file, 'client = "li"\n')
    assert "Li Ming" in ok("goals").out


def test_editor_in_the_config_file_comes_before_visual_and_editor(config_file, monkeypatch):
    from coachlog.cli.longtext import editor_command

    monkeypatch.setenv("VISUAL", "vim")
    write(config_file, 'editor = "nano -w"\n')
    config.reset()
    assert editor_command() == ["nano", "-w"]


def test_pager_in_the_config_file_comes_after_coachlog_pager(config_file, monkeypatch):
    from coachlog.render.paging import pager_command

    monkeypatch.setenv("PAGER", "more")
    monkeypatch.delenv("COACHLOG_PAGER", raising=False)
    write(config_file, 'pager = "less -S"\n')
    config.reset()
    assert pager_command() == "less -S"
    monkeypatch.setenv("COACHLOG_PAGER", "")
    assert pager_command() is None


def test_time_zone_in_the_config_file_reads_times_when_tz_is_unset(ok, config_file, monkeypatch):
    monkeypatch.delenv("TZ")
    monkeypatch.setenv("COACHLOG_NOW", "2026-11-27T10:00:00+00:00")
    write(config_file, 'time_zone = "Asia/Tokyo"\n')
    ok("client", "add", "Jane Doe")
    ok("session", "add", "jane", "--on", "2026-11-20 15:00", "--notes", "Talked")
    listed = ok("session", "list", "jane", "--json").out
    assert "2026-11-20T06:00:00" in listed  # 15:00 in Tokyo is 06:00 UTC


def test_every_key_is_in_the_readme():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    missing = [key for key in config.KEYS if f"`{key}`" not in readme]
    assert missing == []
