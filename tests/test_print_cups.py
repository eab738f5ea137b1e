"""Printing through a real CUPS: the badge comes out, a printer fault never costs the visit,
the badge waits for reception, and nothing of it stays on the kiosk's disk."""
from __future__ import annotations

import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from kiosk import printlog
from kiosk.config import Printing
from kiosk.db import database_file
from kiosk.i18n import Translator
from kiosk.service import KioskService
from kiosk.visits import Visit
from printing.cups import Cups
from printing.service import ASK_RECEPTION, NO_PRINTER, BadgePrinting
from tests.cups_fixtures import CupsPdf
from tests.fixtures.visitors import registration

NB = Translator("nb")


def printing(service: KioskService, printer: str = "", fallback: str = "",
             cups: Cups | None = None) -> BadgePrinting:
    config = replace(service.config, printing=Printing(printer=printer, fallback_printer=fallback))
    return BadgePrinting(database_file(service.db), config, service.clock,
                         cups or Cups(job_timeout_s=20))


def sign_in(service: KioskService, name: str = "Åse Nygård") -> Visit:
    return service.register_visit(registration(service, given_name=name, company="Fjord Bygg AS"))


def scanned(pdf_path: Path, folder: Path) -> list[str]:
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", str(pdf_path), str(folder / "p")],
                   check=True, capture_output=True)
    return [code.text for image in sorted(folder.glob("p*.png"))
            for code in zxingcpp.read_barcodes(Image.open(image).convert("L"))]


def jobs_waiting(printer: str) -> str:
    return subprocess.run(["lpstat", "-o", printer], capture_output=True, text=True).stdout


def test_a_visitor_badge_comes_out_of_the_printer(service: KioskService, cups: CupsPdf,
                                                  tmp_path: Path) -> None:
    # cups-pdf passes the job through PostScript, which keeps the letters' shapes but not
    # the text layer of letters beyond ASCII; the badge's own PDF is read in test_badge_*.
    visit = sign_in(service, "Kari Nordmann")
    outcome = printing(service, cups.ok).issue(visit, NB)
    assert outcome.printed and outcome.printer == cups.ok and outcome.message is None
    assert visit.badge_token not in (outcome.job_title or ""), "CUPS's job list shows titles"
    printed = cups.output(outcome.job_title)
    assert visit.badge_token not in printed.name
    try:
        text = PdfReader(printed).pages[0].extract_text()
        assert "Kari" in text and "Nordmann" in text and "Ingrid Bakken" in text
        assert scanned(printed, tmp_path) == [visit.badge_token]
    finally:
        printed.unlink()
    [entry] = printlog.print_log(service.db, visit.badge_token)
    assert (entry.printer, entry.result, entry.reprint) == (cups.ok, "printed", False)
    assert entry.occurred_at == service.clock.now()
    assert printlog.queued(service.db) == []


def test_the_preview_is_the_pdf_that_was_printed(service: KioskService, cups: CupsPdf) -> None:
    visit = sign_in(service)
    badges = printing(service, cups.ok)
    outcome = badges.issue(visit, NB)
    cups.output(outcome.job_title).unlink()
    assert outcome.pdf == badges.render(visit, NB)


def test_a_stopped_printer_falls_back_to_the_other(service: KioskService, cups: CupsPdf) -> None:
    visit = sign_in(service)
    outcome = printing(service, cups.stopped, cups.ok).issue(visit, NB)
    assert outcome.printed and outcome.printer == cups.ok
    cups.output(outcome.job_title).unlink()
    log = printlog.print_log(service.db, visit.badge_token)
    assert [(e.printer, e.result) for e in log] == [(cups.stopped, "failed"), (cups.ok, "printed")]
    assert "Out of labels" in (log[0].reason or "")
    assert visit.badge_token not in jobs_waiting(cups.stopped), "the stuck job is cancelled"


