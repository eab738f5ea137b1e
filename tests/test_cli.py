"""The command line is a contract: every command has a help text and a README entry."""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.arguments import translate_refusal
from kiosk.i18n import Translator
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


@pytest.mark.parametrize("args, says", [
    (["sync", "--bogus"], "kiosk: feil: ukjente argumenter: --bogus"),
    (["server", "enroll"], "kiosk server enroll: feil: disse argumentene mangler: --site"),
    (["demo", "--days", "many"], "argument --days: 'many' er ikke et heltall"),
    (["server", "--port", "70000"], "argument --port: '70000' må være mellom 0 og 65535"),
    (["enroll", "--server", "https://x.example", "--code", "C", "--interval", "soon"],
     "argument --interval: 'soon' er ikke et antall sekunder"),
    (["export", "visits", "--from", "1066-10-14", "--to", "2026-01-01"],
     "'1066-10-14' er utenfor årene 1900 til 2999"),
    (["no-such-command"], "argument COMMAND: ugyldig valg: 'no-such-command' (velg blant 'demo'"),
])
def test_the_command_lines_own_refusals_are_in_the_admins_language(tmp_path, args, says):
    result = run("--lang", "nb", *args, data_dir=tmp_path)
    assert result.returncode == 2
    assert says in result.stderr and "error" not in result.stderr
    assert not (tmp_path / "kiosk.sqlite3").exists(), "bad input must change nothing"


def test_a_refusal_of_a_form_the_kiosk_does_not_know_is_shown_as_written():
    assert translate_refusal("argument --x: something new", Translator("nb")) == \
        "argument --x: something new"


@pytest.mark.parametrize("args", [["demo", "--visits", "-3"], ["demo", "--days", "many"],
                                  ["no-such-command"]])
def test_bad_arguments_exit_2_with_a_message(tmp_path, args):
    result = run(*args, data_dir=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip()
    assert not (tmp_path / "kiosk.sqlite3").exists(), "bad input must change nothing"
