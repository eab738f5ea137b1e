"""Printing on a lane of its own: its own connection per thread, and an issuer that never
raises, so whatever goes wrong, the badge waits for reception and the visitor is told so."""
from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from kiosk import printlog
from kiosk.config import Printing
from kiosk.i18n import Translator
from kiosk.service import KioskService
from printing import service as printing_service
from printing.cups import Cups, JobResult
from printing.service import ASK_RECEPTION, BadgePrinting
from tests.cups_fixtures import CupsPdf
from tests.fixtures.visitors import registration

NB = Translator("nb")


def badges(service: KioskService, printer: str, cups: Cups | None = None) -> BadgePrinting:
    config = replace(service.config, printing=Printing(printer=printer))
    return BadgePrinting.for_service(replace(service, config=config), cups)


class BrokenCups(Cups):
    """A print system that fails in a way nobody foresaw (a bug, a changed tool output)."""

    def print_pdf(self, printer: str, pdf: bytes, title: str,
                  options: tuple[tuple[str, str], ...] = ()) -> JobResult:
        raise RuntimeError("lpstat printed something new")


def test_a_print_system_that_raises_queues_the_badge(service: KioskService) -> None:
    visit = service.register_visit(registration(service))
    outcome = badges(service, "AnyPrinter", BrokenCups()).issue(visit, NB)
    assert not outcome.printed and outcome.message.text == ASK_RECEPTION
    assert outcome.pdf.startswith(b"%PDF-"), "the preview still shows the badge"
    assert "lpstat printed something new" in (outcome.reason or "")
    [waiting] = printlog.queued(service.db)
    assert waiting.badge_token == visit.badge_token
    assert "lpstat printed something new" in waiting.reason


def test_a_badge_that_cannot_be_rendered_is_queued(service: KioskService, cups: CupsPdf,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> bytes:
        raise ValueError("a glyph table is damaged")

    monkeypatch.setattr(printing_service, "render_pdf", broken)
    visit = service.register_visit(registration(service))
    outcome = badges(service, cups.ok).issue(visit, NB)
    assert not outcome.printed and outcome.message.text == ASK_RECEPTION
    assert outcome.pdf == b"", "nothing was drawn, so there is nothing to preview"
    assert "could not be rendered" in (outcome.reason or "")
    [waiting] = printlog.queued(service.db)
    assert (waiting.badge_token, waiting.badge_format) == (visit.badge_token, "brother-dk11202")
    [entry] = printlog.print_log(service.db, visit.badge_token)
    assert (entry.printer, entry.result) == (None, "failed")


def test_each_thread_prints_with_a_connection_of_its_own(service: KioskService,
                                                         cups: CupsPdf) -> None:
    visit = service.register_visit(registration(service))
    printing = badges(service, cups.stopped)
    seen = {}

    def lane() -> None:
        seen["outcome"] = printing.issue(visit, NB)
        seen["db"] = printing.db
        printing.close()

    worker = threading.Thread(target=lane)
    worker.start()
    worker.join(timeout=60)
    assert seen["db"] is not service.db and seen["db"] is not printing.db
    assert not seen["outcome"].printed
    assert [q.badge_token for q in printlog.queued(service.db)] == [visit.badge_token]


def test_the_print_log_waits_for_a_write_in_progress_instead_of_failing(
        service: KioskService, cups: CupsPdf) -> None:
    # The kiosk's own connection is in the middle of a write (a sign-in) when the print
    # lane logs a badge: BEGIN IMMEDIATE waits for the lock and then writes.
    visit = service.register_visit(registration(service))
    printing = badges(service, cups.rejecting)
    service.db.execute("BEGIN IMMEDIATE")
    service.db.execute("UPDATE visits SET badge_number = badge_number")
    worker = threading.Thread(target=lambda: printing.issue(visit, NB))
    worker.start()
    worker.join(timeout=0.5)
    service.db.conn.commit()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert [q.badge_token for q in printlog.queued(service.db)] == [visit.badge_token]
