"""The `print` command: 0 when the printer finished the job, non-zero with the printer's reason."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from main import main
from printing.service import TEST_TOKEN
from tests.cups_fixtures import CupsPdf, codes_in


@pytest.fixture
def badge_pdf(tmp_path: Path, data_dir: Path) -> Path:
    out = tmp_path / "cli-badge-print.pdf"
    assert main(["--data-dir", str(data_dir), "badge", "--name", "Kari Nordmann",
                 "--token", "VCLIPRINT", "--out", str(out)]) == 0
    return out


def test_a_pdf_is_printed_and_followed_to_the_end(capsys, cups: CupsPdf, badge_pdf: Path,
                                                  data_dir: Path) -> None:
    status = main(["--data-dir", str(data_dir), "print", str(badge_pdf), "--printer", cups.ok])
    out, _ = capsys.readouterr()
    assert status == 0 and cups.ok in out
    printed = cups.output("cli-badge-print")
    assert "Kari" in PdfReader(printed).pages[0].extract_text()
    printed.unlink()


@pytest.mark.parametrize("which, reason", [("stopped", "Out of labels"),
                                           ("rejecting", "not accepting jobs")])
def test_a_printer_that_cannot_print_gives_its_reason(capsys, cups: CupsPdf, badge_pdf: Path,
                                                      data_dir: Path, which: str,
                                                      reason: str) -> None:
    status = main(["--data-dir", str(data_dir), "print", str(badge_pdf),
                   "--printer", getattr(cups, which)])
    _, err = capsys.readouterr()
    assert status == 1 and reason in err


def test_the_test_page_is_printed(capsys, cups: CupsPdf, data_dir: Path) -> None:
    since = time.time()
    status = main(["--data-dir", str(data_dir), "print", "--test-page", "--printer", cups.ok])
    assert status == 0, capsys.readouterr()
    [printed] = [path for path in cups.output_dir.glob("kiosk-test-page-*.pdf")
                 if path.stat().st_mtime >= since - 1 and codes_in(path) == [TEST_TOKEN]][:1]
    printed.unlink()


@pytest.mark.parametrize("args, message", [
    ([], "Name one PDF file"),
    (["/nonexistent/badge.pdf"], "Cannot read"),
    ([__file__], "is not a PDF file"),
])
def test_bad_input_exits_2(capsys, data_dir: Path, args: list[str], message: str) -> None:
    status = main(["--data-dir", str(data_dir), "print", *args])
    assert status == 2 and message in capsys.readouterr().err
