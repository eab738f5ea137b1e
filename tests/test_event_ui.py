"""The event screens through the real widgets: PIN, scans by keyboard and camera, search,
walk-ins, self-service name correction, and the supervisor's undo."""
from __future__ import annotations

import io
import time

import pytest
import qrcode
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication

from kiosk import printlog
from kiosk.access import Role, access_for
from kiosk.db import open_database
from tests.cups_fixtures import CupsPdf
from tests.event_fixtures import event  # noqa: F401 - fixture
from tests.ui_helpers import WAIT_MS, enter_text, tap

STEWARD_PIN, SUPERVISOR_PIN = "246813", "975312"


def printed_text(cups: CupsPdf, code: str, since: float) -> str:
    """The text of the badge cups-pdf printed with this ticket's QR code (the file is removed)."""
    badge = cups.badge(code, since)
    try:
        return PdfReader(badge).pages[0].extract_text()
    finally:
        badge.unlink()


def printed(service, code: str) -> list[tuple[str, bool]]:  # noqa: ANN001
    """What the print log says came out of a printer for this ticket: (result, reprint).
    Read on a connection of its own: the kiosk's belongs to its database lane, which may be
    in the middle of a transaction while the test polls."""
    db = open_database(service.database_path, migrate=False)
    try:
        return [(r.result, r.reprint) for r in printlog.print_log(db, code)]
    finally:
        db.close()


@pytest.fixture
def door(qtbot, window, service, event):  # noqa: F811 - the event fixture
    """The event screen of a kiosk whose badges go to the test cups-pdf printer."""
    access = access_for(service)
    access.set_pin(Role.STEWARD, STEWARD_PIN)
    access.set_pin(Role.SUPERVISOR, SUPERVISOR_PIN)
    screen = window.event_screen
    tap(qtbot, window.header.language_buttons["en"])
    tap(qtbot, window.welcome.event_button)
    qtbot.waitUntil(lambda: screen.door is not None and screen.pin_page.pin.isVisible(), timeout=WAIT_MS)
    return screen


def open_with(qtbot, screen, pin: str) -> None:  # noqa: ANN001
    screen.pin_page.pin.setText(pin)
    tap(qtbot, screen.pin_page.open_button)


def open_staff(qtbot, screen, pin: str = STEWARD_PIN) -> None:  # noqa: ANN001
    open_with(qtbot, screen, pin)
    qtbot.waitUntil(lambda: screen.page() is screen.door_page, timeout=WAIT_MS)


def scan_keys(qtbot, widget, code: str, enter: bool = True) -> None:  # noqa: ANN001
    """A USB scanner types into whatever has focus (the window when nothing has)."""
    target = QApplication.focusWidget() or widget.window()
    qtbot.keyClicks(target, code)
    if enter:
        qtbot.keyClick(target, Qt.Key.Key_Return)


def rows(service, sql: str) -> list:  # noqa: ANN001
    return list(service.db.query(sql))


def test_wrong_pin_then_the_right_one(qtbot, door, service):
    open_with(qtbot, door, "111111")
    qtbot.waitUntil(lambda: door.pin_page.message.text() != "", timeout=WAIT_MS)
    assert door.pin_page.message.text() == "Wrong PIN."
    assert door.page() is door.pin_page
    open_staff(qtbot, door)
    assert door.door_page.heading.text() == "Fagdag"
    assert not door.door_page.buttons["undo"].isVisible()  # a steward cannot undo
    actions = [r["action"] for r in rows(service, "SELECT action FROM audit_log ORDER BY id")]
    assert actions[-2:] == ["access.denied", "access.granted"]


def test_scan_by_keystrokes_shows_the_result_the_count_and_prints(qtbot, door, service, cups):
    open_staff(qtbot, door)
    since = time.time()
    door.door_page.search.setFocus()
    scan_keys(qtbot, door.door_page.search, "CODE-KARI")
    panel = door.door_page.result
    qtbot.waitUntil(lambda: panel.look == "ok", timeout=WAIT_MS)
    assert panel.title.text() == "Checked in: Kari" and panel.icon.text() == "✔"
    assert panel.detail.text() == "Kari Nordmann · VIP"
    assert door.door_page.search.text() == "", "a scan never lands as text in a field"
    qtbot.waitUntil(lambda: door.door_page.count.text().startswith("Inside 1 of 3"), timeout=WAIT_MS)
    text = printed_text(cups, "CODE-KARI", since)
    assert "Kari" in text and "Nordmann" in text and "Fagdag" in text
    # The print lane logs the badge once CUPS calls the job done, a moment after the file.
    qtbot.waitUntil(lambda: printed(service, "CODE-KARI") == [("printed", False)],
                    timeout=WAIT_MS)


def test_a_scanner_that_sends_no_enter_and_every_code_twice(qtbot, door, service):
    open_staff(qtbot, door)
    scan_keys(qtbot, door.door_page, "CODE-BJORN", enter=False)
    qtbot.waitUntil(lambda: door.door_page.result.look == "ok", timeout=WAIT_MS)
    scan_keys(qtbot, door.door_page, "CODE-BJORN", enter=False)  # the repeat
    qtbot.wait(400)  # the repeat, had it counted, would have answered within this time
    assert door.door_page.result.look == "ok"
    assert [r["result"] for r in rows(service, "SELECT result FROM checkins")] == ["ok"]


