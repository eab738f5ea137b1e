"""The `badge` command: a PDF on 0, a clear message and 2 on bad input."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from main import build_parser, main


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_badge_is_written(capsys, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "badge.pdf"
    status, said, _ = run(capsys, data_dir, "badge", "--name", "Åse Nygård", "--company",
                          "Fjord Bygg AS", "--kind", "attendee", "--format", "a6",
                          "--event", "Nordic Summit", "--out", str(out))
    assert status == 0 and str(out) in said
    page = PdfReader(io.BytesIO(out.read_bytes())).pages[0]
    text = page.extract_text()
    assert "Åse" in text and "Nordic Summit" in text and "Attendee" in text
    assert round(float(page.mediabox.width) / 72 * 25.4) == 105
    assert not data_dir.exists(), "rendering a badge creates no data folder"


def test_the_sites_format_is_the_default(capsys, data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "badge.pdf"
    assert run(capsys, data_dir, "badge", "--name", "Ola", "--out", str(out))[0] == 0
    page = PdfReader(out).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 100


@pytest.mark.parametrize("args, message", [
    (["--name", "Ola", "--format", "letter"], "Unknown badge format letter"),
    (["--name", "   "], "must not be empty"),
    (["--name", "Ola", "--out", "/nonexistent-folder/badge.pdf"],
     "/nonexistent-folder/badge.pdf cannot be written: its folder does not exist."),
])
def test_bad_input_exits_2_with_a_message(capsys, data_dir: Path, tmp_path: Path,
                                          args: list[str], message: str) -> None:
    if "--out" not in args:
        args = [*args, "--out", str(tmp_path / "badge.pdf")]
    status, _, err = run(capsys, data_dir, "badge", *args)
    assert status == 2 and message in err
    assert not (tmp_path / "badge.pdf").exists()


def test_an_unknown_kind_is_refused_by_the_parser(capsys, data_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["badge", "--name", "Ola", "--kind", "vip", "--out", str(tmp_path / "b.pdf")])
    assert exited.value.code == 2


@pytest.mark.parametrize("command", ["badge", "print"])
def test_every_printing_command_has_help(command: str) -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    helps = {c.dest: c.help for c in sub._choices_actions}
    assert helps[command]
    for action in sub.choices[command]._actions:
        assert action.help, (command, action.dest)
