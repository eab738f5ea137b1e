"""The command line is a contract: every command has a help text and a README entry."""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from main import build_parser

ROOT = Path(__file__).resolve().parents[1]


def subcommands() -> argparse._SubParsersAction:
    [sub] = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return sub


def commands() -> dict[str, argparse.ArgumentParser]:
    return dict(subcommands().choices)


def test_there_are_commands():
    assert {"demo", "badge", "print"} <= set(commands())


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_command_has_help_and_a_readme_entry(name):
    parser = commands()[name]
    summaries = {action.dest: action.help for action in subcommands()._choices_actions}
    assert (summaries.get(name) or "").strip(), f"{name} has no one-line help in `kiosk --help`"
    assert (parser.description or "").strip(), f"{name} has no description in `kiosk {name} --help`"
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"### `kiosk {name}" in readme, f"README has no entry for {name}"


def test_global_options_are_documented():
    readme = (ROOT / "README.md").read_text("utf-8")
    for option in ("--data-dir", "--lang", "--windowed", "--screenshot-tour"):
        assert option in readme


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", "--data-dir", str(data_dir), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_demo_loads_hosts_and_visits(tmp_path):
    result = run("demo", "--visits", "25", "--days", "3", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Loaded 12 hosts and 25 visits into {tmp_path}."
    again = run("--lang", "nb", "demo", data_dir=tmp_path)
    assert again.stdout.strip() == f"Lastet inn 0 verter og 0 besøk i {tmp_path}."


@pytest.mark.parametrize("args", [["demo", "--visits", "-3"], ["demo", "--days", "many"],
                                  ["no-such-command"]])
def test_bad_arguments_exit_2_with_a_message(tmp_path, args):
    result = run(*args, data_dir=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip()
    assert not (tmp_path / "kiosk.sqlite3").exists(), "bad input must change nothing"