def test_second_scan_is_amber_with_when_and_door_and_unknown_is_red(qtbot, door, service, clock):
    open_staff(qtbot, door)
    scan_keys(qtbot, door.door_page, "CODE-KARI")
    panel = door.door_page.result
    qtbot.waitUntil(lambda: panel.look == "ok", timeout=WAIT_MS)
    door.scanner._last_code = ""  # a new scan, long after the first
    scan_keys(qtbot, door.door_page, "CODE-KARI")
    qtbot.waitUntil(lambda: panel.look == "warn", timeout=WAIT_MS)
    assert panel.title.text() == "Already checked in" and panel.icon.text() == "⚠"
    assert panel.detail.text() == "Already checked in at 09:30 at door main."
    scan_keys(qtbot, door.door_page, "NO-SUCH-CODE")
    qtbot.waitUntil(lambda: panel.look == "bad", timeout=WAIT_MS)
    assert (panel.title.text(), panel.icon.text()) == ("Unknown ticket", "✖")


def badge_frame(code: str) -> QImage:
    """A frame as a camera sees a badge: a white card with text and the ticket's QR."""
    qr = qrcode.make(code, box_size=6, border=4)
    data = io.BytesIO()
    qr.save(data, format="PNG")
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.lightGray)
    painter = QPainter(image)
    painter.fillRect(80, 40, 480, 400, Qt.GlobalColor.white)
    painter.drawText(100, 80, "Bjørn Dæhlie · Nordlys Data")
    painter.drawImage(200, 120, QImage.fromData(data.getvalue()))
    painter.end()
    return image


def test_a_camera_frame_checks_in(qtbot, door):
    open_staff(qtbot, door)
    door.camera.feed(badge_frame("CODE-BJORN"))
    qtbot.waitUntil(lambda: door.door_page.result.look == "ok", timeout=WAIT_MS)
    assert door.door_page.result.title.text() == "Checked in: Bjørn"


def test_search_and_check_in_by_name(qtbot, door):
    open_staff(qtbot, door)
    enter_text(qtbot, door.door_page.search, "daeh")
    page = door.door_page
    qtbot.waitUntil(lambda: page.results.count() == 1, timeout=WAIT_MS)
    choice = page.results.itemAt(0).widget()
    assert choice.text() == "Bjørn Dæhlie · Nordlys Data · Standard"
    qtbot.waitUntil(choice.isVisible, timeout=WAIT_MS)
    tap(qtbot, choice)
    qtbot.waitUntil(lambda: page.result.look == "ok", timeout=WAIT_MS)
    assert page.result.title.text() == "Checked in: Bjørn"


def test_self_service_name_correction_then_a_staff_pin_leaves(qtbot, door, service, cups):
    open_staff(qtbot, door)
    tap(qtbot, door.door_page.buttons["self_service"])
    page = door.self_page
    enter_text(qtbot, page.search, "kari")
    qtbot.waitUntil(lambda: page.results.count() == 1, timeout=WAIT_MS)
    choice = page.results.itemAt(0).widget()
    qtbot.waitUntil(choice.isVisible, timeout=WAIT_MS)
    tap(qtbot, choice)
    qtbot.waitUntil(lambda: page.preview_name.text() == "Kari", timeout=WAIT_MS)
    page.given.setText("Kari-Anne")
    tap(qtbot, page.save_button)
    qtbot.waitUntil(lambda: page.preview_name.text() == "Kari-Anne", timeout=WAIT_MS)
    assert page.message.text() == "Your name is corrected."
    assert rows(service, "SELECT action FROM audit_log ORDER BY id")[-1]["action"] == "attendee.name_corrected"
    since = time.time()
    tap(qtbot, page.print_button)
    qtbot.waitUntil(lambda: printed(service, "CODE-KARI") != [], timeout=30_000)
    assert printed(service, "CODE-KARI") == [("printed", False)]
    assert "Kari-Anne" in printed_text(cups, "CODE-KARI", since)
    tap(qtbot, page.staff_button)
    assert door.page() is door.pin_page
    open_staff(qtbot, door)


def test_supervisor_undoes_a_check_in_and_reprints_with_a_warning(qtbot, door, service, cups):
    open_staff(qtbot, door, SUPERVISOR_PIN)
    page = door.door_page
    since = time.time()
    scan_keys(qtbot, page, "CODE-WANG")
    qtbot.waitUntil(lambda: page.result.look == "ok", timeout=WAIT_MS)
    assert "Fagdag" in printed_text(cups, "CODE-WANG", since)  # found by its QR code
    qtbot.waitUntil(lambda: printed(service, "CODE-WANG") == [("printed", False)], timeout=WAIT_MS)
    since = time.time()
    tap(qtbot, page.buttons["reprint"])
    qtbot.waitUntil(lambda: "already printed" in page.warning.text(), timeout=WAIT_MS)
    assert "Fagdag" in printed_text(cups, "CODE-WANG", since)
    qtbot.waitUntil(lambda: printed(service, "CODE-WANG") == [("printed", False), ("printed", True)],
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.count.text().startswith("Inside 1 of 3"), timeout=WAIT_MS)
    tap(qtbot, page.buttons["undo"])
    qtbot.waitUntil(lambda: page.result.title.text() == "Check-in undone.", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.count.text().startswith("Inside 0 of 3"), timeout=WAIT_MS)
    assert rows(service, "SELECT actor, action FROM audit_log ORDER BY id")[-1] == {
        "actor": "staff:supervisor", "action": "checkin.undone"}