def test_when_no_printer_prints_the_visit_is_kept_and_the_badge_waits(
        service: KioskService, cups: CupsPdf) -> None:
    visit = sign_in(service)
    outcome = printing(service, cups.stopped, cups.rejecting).issue(visit, NB)
    assert not outcome.printed and outcome.printer is None
    assert outcome.message is not None and outcome.message.text == ASK_RECEPTION
    assert NB.message(outcome.message)
    assert outcome.pdf.startswith(b"%PDF-")
    assert service.visit_by_token(visit.badge_token).id == visit.id
    [waiting] = printing(service).queued()
    assert waiting.badge_token == visit.badge_token
    assert waiting.badge_format == "brother-dk11202"
    assert "not accepting" in waiting.reason
    reasons = [e.reason or "" for e in printlog.print_log(service.db, visit.badge_token)]
    assert "Out of labels" in reasons[0] and "not accepting" in reasons[1]


def test_a_printer_that_never_answers_times_out_and_its_job_is_cancelled(
        service: KioskService, cups: CupsPdf) -> None:
    visit = sign_in(service)
    outcome = printing(service, cups.unreachable, cups=Cups(job_timeout_s=2)).issue(visit, NB)
    assert not outcome.printed
    assert "not printed within 2 s" in (outcome.reason or "")
    assert [q.badge_token for q in printlog.queued(service.db)] == [visit.badge_token]
    assert jobs_waiting(cups.unreachable).strip() == ""


def test_a_job_left_queued_on_an_idle_printer_is_cancelled_and_the_badge_waits(
        service: KioskService, cups: CupsPdf) -> None:
    visit = sign_in(service)
    outcome = printing(service, cups.held, cups=Cups(job_timeout_s=2)).issue(visit, NB)
    assert not outcome.printed and outcome.message.text == ASK_RECEPTION
    assert "not printed within 2 s" in (outcome.reason or "")
    assert Cups().printer_state(cups.held)["printer-state"] == "idle"
    assert jobs_waiting(cups.held).strip() == "", "the queued job is cancelled"
    assert [q.badge_token for q in printlog.queued(service.db)] == [visit.badge_token]


def test_the_print_server_keeps_no_job_once_the_badge_is_out(service: KioskService,
                                                             cups: CupsPdf) -> None:
    visit = sign_in(service)
    outcome = printing(service, cups.ok).issue(visit, NB)
    assert outcome.printed
    cups.output(outcome.job_title).unlink()
    history = subprocess.run(["lpstat", "-W", "completed", "-o", cups.ok], capture_output=True,
                             text=True).stdout
    assert history.strip() == "", "PreserveJobHistory No: CUPS forgets a job when it ends"


