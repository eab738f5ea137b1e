"""A visitor signs in on the screen and the badge comes out of a real CUPS printer,
or, when no printer can print, the visitor is sent to reception and nothing is lost."""
from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk import printlog
from kiosk.config import Printing
from kiosk.i18n import Translator
from printing.service import ASK_RECEPTION
from tests.cups_fixtures import CupsPdf
from tests.ui_helpers import WAIT_MS, fill_guest, open_details, tap
from ui.screens.done import PRINTED


@pytest.fixture
def printing_window(make_window, service, cups: CupsPdf, request):
    """A kiosk whose badge printer is one of the test printers, named by the parameter."""
    service.config = replace(service.config, printing=Printing(printer=getattr(cups, request.param)))
    return make_window()


def sign_in(qtbot, window, given: str, family: str, language: str) -> str:  # noqa: ANN001
    open_details(qtbot, window, language)
    fill_guest(qtbot, window, given, family)
    tap(qtbot, window.details.next_button)
    qtbot.waitUntil(lambda: window.current() is window.consent, timeout=WAIT_MS)
    tap(qtbot, window.consent.next_button)
    tap(qtbot, window.confirm.confirm_button)
    qtbot.waitUntil(lambda: window.current() is window.done, timeout=WAIT_MS)
    return window.service.db.execute("SELECT badge_token FROM visits").fetchone()[0]


@pytest.mark.parametrize("printing_window", ["ok"], indirect=True)
def test_badge_prints_after_sign_in(qtbot, printing_window, service, cups: CupsPdf, tmp_path: Path):
    window = printing_window
    since = time.time()
    token = sign_in(qtbot, window, "Jonas", "Berg", "en")
    qtbot.waitUntil(lambda: window.done.status.text() == Translator("en")(PRINTED.text), timeout=30_000)
    assert not window.done.preview.pixmap().isNull(), "the preview shows the printed badge"
    printed = cups.badge(token, since)
    try:
        assert token not in printed.name, "the job title names no badge"
        text = PdfReader(printed).pages[0].extract_text()
        assert "Jonas" in text and "Berg" in text and "Fjord Bygg AS" in text
    finally:
        printed.unlink()
    assert [e.result for e in printlog.print_log(service.db, token)] == ["printed"]


@pytest.mark.parametrize("printing_window", ["stopped"], indirect=True)
def test_stopped_printer_sends_the_visitor_to_reception(qtbot, printing_window, service):
    window = printing_window
    token = sign_in(qtbot, window, "Pia", "Holm", "nb")
    expected = Translator("nb")(ASK_RECEPTION)
    qtbot.waitUntil(lambda: window.done.status.text() == expected, timeout=30_000)
    assert window.done.title.text() == Translator("nb")("Welcome, {name}!", name="Pia")
    assert service.db.execute("SELECT count(*) FROM visits WHERE badge_token = ?", [token]).fetchone() == (1,)
    assert [badge.badge_token for badge in printlog.queued(service.db)] == [token]