def test_a_print_server_that_does_not_answer_queues_the_badge(
        service: KioskService, cups: CupsPdf, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUPS_SERVER", "127.0.0.1:9")  # nothing listens on the discard port
    visit = sign_in(service)
    outcome = printing(service, cups.ok).issue(visit, NB)
    assert not outcome.printed and outcome.message.text == ASK_RECEPTION
    assert "did not answer" in (outcome.reason or "")
    assert [q.badge_token for q in printlog.queued(service.db)] == [visit.badge_token]


def test_a_reprint_is_marked_audited_and_leaves_the_queue(service: KioskService,
                                                          cups: CupsPdf) -> None:
    visit = sign_in(service)
    printing(service, cups.rejecting).issue(visit, NB)
    service.clock.advance(minutes=5)
    outcome = printing(service, cups.ok).reprint(visit.badge_token.lower(), Translator("en"),
                                                 actor="admin")
    assert outcome.printed and outcome.reprint
    cups.output(outcome.job_title).unlink()
    log = printlog.print_log(service.db, visit.badge_token)
    assert [(e.result, e.reprint) for e in log] == [("failed", False), ("printed", True)]
    assert printlog.queued(service.db) == []
    audit = service.db.execute(
        "SELECT actor, action, record_refs FROM audit_log WHERE action LIKE 'badge.%'").fetchall()
    assert audit == [("admin", "badge.reprinted", f'["visit:{visit.id}"]')]


def test_printing_a_badge_twice_marks_the_second_as_a_reprint(service: KioskService,
                                                              cups: CupsPdf) -> None:
    visit = sign_in(service)
    badges = printing(service, cups.ok)
    first = badges.issue(visit, NB)
    cups.output(first.job_title).unlink()
    second = badges.issue(visit, NB)
    assert second.reprint and second.job_title != first.job_title
    cups.output(second.job_title).unlink()
    assert [e.reprint for e in printlog.print_log(service.db, visit.badge_token)] == [False, True]


def test_without_a_configured_printer_the_cups_default_prints(
        service: KioskService, cups: CupsPdf, monkeypatch: pytest.MonkeyPatch) -> None:
    # CUPS's default for this user, as lpoptions or LPDEST set it; the machine's own default
    # printer is never changed or printed to by a test.
    monkeypatch.setenv("LPDEST", cups.ok)
    visit = sign_in(service)
    outcome = printing(service).issue(visit, NB)
    assert outcome.printed and outcome.printer == cups.ok
    cups.output(outcome.job_title).unlink()


class NoDefault(Cups):
    """A print system with printers but none chosen as the default."""

    def default_destination(self) -> str | None:
        return None


def test_without_any_printer_the_badge_waits(service: KioskService) -> None:
    visit = sign_in(service)
    outcome = printing(service, cups=NoDefault()).issue(visit, NB)
    assert not outcome.printed and outcome.message.text == ASK_RECEPTION
    [entry] = printlog.print_log(service.db, visit.badge_token)
    assert (entry.printer, entry.result, entry.reason) == (None, "failed", NO_PRINTER)
    assert [q.badge_token for q in printlog.queued(service.db)] == [visit.badge_token]


def _pdf_files(folder: Path, recursive: bool) -> set[Path]:
    found = set()
    for path in (folder.rglob("*") if recursive else folder.iterdir()):
        try:
            if path.is_file() and path.read_bytes()[:5] == b"%PDF-":
                found.add(path)
        except OSError:
            continue
    return found


def test_no_badge_stays_on_the_kiosks_disk(service: KioskService, cups: CupsPdf,
                                           data_dir: Path) -> None:
    temp = Path(tempfile.gettempdir())
    before = _pdf_files(temp, recursive=False)
    visit = sign_in(service, "Zyxwvu Qwertyson")
    badges = printing(service, cups.ok)
    outcome = badges.issue(visit, NB)
    assert outcome.printed
    printing(service, cups.rejecting).issue(visit, NB)
    cups.output(outcome.job_title).unlink()
    assert _pdf_files(data_dir, recursive=True) == set()
    assert _pdf_files(temp, recursive=False) == before
    for path in data_dir.rglob("*"):
        if path.is_file() and not path.name.startswith("kiosk.sqlite3"):
            assert b"Qwertyson" not in path.read_bytes(), path


def test_a_test_page_prints(service: KioskService, cups: CupsPdf, tmp_path: Path) -> None:
    outcome = printing(service, cups.ok).test_page()
    assert outcome.printed and outcome.printer == cups.ok
    printed = cups.output(outcome.job_title)
    assert service.config.company_name in PdfReader(printed).pages[0].extract_text()
    assert scanned(printed, tmp_path) == ["VTESTPAGE"]
    printed.unlink()
    failed = printing(service, cups.stopped).test_page()
    assert not failed.printed and "Out of labels" in (failed.reason or "")


@pytest.mark.parametrize("which", ["ok", "stopped", "rejecting"])
def test_the_printers_state_is_read_from_cups(cups: CupsPdf, which: str) -> None:
    state = Cups().printer_state(getattr(cups, which))
    assert state["printer-state"] == ("stopped" if which == "stopped" else "idle")
    assert state["printer-is-accepting-jobs"] == ("false" if which == "rejecting" else "true")
